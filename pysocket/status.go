//go:build pysocket

package main

/*
#include "gs.h"
*/
import "C"

import (
	"gosocket/core"

	"golang.org/x/sys/unix"
)

// status turns a core error into the status code the C glue maps to a
// Python exception (see gs.h). It allocates nothing.
func status(err error) C.int {
	switch e := err.(type) {
	case nil:
		return C.GS_OK
	case unix.Errno:
		return C.int(e)
	case core.AddrError:
		return C.GS_EADDR_FIRST - C.int(e)
	case rangeError:
		return C.GS_EADDR_PORT - C.int(e)
	}
	if err == core.ErrNeedLookup {
		return C.GS_ELOOKUP
	}
	return C.GS_EPANIC
}

// recovered is deferred by every export: a Go panic becomes GS_EPANIC,
// which the C glue raises as SystemError, instead of killing the process.
func recovered(rc *C.int) {
	if recover() != nil {
		*rc = C.GS_EPANIC
	}
}
