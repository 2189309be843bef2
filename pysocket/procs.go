//go:build pysocket

package main

import (
	"os"
	"runtime"
)

// forkProcs is the GOMAXPROCS gosocket sets at load when the environment
// does not choose one. Go processors (Ps) are cheap while idle; having
// more than there are threads calling into Go leaves idle ones for a forked
// child, whose first call into Go must find a P that no vanished parent
// thread still holds (the child has no sysmon thread to retake them). With
// GOMAXPROCS=2 (this machine's cores) children forked while two threads
// were busy in gosocket hung in 5-12 of 30 tries; with more Ps, none did.
const forkProcs = 64

// init raises GOMAXPROCS to forkProcs unless GOMAXPROCS is set in the
// environment (the runtime reads it at load, and the user's value wins).
// gosocket starts no goroutines: the extra Ps only hold Python threads'
// calls, never run Go work of their own.
func init() {
	if os.Getenv("GOMAXPROCS") == "" && runtime.GOMAXPROCS(0) < forkProcs {
		runtime.GOMAXPROCS(forkProcs)
	}
}
