package core

import "golang.org/x/sys/unix"

// Vsock is an AF_VSOCK address: Python's (cid, port).
type Vsock struct {
	CID  uint32
	Port uint32
}

// Put encodes a into r: the rest of struct sockaddr_vm (reserved bytes,
// flags) is zero, as CPython's getsockaddrarg leaves it.
func (a *Vsock) Put(r *Raw) {
	sa := (*unix.RawSockaddrVM)(r.ptr())
	*sa = unix.RawSockaddrVM{Family: unix.AF_VSOCK, Port: a.Port, Cid: a.CID}
	r.Len = unix.SizeofSockaddrVM
}

// Get decodes r, which must hold an AF_VSOCK address, into a.
func (a *Vsock) Get(r *Raw) {
	sa := (*unix.RawSockaddrVM)(r.ptr())
	a.CID, a.Port = sa.Cid, sa.Port
}
