package core

import (
	"encoding/binary"

	"golang.org/x/sys/unix"
)

// CANForm says which member of struct sockaddr_can's can_addr union an
// AF_CAN address uses; CPython picks it from the socket's protocol.
type CANForm uint8

// The CAN address forms: CAN_RAW and CAN_BCM use no union member,
// CAN_ISOTP the tp pair, CAN_J1939 the j1939 triple.
const (
	CANPlain CANForm = iota
	CANISOTP
	CANJ1939
)

// CAN is an AF_CAN address (struct sockaddr_can): Python's (interface,)
// for raw and BCM sockets, (interface, rx_addr, tx_addr) for ISO-TP and
// (interface, name, pgn, addr) for J1939, the interface as its index.
type CAN struct {
	Ifindex int32
	Form    CANForm
	RxID    uint32
	TxID    uint32
	Name    uint64
	PGN     uint32
	Addr    uint8
}

// Put encodes a into r as CPython's getsockaddrarg does: a zeroed
// sockaddr_can with the family, the index and the union member of a's
// form.
func (a *CAN) Put(r *Raw) {
	sa := (*unix.RawSockaddrCAN)(r.ptr())
	*sa = unix.RawSockaddrCAN{Family: unix.AF_CAN, Ifindex: a.Ifindex}
	b := sa.Addr[:]
	switch a.Form {
	case CANISOTP:
		binary.NativeEndian.PutUint32(b[0:], a.RxID)
		binary.NativeEndian.PutUint32(b[4:], a.TxID)
	case CANJ1939:
		binary.NativeEndian.PutUint64(b[0:], a.Name)
		binary.NativeEndian.PutUint32(b[8:], a.PGN)
		b[12] = a.Addr
	}
	r.Len = unix.SizeofSockaddrCAN
}

// Get decodes r, which must hold an AF_CAN address, into a: the index and
// the union read both ways, since which form the caller wants depends on
// the socket's protocol (makesockaddr's proto argument).
func (a *CAN) Get(r *Raw) {
	sa := (*unix.RawSockaddrCAN)(r.ptr())
	b := sa.Addr[:]
	a.Ifindex = sa.Ifindex
	a.RxID, a.TxID = binary.NativeEndian.Uint32(b[0:]), binary.NativeEndian.Uint32(b[4:])
	a.Name, a.PGN, a.Addr = binary.NativeEndian.Uint64(b[0:]), binary.NativeEndian.Uint32(b[8:]), b[12]
}
