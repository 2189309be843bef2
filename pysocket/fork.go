//go:build pysocket

package main

import (
	"C"
	"runtime"
)

// gs_fork_probe does nothing. fork.c makes it the first call into Go in a
// forked child, under a watchdog: the child may have inherited the Go
// scheduler in a state no thread of its own will ever leave (sysmon, gone
// in the child, held the scheduler lock or was taking the forking thread's
// Go processor at the moment of fork), and then any call into Go waits
// forever. Seen in up to 1 of 20 forks (often fewer than 1 in 100) of a
// process that had called gosocket a few milliseconds before (Go 1.26),
// until fork.c made forks wait for Go to be quiet; the watchdog stays for
// what that cannot rule out.
//
//export gs_fork_probe
func gs_fork_probe() C.int {
	return 0
}

// gs_fork_settle yields once (runtime.Gosched), in the parent, before a
// fork (fork.c): the scheduler runs the calling thread's goroutine again,
// which clears a preemption mark sysmon may have left on it (acting on
// such a mark needs another Go thread, which a forked child lacks) and
// starts a new time slice, so that sysmon will not mark it again in the
// next 10 ms; while the thread then waits in C, sysmon takes its
// processor without marking anything.
//
//export gs_fork_settle
func gs_fork_settle() C.int {
	runtime.Gosched()
	return 0
}

// gs_go_runtime_patched tells fork.c whether build.py built the extension
// with its changes to Go's runtime (runtimePatched: runtime_patched.go,
// runtime_unpatched.go); fork.c then skips the steps that clear
// preemption marks before a fork (gs_before_fork).
//
//export gs_go_runtime_patched
func gs_go_runtime_patched() C.int {
	if runtimePatched {
		return 1
	}
	return 0
}
