//go:build pysocket

package main

/*
#include "gs.h"
*/
import "C"

import (
	"unsafe"

	"gosocket/core"

	"golang.org/x/sys/unix"
)

// rawOf returns the core.Raw that lives inside a C gs_addr.
func rawOf(a *C.gs_addr) *core.Raw { return (*core.Raw)(unsafe.Pointer(&a.raw)) }

// rangeError is an IP address field out of range, which getsockaddrarg
// reports only once the host has resolved; the C glue words the
// OverflowError for the method that parsed the address.
type rangeError int

const (
	errPortRange     rangeError = iota // GS_EADDR_PORT: the port is not 0-65535
	errFlowinfoRange                   // GS_EADDR_FLOWINFO: the flowinfo is not 0-1048575
)

func (e rangeError) Error() string { return "address field out of range" }

// encodeAddr turns the Python-level fields of a into a kernel address in
// a.raw, resolving host names for AF_INET/AF_INET6 as CPython's
// getsockaddrarg does (through setipaddr), then checking the port and the
// flowinfo.
// ipHost puts a's host into a.raw for family (core.SetIPAddr), unless a
// lookup already did (a.resolved): core.ErrNeedLookup asks the C side for
// one (resolve.c), after which encodeAddr is called again.
func ipHost(a *C.gs_addr, family int) error {
	if a.resolved != 0 {
		return nil
	}
	return core.SetIPAddr((*byte)(unsafe.Pointer(a.host)), family, rawOf(a))
}

func encodeAddr(a *C.gs_addr) error {
	r := rawOf(a)
	switch a.family {
	case unix.AF_INET:
		if err := ipHost(a, unix.AF_INET); err != nil {
			return err
		}
		if a.port < 0 || a.port > 0xffff {
			return errPortRange
		}
		var in core.Inet4
		in.Get(r)
		in.Port = uint16(a.port)
		in.Put(r)
	case unix.AF_INET6:
		if err := ipHost(a, unix.AF_INET6); err != nil {
			return err
		}
		if a.port < 0 || a.port > 0xffff {
			return errPortRange
		}
		if a.flowinfo > 0xfffff {
			return errFlowinfoRange
		}
		var in core.Inet6
		in.Get(r)
		in.Port, in.Flowinfo, in.ScopeID = uint16(a.port), uint32(a.flowinfo), uint32(a.scope_id)
		in.Put(r)
	case unix.AF_UNIX:
		return core.PutUnix(r, unsafe.Slice((*byte)(unsafe.Pointer(a.path)), int(a.pathlen)))
	case unix.AF_NETLINK:
		nl := core.Netlink{Pid: uint32(a.pid), Groups: uint32(a.groups)}
		nl.Put(r)
	case unix.AF_VSOCK:
		vm := core.Vsock{CID: uint32(a.cid), Port: uint32(a.port)}
		vm.Put(r)
	case unix.AF_PACKET:
		p := core.Packet{Ifindex: int32(a.ifindex), Protocol: uint16(a.pkt_proto), Pkttype: uint8(a.pkttype),
			Hatype: uint16(a.hatype), Halen: uint8(min(max(int(a.hwlen), 0), 8))}
		copy(p.Addr[:p.Halen], unsafe.Slice((*byte)(unsafe.Pointer(&a.hwaddr[0])), len(a.hwaddr)))
		p.Put(r)
	case unix.AF_TIPC:
		t := core.Tipc{Addrtype: uint8(a.tipc_type), Scope: int8(a.tipc_scope),
			V1: uint32(a.tipc_v1), V2: uint32(a.tipc_v2), V3: uint32(a.tipc_v3)}
		t.Put(r)
	case unix.AF_CAN:
		c := core.CAN{Ifindex: int32(a.ifindex), Form: canForm(int(a.proto)), RxID: uint32(a.can_rx), TxID: uint32(a.can_tx),
			Name: uint64(a.can_name), PGN: uint32(a.can_pgn), Addr: uint8(a.can_addr)}
		c.Put(r)
	case unix.AF_ALG:
		var g core.Alg
		g.SetType(unsafe.Slice((*byte)(unsafe.Pointer(&a.alg_type[0])), len(a.alg_type)))
		g.SetName(unsafe.Slice((*byte)(unsafe.Pointer(&a.alg_name[0])), len(a.alg_name)))
		g.Feat, g.Mask = uint32(a.alg_feat), uint32(a.alg_mask)
		g.Put(r)
	case unix.AF_QIPCRTR:
		q := core.Qipcrtr{Node: uint32(a.node), Port: uint32(a.port)}
		q.Put(r)
	case unix.AF_BLUETOOTH:
		b := core.Bluetooth{Proto: int(a.proto), PSM: uint16(a.bt_psm), CID: uint16(a.bt_cid), BdaddrType: uint8(a.bt_type),
			Channel: uint16(a.bt_channel), Dev: uint16(a.bt_dev)}
		copy(b.Bdaddr[:], unsafe.Slice((*byte)(unsafe.Pointer(&a.bdaddr[0])), len(a.bdaddr)))
		b.Put(r)
		if r.Len == 0 {
			return core.ErrNoCodec
		}
	default:
		return core.ErrNoCodec
	}
	return nil
}

// canForm is the sockaddr_can union member CPython's getsockaddrarg and
// makesockaddr use for a CAN socket of protocol proto.
func canForm(proto int) core.CANForm {
	switch proto {
	case unix.CAN_ISOTP:
		return core.CANISOTP
	case unix.CAN_J1939:
		return core.CANJ1939
	}
	return core.CANPlain
}

// gs_addr_bluetooth decodes the AF_BLUETOOTH address in a.raw as the
// sockaddr of protocol proto, which makesockaddr takes from the socket.
//
//export gs_addr_bluetooth
func gs_addr_bluetooth(a *C.gs_addr, proto C.int) (rc C.int) {
	defer recovered(&rc)
	b := core.Bluetooth{Proto: int(proto)}
	b.Get(rawOf(a))
	a.bt_psm, a.bt_cid, a.bt_type = C.uint(b.PSM), C.uint(b.CID), C.uint(b.BdaddrType)
	a.bt_channel, a.bt_dev = C.uint(b.Channel), C.uint(b.Dev)
	copy(unsafe.Slice((*byte)(unsafe.Pointer(&a.bdaddr[0])), len(a.bdaddr)), b.Bdaddr[:])
	return C.GS_OK
}

// gs_addr_ifindex stores in *index the index of the interface called name
// (NUL-terminated), asked through an ioctl on fd as CPython's
// getsockaddrarg does for AF_PACKET and AF_CAN; the errno is the status.
//
//export gs_addr_ifindex
func gs_addr_ifindex(fd C.int, name *C.char, index *C.int) (rc C.int) {
	defer recovered(&rc)
	n := 0
	for p := unsafe.Pointer(name); *(*byte)(unsafe.Add(p, n)) != 0 && n < unix.IFNAMSIZ; n++ {
	}
	idx, err := core.IfIndexOn(int(fd), unsafe.Slice((*byte)(unsafe.Pointer(name)), n))
	*index = C.int(idx)
	return status(err)
}

// gs_addr_ifname writes the name of interface index into name (16 bytes,
// NUL-terminated), asked through an ioctl on fd as CPython's makesockaddr
// does; no name (index 0, a failed ioctl) is the empty string.
//
//export gs_addr_ifname
func gs_addr_ifname(fd C.int, index C.int, name *C.char) (rc C.int) {
	defer recovered(&rc)
	core.IfNameOn(int(fd), int32(index), unsafe.Slice((*byte)(unsafe.Pointer(name)), unix.IFNAMSIZ))
	return C.GS_OK
}

// decodeAddr fills a's Python-level fields from the kernel address in a.raw.
// A zero-length address (say recvfrom on a connected stream) leaves family
// AF_UNSPEC with raw.len 0, which the glue turns into None.
func decodeAddr(a *C.gs_addr) {
	r := rawOf(a)
	a.family = C.int(r.Family())
	if r.Len == 0 {
		return
	}
	text := unsafe.Slice((*byte)(unsafe.Pointer(&a.text[0])), len(a.text))
	switch r.Family() {
	case unix.AF_INET:
		var in core.Inet4
		in.Get(r)
		core.FormatIP(r, text)
		a.port = C.int(in.Port)
	case unix.AF_INET6:
		var in core.Inet6
		in.Get(r)
		core.FormatIP(r, text)
		a.port, a.flowinfo, a.scope_id = C.int(in.Port), C.uint(in.Flowinfo), C.uint(in.ScopeID)
	case unix.AF_UNIX:
		p := core.GetUnix(r)
		a.pathlen = C.long(len(p))
		if len(p) > 0 {
			a.path = (*C.char)(unsafe.Pointer(&p[0]))
		} else {
			a.path = nil
		}
	case unix.AF_NETLINK:
		var nl core.Netlink
		nl.Get(r)
		a.pid, a.groups = C.uint(nl.Pid), C.uint(nl.Groups)
	case unix.AF_VSOCK:
		var vm core.Vsock
		vm.Get(r)
		a.cid, a.port = C.uint(vm.CID), C.int(int32(vm.Port))
	case unix.AF_PACKET:
		var p core.Packet
		p.Get(r)
		a.ifindex, a.pkt_proto, a.pkttype, a.hatype = C.int(p.Ifindex), C.uint(p.Protocol), C.uint(p.Pkttype), C.uint(p.Hatype)
		a.hwlen = C.int(p.Halen)
		copy(unsafe.Slice((*byte)(unsafe.Pointer(&a.hwaddr[0])), len(a.hwaddr)), p.Addr[:])
	case unix.AF_TIPC:
		var t core.Tipc
		t.Get(r)
		a.tipc_type, a.tipc_scope = C.uint(t.Addrtype), C.int(t.Scope)
		a.tipc_v1, a.tipc_v2, a.tipc_v3 = C.uint(t.V1), C.uint(t.V2), C.uint(t.V3)
	case unix.AF_CAN:
		var c core.CAN
		c.Get(r)
		a.ifindex, a.can_rx, a.can_tx = C.int(c.Ifindex), C.uint(c.RxID), C.uint(c.TxID)
		a.can_name, a.can_pgn, a.can_addr = C.ulonglong(c.Name), C.uint(c.PGN), C.uint(c.Addr)
	case unix.AF_ALG:
		var g core.Alg
		g.Get(r)
		copy(unsafe.Slice((*byte)(unsafe.Pointer(&a.alg_type[0])), len(a.alg_type)), g.Type[:])
		copy(unsafe.Slice((*byte)(unsafe.Pointer(&a.alg_name[0])), len(a.alg_name)), g.Name[:])
		a.alg_feat, a.alg_mask = C.uint(g.Feat), C.uint(g.Mask)
	case unix.AF_QIPCRTR:
		var q core.Qipcrtr
		q.Get(r)
		a.node, a.port = C.uint(q.Node), C.int(int32(q.Port))
	}
}
