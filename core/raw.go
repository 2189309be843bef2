package core

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// Raw is a socket address in kernel form with its length. Its layout matches
// C's `struct { struct sockaddr_storage ss; socklen_t len; }`, so the binding
// can hand Go a Raw that lives in C memory.
type Raw struct {
	Any unix.RawSockaddrAny
	_   [128 - unix.SizeofSockaddrAny]byte
	Len uint32
}

// Family returns the address family stored in r.
func (r *Raw) Family() int { return int(r.Any.Addr.Family) }

// ptr returns r's storage as the pointer the kernel takes.
func (r *Raw) ptr() unsafe.Pointer { return unsafe.Pointer(&r.Any) }

// lenPtr returns a pointer to r's length, for calls that write it back.
func (r *Raw) lenPtr() unsafe.Pointer { return unsafe.Pointer(&r.Len) }

// reset prepares r to receive an address from the kernel.
func (r *Raw) reset() {
	r.Any.Addr.Family = unix.AF_UNSPEC
	r.Len = 128
}

// bytes returns r's storage as a byte slice over the same memory.
func (r *Raw) bytes() *[128]byte { return (*[128]byte)(unsafe.Pointer(&r.Any)) }
