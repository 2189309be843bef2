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

// The I/O exports: one per Python method, each a single pass through core's
// retry loop. EINTR comes back as a status so the C side can run Python's
// signal handlers with the GIL held and call again with the time left.

//export gs_recv
func gs_recv(fd C.int, buf unsafe.Pointer, n C.long, flags C.int, dl C.gs_deadline, out *C.long) (rc C.int) {
	defer recovered(&rc)
	k, err := core.Recv(int(fd), buf, int(n), int(flags), deadline(dl))
	*out = C.long(k)
	return status(err)
}

//export gs_recvfrom
func gs_recvfrom(fd C.int, buf unsafe.Pointer, n C.long, flags C.int, a *C.gs_addr, dl C.gs_deadline, out *C.long) (rc C.int) {
	defer recovered(&rc)
	k, err := core.RecvFrom(int(fd), buf, int(n), int(flags), rawOf(a), deadline(dl))
	*out = C.long(k)
	if err == nil {
		decodeAddr(a)
	}
	return status(err)
}

//export gs_send
func gs_send(fd C.int, buf unsafe.Pointer, n C.long, flags C.int, dl C.gs_deadline, out *C.long) (rc C.int) {
	defer recovered(&rc)
	k, err := core.Send(int(fd), buf, int(n), int(flags), deadline(dl))
	*out = C.long(k)
	return status(err)
}

// gs_sendto encodes the address (resolving a host name) and sends; with
// encoded set, a.raw already holds the address from an earlier call that
// was interrupted, so the name is not resolved twice.
//
//export gs_sendto
func gs_sendto(fd C.int, buf unsafe.Pointer, n C.long, flags C.int, a *C.gs_addr, encoded C.int, dl C.gs_deadline, out *C.long) (rc C.int) {
	defer recovered(&rc)
	if encoded == 0 {
		if err := encodeAddr(a); err != nil {
			return status(err)
		}
	}
	k, err := core.SendTo(int(fd), buf, int(n), int(flags), rawOf(a), deadline(dl))
	*out = C.long(k)
	return status(err)
}

//export gs_sendall
func gs_sendall(fd C.int, buf unsafe.Pointer, n C.long, flags C.int, dl C.gs_deadline, out *C.long) (rc C.int) {
	defer recovered(&rc)
	k, err := core.SendAll(int(fd), buf, int(n), int(flags), deadline(dl))
	*out = C.long(k)
	return status(err)
}

//export gs_accept
func gs_accept(fd, cloexec C.int, a *C.gs_addr, dl C.gs_deadline, out *C.int) (rc C.int) {
	defer recovered(&rc)
	k, err := core.Accept(int(fd), rawOf(a), cloexec != 0, deadline(dl))
	*out = C.int(k)
	if err == nil {
		decodeAddr(a)
	}
	return status(err)
}

// gs_connect encodes the address and connects; see gs_sendto for encoded.
//
//export gs_connect
func gs_connect(fd C.int, a *C.gs_addr, encoded C.int, dl C.gs_deadline) (rc C.int) {
	defer recovered(&rc)
	if encoded == 0 {
		if err := encodeAddr(a); err != nil {
			return status(err)
		}
	}
	return status(core.Connect(int(fd), rawOf(a), deadline(dl)))
}

//export gs_connect_wait
func gs_connect_wait(fd C.int, dl C.gs_deadline) (rc C.int) {
	defer recovered(&rc)
	return status(core.ConnectWait(int(fd), deadline(dl)))
}

//export gs_sendmsg
func gs_sendmsg(fd C.int, msg unsafe.Pointer, flags C.int, dl C.gs_deadline, out *C.long) (rc C.int) {
	defer recovered(&rc)
	k, err := core.SendMsg(int(fd), msg, int(flags), deadline(dl))
	*out = C.long(k)
	return status(err)
}

//export gs_recvmsg
func gs_recvmsg(fd C.int, msg unsafe.Pointer, flags C.int, dl C.gs_deadline, out *C.long) (rc C.int) {
	defer recovered(&rc)
	k, err := core.RecvMsg(int(fd), msg, int(flags), deadline(dl))
	*out = C.long(k)
	return status(err)
}

//export gs_encode_addr
func gs_encode_addr(a *C.gs_addr) (rc C.int) {
	defer recovered(&rc)
	return status(encodeAddr(a))
}
