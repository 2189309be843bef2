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
func encodeAddr(a *C.gs_addr) error {
	r := rawOf(a)
	switch a.family {
	case unix.AF_INET:
		if err := core.SetIPAddr((*byte)(unsafe.Pointer(a.host)), unix.AF_INET, r); err != nil {
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
		if err := core.SetIPAddr((*byte)(unsafe.Pointer(a.host)), unix.AF_INET6, r); err != nil {
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
	default:
		return core.ErrNoCodec
	}
	return nil
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
	}
}
