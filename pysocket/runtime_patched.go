//go:build pysocket && gosocket_runtime

package main

/*
extern int gs_go_forking;
*/
import "C"

import "unsafe"

// runtimePatched: build.py built this extension with its changes to Go's
// runtime (build.py: RUNTIME_PATCHES), and the build tag gosocket_runtime.
const runtimePatched = true

// gosocketForking is the runtime's pointer to fork.c's flag that a fork is
// being prepared (build.py's third runtime change): sysmon skips its pass
// while the flag is up, so it holds no runtime lock when the fork happens.
//
//go:linkname gosocketForking runtime.gosocketForking
var gosocketForking *uint32

// init points the runtime at fork.c's flag (C memory, which never moves).
func init() {
	gosocketForking = (*uint32)(unsafe.Pointer(&C.gs_go_forking))
}
