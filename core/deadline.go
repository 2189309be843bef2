package core

import "golang.org/x/sys/unix"

// Deadline is an absolute CLOCK_MONOTONIC instant in nanoseconds. A negative
// Deadline means the socket has no timeout: the operation loop then never
// polls (blocking sockets block in the syscall, non-blocking ones return
// EAGAIN), matching CPython's sock_call_ex with timeout <= 0.
type Deadline int64

// NoDeadline is the Deadline of blocking and non-blocking sockets.
const NoDeadline Deadline = -1

// Now returns the current CLOCK_MONOTONIC time in nanoseconds.
func Now() int64 {
	var ts unix.Timespec
	_ = unix.ClockGettime(unix.CLOCK_MONOTONIC, &ts)
	return ts.Nano()
}

// After returns the deadline timeout nanoseconds from now.
func After(timeout int64) Deadline { return Deadline(Now() + timeout) }
