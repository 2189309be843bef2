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

// The network interface exports: if_nameindex, if_nametoindex and
// if_indextoname, over core's netlink dump and ioctls.

// gs_if_nameindex lists the interfaces into out, up to max of them (names
// NUL-terminated, truncated to fit); *n is how many there were: more than
// max means the caller should call again with room.
//
//export gs_if_nameindex
func gs_if_nameindex(out *C.gs_ifname, max C.int, n *C.int) (rc C.int) {
	defer recovered(&rc)
	res := unsafe.Slice(out, int(max))
	count := 0
	err := core.IfNameIndex(func(index uint32, name []byte) {
		if count < len(res) {
			o := &res[count]
			o.index = C.uint(index)
			dst := unsafe.Slice((*byte)(unsafe.Pointer(&o.name[0])), len(o.name))
			dst[copy(dst[:len(dst)-1], name)] = 0
		}
		count++
	})
	*n = C.int(count)
	return status(err)
}

// gs_if_nametoindex stores in *index the index of the interface called
// name (n bytes), 0 when there is none.
//
//export gs_if_nametoindex
func gs_if_nametoindex(name *C.char, n C.long, index *C.uint) (rc C.int) {
	defer recovered(&rc)
	*index = C.uint(core.IfNameToIndex(unsafe.Slice((*byte)(unsafe.Pointer(name)), int(n))))
	return C.GS_OK
}

// gs_if_indextoname writes the name of interface index into name (n bytes,
// NUL-terminated); no such interface is ENXIO.
//
//export gs_if_indextoname
func gs_if_indextoname(index C.uint, name *C.char, n C.int) (rc C.int) {
	defer recovered(&rc)
	_, err := core.IfIndexToName(uint32(index), unsafe.Slice((*byte)(unsafe.Pointer(name)), int(n)))
	return status(err)
}
