package core

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// Inet4 is an AF_INET address: Python's (host, port).
type Inet4 struct {
	Addr [4]byte
	Port uint16
}

// Put encodes a into r.
func (a *Inet4) Put(r *Raw) {
	sa := (*unix.RawSockaddrInet4)(r.ptr())
	*sa = unix.RawSockaddrInet4{Family: unix.AF_INET, Addr: a.Addr}
	p := (*[2]byte)(unsafe.Pointer(&sa.Port))
	p[0], p[1] = byte(a.Port>>8), byte(a.Port)
	r.Len = unix.SizeofSockaddrInet4
}

// Get decodes r, which must hold an AF_INET address, into a.
func (a *Inet4) Get(r *Raw) {
	sa := (*unix.RawSockaddrInet4)(r.ptr())
	p := (*[2]byte)(unsafe.Pointer(&sa.Port))
	a.Addr = sa.Addr
	a.Port = uint16(p[0])<<8 | uint16(p[1])
}
