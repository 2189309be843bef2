//go:build pysocket

package main

/*
#include "gs.h"
*/
import "C"

import (
	"gosocket/core"
)

// The exports behind sockextra.c: socket.py's sendfile zero-copy path and
// get_inheritable/set_inheritable, on the C type.

//export gs_sendfile
func gs_sendfile(out, in C.int, offset *C.int64_t, n C.long, nonblock C.int, sent *C.long) (rc C.int) {
	defer recovered(&rc)
	k, err := core.SendFile(int(out), int(in), (*int64)(offset), int(n), nonblock != 0)
	if k < 0 {
		k = 0
	}
	*sent = C.long(k)
	return status(err)
}

//export gs_get_inheritable
func gs_get_inheritable(fd C.int, out *C.int) (rc C.int) {
	defer recovered(&rc)
	v, err := core.Inheritable(int(fd))
	*out = 0
	if v {
		*out = 1
	}
	return status(err)
}

//export gs_set_inheritable
func gs_set_inheritable(fd, on C.int) (rc C.int) {
	defer recovered(&rc)
	return status(core.SetInheritable(int(fd), on != 0))
}
