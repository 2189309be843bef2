//go:build pysocket

package main

import "C"

// gs_fork_probe does nothing. fork.c makes it the first call into Go in a
// forked child, under a watchdog: the child may have inherited the Go
// scheduler in a state no thread of its own will ever leave (sysmon, gone
// in the child, held the scheduler lock or was taking the forking thread's
// Go processor at the moment of fork), and then any call into Go waits
// forever. Seen in about 1 of 100-200 forks of a process that had called
// gosocket in the last milliseconds (Go 1.26).
//
//export gs_fork_probe
func gs_fork_probe() C.int {
	return 0
}
