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

// The I/O exports: one attempt each (core.once), which cannot wait: the C
// side passes MSG_DONTWAIT (or the descriptor is non-blocking), and EAGAIN,
// EINPROGRESS and EINTR come back as statuses for the binding's call layer
// (call.c), which waits with poll outside Go and calls again.

//export gs_recv
func gs_recv(fd C.int, buf unsafe.Pointer, n C.long, flags C.int, out *C.long) (rc C.int) {
	defer recovered(&rc)
	k, err := core.Recv(int(fd), buf, int(n), int(flags))
	*out = C.long(k)
	return status(err)
}

//export gs_recvfrom
func gs_recvfrom(fd C.int, buf unsafe.Pointer, n C.long, flags C.int, a *C.gs_addr, out *C.long) (rc C.int) {
	defer recovered(&rc)
	k, err := core.RecvFrom(int(fd), buf, int(n), int(flags), rawOf(a))
	*out = C.long(k)
	if err == nil {
		decodeAddr(a)
	}
	return status(err)
}

//export gs_send
func gs_send(fd C.int, buf unsafe.Pointer, n C.long, flags C.int, out *C.long) (rc C.int) {
	defer recovered(&rc)
	k, err := core.Send(int(fd), buf, int(n), int(flags))
	*out = C.long(k)
	return status(err)
}

// gs_sendto encodes the address (resolving a host name) and sends; with
// encoded set, a.raw already holds the address from an earlier call that
// was interrupted, so the name is not resolved twice.
//
//export gs_sendto
func gs_sendto(fd C.int, buf unsafe.Pointer, n C.long, flags C.int, a *C.gs_addr, encoded C.int, out *C.long) (rc C.int) {
	defer recovered(&rc)
	if encoded == 0 {
		if err := encodeAddr(a); err != nil {
			return status(err)
		}
	}
	k, err := core.SendTo(int(fd), buf, int(n), int(flags), rawOf(a))
	*out = C.long(k)
	return status(err)
}

//export gs_accept
func gs_accept(fd, cloexec C.int, a *C.gs_addr, out *C.int) (rc C.int) {
	defer recovered(&rc)
	k, err := core.Accept(int(fd), rawOf(a), cloexec != 0)
	*out = C.int(k)
	if err == nil {
		decodeAddr(a)
	}
	return status(err)
}

// gs_connect encodes the address and starts connecting (core.Connect: with
// nonblock set, the descriptor is blocking and is made non-blocking for the
// one call); see gs_sendto for encoded.
//
//export gs_connect
func gs_connect(fd C.int, a *C.gs_addr, encoded, nonblock C.int) (rc C.int) {
	defer recovered(&rc)
	if encoded == 0 {
		if err := encodeAddr(a); err != nil {
			return status(err)
		}
	}
	return status(core.Connect(int(fd), rawOf(a), nonblock != 0))
}

// gs_connect_result is the outcome of a connect that went on in the
// background, once the call layer has seen the socket writable.
//
//export gs_connect_result
func gs_connect_result(fd C.int) (rc C.int) {
	defer recovered(&rc)
	return status(core.ConnectResult(int(fd)))
}

//export gs_encode_addr
func gs_encode_addr(a *C.gs_addr) (rc C.int) {
	defer recovered(&rc)
	return status(encodeAddr(a))
}
