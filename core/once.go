package core

import "golang.org/x/sys/unix"

// once is the whole of an operation in core: one system call, made so that it
// cannot wait (MSG_DONTWAIT, or a descriptor that is non-blocking for the
// call), its errno turned into an error value. Nothing in core waits: EAGAIN,
// EINPROGRESS and EINTR go back to the binding, whose call layer waits with
// poll(2) outside Go (so a fork never finds a thread waiting inside the Go
// runtime). Trying first means an operation whose data is already there costs
// one system call where CPython, which polls first when a socket has a
// timeout, costs two.
func once(n int, e unix.Errno) (int, error) {
	if e != 0 {
		return n, e
	}
	return n, nil
}
