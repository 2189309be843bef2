//go:build pysocket

package main

/*
#include <netdb.h>
#include "gs.h"
*/
import "C"

import (
	"unsafe"

	"gosocket/core"
)

// The resolver exports; every one of them may block, so the C side calls
// them with the GIL released.

// gs_getaddrinfo runs getaddrinfo and copies up to max results into out,
// decoded, and the first result's canonical name (AI_CANONNAME) into canon
// (NUL-terminated, truncated to canonlen). *n is the number of results
// there were: more than max means the caller should call again with room.
//
//export gs_getaddrinfo
func gs_getaddrinfo(host, port *C.char, family, socktype, proto, flags C.int, out *C.gs_ai, max C.int, n *C.int, canon *C.char, canonlen C.int) (rc C.int) {
	defer recovered(&rc)
	l, err := core.GetAddrInfo((*byte)(unsafe.Pointer(host)), (*byte)(unsafe.Pointer(port)), int(family), int(socktype), int(proto), int(flags))
	if err != nil {
		return status(err)
	}
	defer l.Free()
	res := unsafe.Slice(out, int(max))
	var ai core.AddrInfo
	count := 0
	for l.Next(&ai) {
		if count < len(res) {
			o := &res[count]
			o.family, o.socktype, o.protocol = C.int(ai.Family), C.int(ai.Socktype), C.int(ai.Protocol)
			if count == 0 && canonlen > 0 {
				copyCString(unsafe.Slice((*byte)(unsafe.Pointer(canon)), int(canonlen)), ai.Canonname)
			}
			*rawOf(&o.addr) = ai.Addr
			decodeAddr(&o.addr)
		}
		count++
	}
	*n = C.int(count)
	return C.GS_OK
}

// copyCString copies the NUL-terminated src (nil: empty) into dst,
// truncating, always NUL-terminating.
func copyCString(dst []byte, src *byte) {
	i := 0
	if src != nil {
		for p := unsafe.Pointer(src); i < len(dst)-1; i++ {
			c := *(*byte)(unsafe.Add(p, i))
			if c == 0 {
				break
			}
			dst[i] = c
		}
	}
	dst[i] = 0
}

// gs_getnameinfo is CPython's socket_getnameinfo after argument parsing:
// the host and the port (as text) go through getaddrinfo with the hints
// flags aiflags (3.x: AI_NUMERICHOST, 2.7: none), which must give exactly
// one address; an IPv6 one takes a's flowinfo and scope_id; then
// getnameinfo writes host and serv.
//
//export gs_getnameinfo
func gs_getnameinfo(a *C.gs_addr, port *C.char, nargs C.int, aiflags C.int, flags C.int, host *C.char, hostlen C.int, serv *C.char, servlen C.int) (rc C.int) {
	defer recovered(&rc)
	l, err := core.GetAddrInfo((*byte)(unsafe.Pointer(a.host)), (*byte)(unsafe.Pointer(port)), C.AF_UNSPEC, C.SOCK_DGRAM, 0, int(aiflags))
	if err != nil {
		return status(err)
	}
	defer l.Free()
	var ai core.AddrInfo
	if !l.Next(&ai) {
		return status(core.ErrUnknownFamily)
	}
	var more core.AddrInfo
	if l.Next(&more) {
		return status(core.ErrMultipleAddrs)
	}
	r := rawOf(a)
	*r = ai.Addr
	switch ai.Family {
	case C.AF_INET:
		if nargs != 2 {
			return status(core.ErrIPv4Tuple)
		}
	case C.AF_INET6:
		var in core.Inet6
		in.Get(r)
		in.Flowinfo, in.ScopeID = uint32(a.flowinfo), uint32(a.scope_id)
		in.Put(r)
	}
	return status(core.GetNameInfo(r, int(flags),
		unsafe.Slice((*byte)(unsafe.Pointer(host)), int(hostlen)),
		unsafe.Slice((*byte)(unsafe.Pointer(serv)), int(servlen))))
}

// gs_setipaddr resolves a host name for family into a.raw and decodes it,
// as CPython's setipaddr (gethostbyname and friends use it).
//
//export gs_setipaddr
func gs_setipaddr(host *C.char, family C.int, a *C.gs_addr) (rc C.int) {
	defer recovered(&rc)
	if err := core.SetIPAddr((*byte)(unsafe.Pointer(host)), int(family), rawOf(a)); err != nil {
		return status(err)
	}
	decodeAddr(a)
	return C.GS_OK
}

// gs_gethostbyname_ex resolves name as setipaddr does for AF_INET (so an
// unknown name is a gaierror, as in CPython), then runs gethostbyname2_r
// into buf and returns the struct hostent * through *h; ERANGE asks for a
// bigger buffer.
//
//export gs_gethostbyname_ex
func gs_gethostbyname_ex(name *C.char, a *C.gs_addr, buf unsafe.Pointer, buflen C.long, h *unsafe.Pointer) (rc C.int) {
	defer recovered(&rc)
	if err := core.SetIPAddr((*byte)(unsafe.Pointer(name)), C.AF_INET, rawOf(a)); err != nil {
		return status(err)
	}
	decodeAddr(a)
	p, err := core.GetHostByName((*byte)(unsafe.Pointer(name)), int(a.family), unsafe.Slice((*byte)(buf), int(buflen)))
	*h = p
	return status(err)
}

// gs_gethostbyaddr resolves host as setipaddr does (AF_UNSPEC) into a, then
// runs gethostbyaddr_r for that address into buf.
//
//export gs_gethostbyaddr
func gs_gethostbyaddr(host *C.char, a *C.gs_addr, buf unsafe.Pointer, buflen C.long, h *unsafe.Pointer) (rc C.int) {
	defer recovered(&rc)
	if err := core.SetIPAddr((*byte)(unsafe.Pointer(host)), 0, rawOf(a)); err != nil {
		return status(err)
	}
	decodeAddr(a)
	p, err := core.GetHostByAddr(rawOf(a), unsafe.Slice((*byte)(buf), int(buflen)))
	*h = p
	return status(err)
}
