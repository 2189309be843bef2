//go:build pysocket

package main

/*
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <sys/socket.h>
#include "gs.h"
*/
import "C"

import (
	"unsafe"

	"gosocket/core"

	"golang.org/x/sys/unix"
)

// The exports behind batch.c: sendmmsg and recvmmsg, one Go call per
// Python call whatever the number of datagrams.

// gs_sendmmsg sends the n messages of vec (each with one iovec, the iovecs
// contiguous in message order); gsovec (n struct mmsghdr) and gsoctl
// (n * core.GSOControlSize bytes), when not NULL, let core coalesce runs of
// datagrams into UDP GSO sends. addrs[0:naddr] are the distinct
// destination addresses the messages point at (msg_name is &addrs[j].raw);
// unless encoded is set (a retry after EINTR) each is encoded once, and
// every message's msg_namelen is then taken from the address it points at.
//
//export gs_sendmmsg
func gs_sendmmsg(fd C.int, vecp unsafe.Pointer, n C.int, addrs *C.gs_addr, naddr C.int, encoded C.int, flags C.int, gsovec, gsoctl unsafe.Pointer, out *C.long) (rc C.int) {
	defer recovered(&rc)
	vec := (*C.struct_mmsghdr)(vecp)
	*out = 0
	if encoded == 0 {
		as := unsafe.Slice(addrs, int(naddr))
		for i := range as {
			if err := encodeAddr(&as[i]); err != nil {
				return status(err)
			}
		}
		msgs := unsafe.Slice(vec, int(n))
		for i := range msgs {
			if msgs[i].msg_hdr.msg_name != nil {
				msgs[i].msg_hdr.msg_namelen = (*C.gs_raw)(msgs[i].msg_hdr.msg_name).len
			}
		}
	}
	gso := core.GSO{Vec: (*unix.Mmsghdr)(gsovec), Control: gsoctl}
	k, err := core.SendMmsg(int(fd), (*unix.Mmsghdr)(vecp), int(n), int(flags), gso)
	if k > 0 {
		*out = C.long(k)
	}
	return status(err)
}

// gs_recvmmsg receives up to n datagrams into vec, whose msg_name fields
// point at addrs[i].raw; it decodes the senders' addresses of the k that
// arrived into addrs[0:k].
//
//export gs_recvmmsg
func gs_recvmmsg(fd C.int, vecp unsafe.Pointer, n C.int, addrs *C.gs_addr, flags C.int, out *C.long) (rc C.int) {
	defer recovered(&rc)
	vec := (*C.struct_mmsghdr)(vecp)
	*out = 0
	msgs := unsafe.Slice(vec, int(n))
	for i := range msgs {
		msgs[i].msg_hdr.msg_namelen = C.socklen_t(unsafe.Sizeof(addrs.raw.ss))
		msgs[i].msg_len = 0
	}
	k, err := core.RecvMmsg(int(fd), (*unix.Mmsghdr)(vecp), int(n), int(flags))
	if err != nil {
		return status(err)
	}
	as := unsafe.Slice(addrs, int(n))
	for i := 0; i < k; i++ {
		as[i].raw.len = msgs[i].msg_hdr.msg_namelen
		decodeAddr(&as[i])
	}
	*out = C.long(k)
	return C.GS_OK
}
