package core

import "golang.org/x/sys/unix"

// run is the one retry loop every socket operation goes through (the shape of
// Go's internal/poll and of CPython's sock_call_ex, but trying first):
//
//  1. try the syscall;
//  2. EINTR: return it, so the caller can run Python's signal handlers and
//     call again with the time left (PEP 475);
//  3. EAGAIN with a deadline: wait for readiness until the deadline, then 1;
//     the deadline passing gives ErrTimeout;
//  4. anything else: return it.
//
// Trying first means an operation whose data is already there costs one
// syscall where CPython, which polls first, costs two. try must not capture
// anything it takes the address of, or the closure would allocate.
func run(fd int, events int16, dl Deadline, try func() (int, unix.Errno)) (int, error) {
	for {
		n, e := try()
		if e == 0 {
			return n, nil
		}
		if e != unix.EAGAIN || dl < 0 {
			return n, e
		}
		if err := wait(fd, events, dl); err != nil {
			return 0, err
		}
	}
}

// wait polls fd for events until dl; a negative dl waits forever. It returns
// nil when fd is ready (or in an error state, which the retried syscall will
// report), ErrTimeout when dl passes, and EINTR when a signal interrupted it.
// Like CPython, it polls again after a wakeup with nothing ready.
func wait(fd int, events int16, dl Deadline) error {
	for {
		left := int64(-1)
		if dl >= 0 {
			left = int64(dl) - Now()
			if left <= 0 {
				return ErrTimeout
			}
		}
		n, e := sysPoll(fd, events, left)
		if e != 0 {
			return e
		}
		if n > 0 {
			return nil
		}
	}
}
