package core

import (
	"encoding/binary"

	"golang.org/x/sys/unix"
)

// Tipc is an AF_TIPC address (struct sockaddr_tipc): Python's
// (addr_type, v1, v2, v3, scope). By Addrtype, v1-v3 are
// TIPC_ADDR_NAMESEQ: type, lower, upper; TIPC_ADDR_NAME: type, instance
// (v3 unused on the way in, the instance again on the way out);
// TIPC_ADDR_ID: node, ref (v3 unused, 0 on the way out).
type Tipc struct {
	Addrtype   uint8
	Scope      int8
	V1, V2, V3 uint32
}

// Put encodes a into r as CPython's getsockaddrarg does: a zeroed
// sockaddr_tipc with the union member of the address type (an ID's ref
// comes first in struct tipc_portid, then its node). Another address
// type leaves the union zero (the binding refuses it before).
func (a *Tipc) Put(r *Raw) {
	sa := (*unix.RawSockaddrTIPC)(r.ptr())
	*sa = unix.RawSockaddrTIPC{Family: unix.AF_TIPC, Addrtype: a.Addrtype, Scope: a.Scope}
	b := sa.Addr[:]
	switch a.Addrtype {
	case unix.TIPC_ADDR_NAMESEQ:
		binary.NativeEndian.PutUint32(b[0:], a.V1)
		binary.NativeEndian.PutUint32(b[4:], a.V2)
		binary.NativeEndian.PutUint32(b[8:], a.V3)
	case unix.TIPC_ADDR_NAME:
		binary.NativeEndian.PutUint32(b[0:], a.V1)
		binary.NativeEndian.PutUint32(b[4:], a.V2)
	case unix.TIPC_ADDR_ID:
		binary.NativeEndian.PutUint32(b[0:], a.V2)
		binary.NativeEndian.PutUint32(b[4:], a.V1)
	}
	r.Len = unix.SizeofSockaddrTIPC
}

// Get decodes r, which must hold an AF_TIPC address, into a with the
// values makesockaddr returns for its address type; another type leaves
// v1-v3 zero (makesockaddr raises ValueError for it).
func (a *Tipc) Get(r *Raw) {
	sa := (*unix.RawSockaddrTIPC)(r.ptr())
	b := sa.Addr[:]
	a.Addrtype, a.Scope = sa.Addrtype, sa.Scope
	a.V1, a.V2, a.V3 = 0, 0, 0
	switch a.Addrtype {
	case unix.TIPC_ADDR_NAMESEQ:
		a.V1, a.V2, a.V3 = binary.NativeEndian.Uint32(b[0:]), binary.NativeEndian.Uint32(b[4:]), binary.NativeEndian.Uint32(b[8:])
	case unix.TIPC_ADDR_NAME:
		a.V1, a.V2 = binary.NativeEndian.Uint32(b[0:]), binary.NativeEndian.Uint32(b[4:])
		a.V3 = a.V2
	case unix.TIPC_ADDR_ID:
		a.V1, a.V2 = binary.NativeEndian.Uint32(b[4:]), binary.NativeEndian.Uint32(b[0:])
	}
}
