package core

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// Inet6 is an AF_INET6 address: Python's (host, port, flowinfo, scope_id).
type Inet6 struct {
	Addr     [16]byte
	Port     uint16
	Flowinfo uint32
	ScopeID  uint32
}

// Put encodes a into r. Flowinfo is stored in network byte order, as
// CPython's getsockaddrarg does with htonl.
func (a *Inet6) Put(r *Raw) {
	sa := (*unix.RawSockaddrInet6)(r.ptr())
	*sa = unix.RawSockaddrInet6{Family: unix.AF_INET6, Addr: a.Addr, Scope_id: a.ScopeID}
	p := (*[2]byte)(unsafe.Pointer(&sa.Port))
	p[0], p[1] = byte(a.Port>>8), byte(a.Port)
	f := (*[4]byte)(unsafe.Pointer(&sa.Flowinfo))
	f[0], f[1], f[2], f[3] = byte(a.Flowinfo>>24), byte(a.Flowinfo>>16), byte(a.Flowinfo>>8), byte(a.Flowinfo)
	r.Len = unix.SizeofSockaddrInet6
}

// Get decodes r, which must hold an AF_INET6 address, into a.
func (a *Inet6) Get(r *Raw) {
	sa := (*unix.RawSockaddrInet6)(r.ptr())
	p := (*[2]byte)(unsafe.Pointer(&sa.Port))
	f := (*[4]byte)(unsafe.Pointer(&sa.Flowinfo))
	a.Addr = sa.Addr
	a.Port = uint16(p[0])<<8 | uint16(p[1])
	a.Flowinfo = uint32(f[0])<<24 | uint32(f[1])<<16 | uint32(f[2])<<8 | uint32(f[3])
	a.ScopeID = sa.Scope_id
}
