package core

import (
	"encoding/binary"

	"golang.org/x/sys/unix"
)

// The Bluetooth protocols whose addresses CPython converts (linux
// bluetooth.h), which pick the sockaddr of an AF_BLUETOOTH socket.
const (
	BTProtoL2CAP  = 0
	BTProtoHCI    = 1
	BTProtoSCO    = 2
	BTProtoRFCOMM = 3
)

// The sizes of struct sockaddr_l2, sockaddr_rc, sockaddr_hci and
// sockaddr_sco: the lengths CPython's getsockaddrarg passes.
const (
	SizeofSockaddrL2  = 14
	SizeofSockaddrRc  = 10
	SizeofSockaddrHCI = 6
	SizeofSockaddrSCO = 8
)

// Bluetooth is an AF_BLUETOOTH address in the form of Proto: L2CAP's
// (bdaddr, psm[, cid[, bdaddr_type]]), RFCOMM's (bdaddr, channel), HCI's
// (dev[, channel]) and SCO's bdaddr. Bdaddr holds the six bytes in kernel
// (little-endian) order, as bdaddr_t; Channel is RFCOMM's or HCI's.
type Bluetooth struct {
	Proto      int
	Bdaddr     [6]byte
	PSM        uint16
	CID        uint16
	BdaddrType uint8
	Channel    uint16
	Dev        uint16
}

// Put encodes a into r as the zeroed sockaddr of a.Proto that CPython's
// getsockaddrarg fills (psm and cid in host order, as it stores them).
// Another protocol encodes nothing (the binding refuses it before).
func (a *Bluetooth) Put(r *Raw) {
	b := r.bytes()
	var n int
	switch a.Proto {
	case BTProtoL2CAP:
		n = SizeofSockaddrL2
		clear(b[:n])
		binary.NativeEndian.PutUint16(b[2:], a.PSM)
		copy(b[4:10], a.Bdaddr[:])
		binary.NativeEndian.PutUint16(b[10:], a.CID)
		b[12] = a.BdaddrType
	case BTProtoRFCOMM:
		n = SizeofSockaddrRc
		clear(b[:n])
		copy(b[2:8], a.Bdaddr[:])
		b[8] = uint8(a.Channel)
	case BTProtoHCI:
		n = SizeofSockaddrHCI
		binary.NativeEndian.PutUint16(b[2:], a.Dev)
		binary.NativeEndian.PutUint16(b[4:], a.Channel)
	case BTProtoSCO:
		n = SizeofSockaddrSCO
		copy(b[2:8], a.Bdaddr[:])
	default:
		r.Len = 0
		return
	}
	binary.NativeEndian.PutUint16(b[0:], unix.AF_BLUETOOTH)
	r.Len = uint32(n)
}

// Get decodes r, which must hold an AF_BLUETOOTH address, as the sockaddr
// of a.Proto (set by the caller: makesockaddr's proto argument).
func (a *Bluetooth) Get(r *Raw) {
	b := r.bytes()
	proto := a.Proto
	*a = Bluetooth{Proto: proto}
	switch proto {
	case BTProtoL2CAP:
		a.PSM = binary.NativeEndian.Uint16(b[2:])
		copy(a.Bdaddr[:], b[4:10])
		a.CID = binary.NativeEndian.Uint16(b[10:])
		a.BdaddrType = b[12]
	case BTProtoRFCOMM:
		copy(a.Bdaddr[:], b[2:8])
		a.Channel = uint16(b[8])
	case BTProtoHCI:
		a.Dev = binary.NativeEndian.Uint16(b[2:])
		a.Channel = binary.NativeEndian.Uint16(b[4:])
	case BTProtoSCO:
		copy(a.Bdaddr[:], b[2:8])
	}
}
