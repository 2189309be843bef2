package core

import "golang.org/x/sys/unix"

// rawSockaddrQrtr is struct sockaddr_qrtr from linux/qrtr.h.
type rawSockaddrQrtr struct {
	Family uint16
	_      uint16
	Node   uint32
	Port   uint32
}

// SizeofSockaddrQrtr is sizeof(struct sockaddr_qrtr).
const SizeofSockaddrQrtr = 12

// Qipcrtr is an AF_QIPCRTR address: Python's (node, port).
type Qipcrtr struct {
	Node uint32
	Port uint32
}

// Put encodes a into r: a zeroed sockaddr_qrtr with a's node and port,
// as CPython's getsockaddrarg fills it.
func (a *Qipcrtr) Put(r *Raw) {
	sa := (*rawSockaddrQrtr)(r.ptr())
	*sa = rawSockaddrQrtr{Family: unix.AF_QIPCRTR, Node: a.Node, Port: a.Port}
	r.Len = SizeofSockaddrQrtr
}

// Get decodes r, which must hold an AF_QIPCRTR address, into a.
func (a *Qipcrtr) Get(r *Raw) {
	sa := (*rawSockaddrQrtr)(r.ptr())
	a.Node, a.Port = sa.Node, sa.Port
}
