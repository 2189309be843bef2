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

// The lifecycle exports. Each returns a status code (gs.h) and recovers
// panics; results come back through pointers into C memory.

//export gs_socket
func gs_socket(family, typ, proto, cloexec C.int, fd *C.int) (rc C.int) {
	defer recovered(&rc)
	n, err := core.Socket(int(family), int(typ), int(proto), cloexec != 0)
	*fd = C.int(n)
	return status(err)
}

//export gs_socketpair
func gs_socketpair(family, typ, proto, cloexec C.int, fds *C.int) (rc C.int) {
	defer recovered(&rc)
	return status(core.Socketpair(int(family), int(typ), int(proto), cloexec != 0, (*[2]int32)(unsafe.Pointer(fds))))
}

//export gs_close
func gs_close(fd C.int) (rc C.int) {
	defer recovered(&rc)
	return status(core.Close(int(fd)))
}

//export gs_dup
func gs_dup(fd, cloexec C.int, out *C.int) (rc C.int) {
	defer recovered(&rc)
	n, err := core.Dup(int(fd), cloexec != 0)
	*out = C.int(n)
	return status(err)
}

//export gs_dup_onto
func gs_dup_onto(oldfd, newfd, cloexec C.int) (rc C.int) {
	defer recovered(&rc)
	return status(core.DupOnto(int(oldfd), int(newfd), cloexec != 0))
}

//export gs_setnonblock
func gs_setnonblock(fd, on C.int) (rc C.int) {
	defer recovered(&rc)
	return status(core.SetNonblock(int(fd), on != 0))
}

//export gs_info
func gs_info(fd C.int, family, typ, proto *C.int) (rc C.int) {
	defer recovered(&rc)
	f, t, p, err := core.Info(int(fd))
	*family, *typ, *proto = C.int(f), C.int(t), C.int(p)
	return status(err)
}

// gs_bind binds to the address gs_encode_addr put in a.
//
//export gs_bind
func gs_bind(fd C.int, a *C.gs_addr) (rc C.int) {
	defer recovered(&rc)
	return status(core.Bind(int(fd), rawOf(a)))
}

//export gs_listen
func gs_listen(fd, backlog C.int) (rc C.int) {
	defer recovered(&rc)
	return status(core.Listen(int(fd), int(backlog)))
}

//export gs_shutdown
func gs_shutdown(fd, how C.int) (rc C.int) {
	defer recovered(&rc)
	return status(core.Shutdown(int(fd), int(how)))
}

//export gs_getsockname
func gs_getsockname(fd C.int, a *C.gs_addr) (rc C.int) {
	defer recovered(&rc)
	if err := core.Getsockname(int(fd), rawOf(a)); err != nil {
		return status(err)
	}
	decodeAddr(a)
	return C.GS_OK
}

//export gs_getpeername
func gs_getpeername(fd C.int, a *C.gs_addr) (rc C.int) {
	defer recovered(&rc)
	if err := core.Getpeername(int(fd), rawOf(a)); err != nil {
		return status(err)
	}
	decodeAddr(a)
	return C.GS_OK
}

//export gs_getsockopt_int
func gs_getsockopt_int(fd, level, opt C.int, out *C.int) (rc C.int) {
	defer recovered(&rc)
	v, err := core.GetsockoptInt(int(fd), int(level), int(opt))
	*out = C.int(v)
	return status(err)
}

//export gs_getsockopt_buf
func gs_getsockopt_buf(fd, level, opt C.int, buf unsafe.Pointer, n C.int, out *C.int) (rc C.int) {
	defer recovered(&rc)
	l, err := core.GetsockoptBytes(int(fd), int(level), int(opt), unsafe.Slice((*byte)(buf), int(n)))
	*out = C.int(l)
	return status(err)
}

//export gs_setsockopt_int
func gs_setsockopt_int(fd, level, opt, value C.int) (rc C.int) {
	defer recovered(&rc)
	return status(core.SetsockoptInt(int(fd), int(level), int(opt), int(value)))
}

//export gs_setsockopt_buf
func gs_setsockopt_buf(fd, level, opt C.int, buf unsafe.Pointer, n C.int) (rc C.int) {
	defer recovered(&rc)
	return status(core.SetsockoptBytes(int(fd), int(level), int(opt), buf, int(n)))
}
