//go:build pysocket

package main

/*
#include "gs.h"
*/
import "C"

import (
	"unsafe"

	"gosocket/core"
)

// The exports behind sendmsg/recvmsg/recvmsg_into (msg.c). The C side
// builds the struct msghdr, its iovecs and its control buffer in C memory;
// these point the msghdr's name at the gs_addr's raw storage, so the
// address is encoded (sendmsg) or decoded (recvmsg) in the same call that
// makes one attempt (core.once).

// gs_sendmsg_to sends the message msg describes. With a not NULL the
// message goes to that address: its fields are encoded (resolving a host
// name) unless encoded is set, which an earlier call of the same Python
// call that was interrupted did already (see gs_sendto).
//
//export gs_sendmsg_to
func gs_sendmsg_to(fd C.int, msg unsafe.Pointer, a *C.gs_addr, encoded C.int, flags C.int, out *C.long) (rc C.int) {
	defer recovered(&rc)
	*out = 0
	if a != nil {
		if encoded == 0 {
			if err := encodeAddr(a); err != nil {
				return status(err)
			}
		}
		m := (*C.struct_msghdr)(msg)
		m.msg_name = unsafe.Pointer(&a.raw.ss)
		m.msg_namelen = C.socklen_t(rawOf(a).Len)
	}
	k, err := core.SendMsg(int(fd), msg, int(flags))
	if err == nil {
		*out = C.long(k)
	}
	return status(err)
}

// gs_recvmsg_from receives into the message msg describes (its iovecs and
// msg_control set by the caller), with controllen bytes of control buffer,
// and decodes the sender's address into a. The name and the lengths the
// kernel writes back are reset on every call, so the C side can call again
// after EINTR.
//
//export gs_recvmsg_from
func gs_recvmsg_from(fd C.int, msg unsafe.Pointer, controllen C.size_t, a *C.gs_addr, flags C.int, out *C.long) (rc C.int) {
	defer recovered(&rc)
	*out = 0
	r := rawOf(a)
	*r = core.Raw{} // family AF_UNSPEC, as CPython's zeroed addrbuf
	m := (*C.struct_msghdr)(msg)
	m.msg_name = unsafe.Pointer(&a.raw.ss)
	m.msg_namelen = C.socklen_t(unsafe.Sizeof(a.raw.ss))
	m.msg_controllen = controllen
	m.msg_flags = 0
	k, err := core.RecvMsg(int(fd), msg, int(flags))
	if err != nil {
		return status(err)
	}
	*out = C.long(k)
	n := uint32(m.msg_namelen)
	if n > uint32(unsafe.Sizeof(a.raw.ss)) {
		n = uint32(unsafe.Sizeof(a.raw.ss))
	}
	r.Len = n
	decodeAddr(a)
	return C.GS_OK
}
