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

// The resolver's exports. None of them looks anything up: a lookup
// (getaddrinfo, getnameinfo, gethostby*_r) can wait for seconds, so the C
// side makes it (resolve.c) with the GIL released and hands the answer
// here to decode. What needs no lookup is answered here directly.

// gs_getaddrinfo decodes a getaddrinfo answer: up to max results into out
// and the first result's canonical name (AI_CANONNAME) into canon
// (NUL-terminated, truncated to canonlen); *n is the number of results
// there were, more than max meaning: call again with room. With res nil it
// answers a query that needs no lookup (core.NumericAddrInfo) and returns
// GS_ELOOKUP for the rest, which the C side looks up and passes as res.
//
//export gs_getaddrinfo
func gs_getaddrinfo(host, port *C.char, family, socktype, proto, flags C.int, res unsafe.Pointer, out *C.gs_ai, max C.int, n *C.int, canon *C.char, canonlen C.int) (rc C.int) {
	defer recovered(&rc)
	var l core.AddrInfoList
	if res == nil {
		var ok bool
		l, ok = core.NumericAddrInfo((*byte)(unsafe.Pointer(host)), (*byte)(unsafe.Pointer(port)), int(family), int(socktype), int(proto), int(flags))
		if !ok {
			return C.GS_ELOOKUP
		}
	} else {
		l = core.AddrInfoListOf(res)
	}
	all := unsafe.Slice(out, int(max))
	var ai core.AddrInfo
	count := 0
	for l.Next(&ai) {
		if count < len(all) {
			o := &all[count]
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

// gs_nameinfo_addr is the middle of CPython's socket_getnameinfo: the
// getaddrinfo answer res for the host and port given must be exactly one
// address; an IPv4 one only from a 2-tuple (nargs), an IPv6 one takes a's
// flowinfo and scope_id. The address goes into a.raw for getnameinfo.
//
//export gs_nameinfo_addr
func gs_nameinfo_addr(res unsafe.Pointer, a *C.gs_addr, nargs C.int) (rc C.int) {
	defer recovered(&rc)
	l := core.AddrInfoListOf(res)
	var ai, more core.AddrInfo
	if !l.Next(&ai) {
		return status(core.ErrUnknownFamily)
	}
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
	return C.GS_OK
}

// gs_setipaddr is CPython's setipaddr for host and family (gethostbyname
// and friends): the address into a.raw, decoded, or GS_ELOOKUP for a name
// the C side looks up (then gs_lookup_result).
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

// gs_lookup_result puts the first result of setipaddr's lookup res into
// a.raw (core.FirstAddrInfo: wildcard for the lookup of ""), marks a
// resolved, so that encodeAddr keeps that address, and decodes it when
// decode is set.
//
//export gs_lookup_result
func gs_lookup_result(res unsafe.Pointer, wildcard C.int, a *C.gs_addr, decode C.int) (rc C.int) {
	defer recovered(&rc)
	if err := core.FirstAddrInfo(res, wildcard != 0, rawOf(a)); err != nil {
		return status(err)
	}
	a.resolved = 1
	if decode != 0 {
		decodeAddr(a)
	}
	return C.GS_OK
}
