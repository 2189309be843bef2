package core

import (
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// These tests drive the retry loop (run, wait, Connect, ConnectWait, SendAll)
// with errnos injected through the sys* variables; no real descriptor is
// involved (fakeFD is never handed to the kernel).

const fakeFD = 1 << 20

// script is a fake system call: each try takes the next errno of errs (0 is
// success, returning okN) and tries past the end of errs take rest.
type script struct {
	errs  []unix.Errno
	rest  unix.Errno
	okN   int
	tries int
}

func (s *script) next() (int, unix.Errno) {
	e := s.rest
	if s.tries < len(s.errs) {
		e = s.errs[s.tries]
	}
	s.tries++
	if e != 0 {
		return -1, e
	}
	return s.okN, 0
}

// pollStep is one result of the fake poll.
type pollStep struct {
	n int
	e unix.Errno
}

// fakePoll records the calls to sysPoll and answers from steps, then from
// rest. With sleep set, a call that answers 0 (nothing ready) first sleeps
// for the timeout it was given, as the real ppoll would.
type fakePoll struct {
	steps    []pollStep
	rest     pollStep
	sleep    bool
	calls    int
	fd       int
	events   int16
	timeouts []int64
}

func (p *fakePoll) install(t *testing.T) {
	t.Helper()
	swap(t, &sysPoll, func(fd int, events int16, timeout int64) (int, unix.Errno) {
		p.fd, p.events = fd, events
		p.timeouts = append(p.timeouts, timeout)
		s := p.rest
		if p.calls < len(p.steps) {
			s = p.steps[p.calls]
		}
		p.calls++
		if s.n == 0 && s.e == 0 && p.sleep && timeout > 0 {
			time.Sleep(time.Duration(timeout))
		}
		return s.n, s.e
	})
}

// loopOps are the operations that go through run, each with the readiness
// event it must poll for.
var loopOps = []struct {
	name    string
	events  int16
	install func(t *testing.T, s *script)
	call    func(dl Deadline) (int, error)
}{
	{"Recv", unix.POLLIN,
		func(t *testing.T, s *script) {
			swap(t, &sysRecvfrom, func(int, unsafe.Pointer, int, int, unsafe.Pointer, unsafe.Pointer) (int, unix.Errno) { return s.next() })
		},
		func(dl Deadline) (int, error) { return Recv(fakeFD, nil, 64, 0, dl) }},
	{"RecvFrom", unix.POLLIN,
		func(t *testing.T, s *script) {
			swap(t, &sysRecvfrom, func(int, unsafe.Pointer, int, int, unsafe.Pointer, unsafe.Pointer) (int, unix.Errno) { return s.next() })
		},
		func(dl Deadline) (int, error) { return RecvFrom(fakeFD, nil, 64, 0, new(Raw), dl) }},
	{"Send", unix.POLLOUT,
		func(t *testing.T, s *script) {
			swap(t, &sysSendto, func(int, unsafe.Pointer, int, int, unsafe.Pointer, uint32) (int, unix.Errno) { return s.next() })
		},
		func(dl Deadline) (int, error) { return Send(fakeFD, nil, 64, 0, dl) }},
	{"SendTo", unix.POLLOUT,
		func(t *testing.T, s *script) {
			swap(t, &sysSendto, func(int, unsafe.Pointer, int, int, unsafe.Pointer, uint32) (int, unix.Errno) { return s.next() })
		},
		func(dl Deadline) (int, error) { return SendTo(fakeFD, nil, 64, 0, new(Raw), dl) }},
	{"Accept", unix.POLLIN,
		func(t *testing.T, s *script) {
			swap(t, &sysAccept4, func(int, unsafe.Pointer, unsafe.Pointer, int) (int, unix.Errno) { return s.next() })
		},
		func(dl Deadline) (int, error) { return Accept(fakeFD, new(Raw), true, dl) }},
	{"SendMsg", unix.POLLOUT,
		func(t *testing.T, s *script) {
			swap(t, &sysSendmsg, func(int, unsafe.Pointer, int) (int, unix.Errno) { return s.next() })
		},
		func(dl Deadline) (int, error) { return SendMsg(fakeFD, nil, 0, dl) }},
	{"RecvMsg", unix.POLLIN,
		func(t *testing.T, s *script) {
			swap(t, &sysRecvmsg, func(int, unsafe.Pointer, int) (int, unix.Errno) { return s.next() })
		},
		func(dl Deadline) (int, error) { return RecvMsg(fakeFD, nil, 0, dl) }},
}

// Deadline kinds of the loop table.
const (
	dlNone  = iota // NoDeadline
	dlFar          // 10 s from now
	dlShort        // 30 ms from now
	dlPast         // already passed
)

func makeDeadline(kind int) Deadline {
	switch kind {
	case dlFar:
		return After(int64(10 * time.Second))
	case dlShort:
		return After(int64(30 * time.Millisecond))
	case dlPast:
		return Deadline(Now() - 1)
	}
	return NoDeadline
}

func TestLoop(t *testing.T) {
	ok := unix.Errno(0)
	tests := []struct {
		name      string
		dl        int
		errs      []unix.Errno
		rest      unix.Errno
		poll      fakePoll
		wantErr   error // nil: success with the fake's count
		wantTries int   // -1: more than one
		wantPolls int   // -1: at least one
	}{
		// Try first: data ready costs exactly one syscall and no poll,
		// whatever the deadline, even one that has passed.
		{name: "ready/no-deadline", dl: dlNone, wantTries: 1},
		{name: "ready/deadline", dl: dlFar, wantTries: 1},
		{name: "ready/past-deadline", dl: dlPast, wantTries: 1},

		// EINTR goes back to the caller (PEP 475), never retried here.
		{name: "EINTR/no-deadline", dl: dlNone, errs: []unix.Errno{unix.EINTR}, wantErr: unix.EINTR, wantTries: 1},
		{name: "EINTR/deadline", dl: dlFar, errs: []unix.Errno{unix.EINTR}, wantErr: unix.EINTR, wantTries: 1},

		// Other errors are returned as they are, even with a deadline.
		{name: "ECONNRESET/deadline", dl: dlFar, errs: []unix.Errno{unix.ECONNRESET}, wantErr: unix.ECONNRESET, wantTries: 1},

		// EAGAIN without a deadline: a non-blocking socket; no poll.
		{name: "EAGAIN/no-deadline", dl: dlNone, errs: []unix.Errno{unix.EAGAIN}, wantErr: unix.EAGAIN, wantTries: 1},

		// EAGAIN with a deadline: poll, then try again.
		{name: "EAGAIN-then-ready", dl: dlFar, errs: []unix.Errno{unix.EAGAIN, ok}, wantTries: 2, wantPolls: 1},
		{name: "EAGAIN-twice-then-ready", dl: dlFar, errs: []unix.Errno{unix.EAGAIN, unix.EAGAIN, ok}, wantTries: 3, wantPolls: 2},
		{name: "EAGAIN-then-EINTR", dl: dlFar, errs: []unix.Errno{unix.EAGAIN, unix.EINTR}, wantErr: unix.EINTR, wantTries: 2, wantPolls: 1},
		// A poll that wakes up with nothing ready polls again.
		{name: "spurious-wakeup", dl: dlFar, errs: []unix.Errno{unix.EAGAIN, ok},
			poll: fakePoll{steps: []pollStep{{0, 0}}, rest: pollStep{1, 0}}, wantTries: 2, wantPolls: 2},

		// The deadline passes: ErrTimeout, whether poll keeps saying ready
		// (and the syscall EAGAIN) or poll times out.
		{name: "EAGAIN-forever/poll-ready", dl: dlShort, rest: unix.EAGAIN, poll: fakePoll{rest: pollStep{1, 0}},
			wantErr: ErrTimeout, wantTries: -1, wantPolls: -1},
		{name: "EAGAIN-forever/poll-times-out", dl: dlShort, rest: unix.EAGAIN, poll: fakePoll{sleep: true},
			wantErr: ErrTimeout, wantTries: 1, wantPolls: -1},
		{name: "EAGAIN/past-deadline", dl: dlPast, errs: []unix.Errno{unix.EAGAIN}, wantErr: ErrTimeout, wantTries: 1},

		// Errors from poll itself go back to the caller.
		{name: "poll-EINTR", dl: dlFar, errs: []unix.Errno{unix.EAGAIN}, poll: fakePoll{steps: []pollStep{{-1, unix.EINTR}}},
			wantErr: unix.EINTR, wantTries: 1, wantPolls: 1},
		{name: "poll-ENOMEM", dl: dlFar, errs: []unix.Errno{unix.EAGAIN}, poll: fakePoll{steps: []pollStep{{-1, unix.ENOMEM}}},
			wantErr: unix.ENOMEM, wantTries: 1, wantPolls: 1},
	}
	for _, op := range loopOps {
		for _, tt := range tests {
			t.Run(op.name+"/"+tt.name, func(t *testing.T) {
				s := &script{errs: tt.errs, rest: tt.rest, okN: 42}
				op.install(t, s)
				p := tt.poll
				if p.steps == nil && p.rest == (pollStep{}) && !p.sleep {
					p.rest = pollStep{1, 0}
				}
				p.install(t)
				dl := makeDeadline(tt.dl)
				start := time.Now()
				n, err := op.call(dl)
				elapsed := time.Since(start)

				if tt.wantErr == nil {
					if err != nil || n != 42 {
						t.Fatalf("got (%d, %v), want (42, nil)", n, err)
					}
				} else if err != tt.wantErr {
					t.Fatalf("got error %v (%T), want %v", err, err, tt.wantErr)
				}
				switch {
				case tt.wantTries == -1 && s.tries < 2:
					t.Errorf("%d syscalls, want more than one", s.tries)
				case tt.wantTries >= 0 && s.tries != tt.wantTries:
					t.Errorf("%d syscalls, want %d", s.tries, tt.wantTries)
				}
				switch {
				case tt.wantPolls == -1 && p.calls < 1:
					t.Errorf("no poll, want at least one")
				case tt.wantPolls >= 0 && p.calls != tt.wantPolls:
					t.Errorf("%d polls, want %d", p.calls, tt.wantPolls)
				}
				if p.calls > 0 {
					if p.fd != fakeFD || p.events != op.events {
						t.Errorf("poll(fd %d, events %#x), want (%d, %#x)", p.fd, p.events, fakeFD, op.events)
					}
					for _, to := range p.timeouts {
						if to <= 0 || to > int64(10*time.Second) {
							t.Errorf("poll timeout %d ns, want within (0, 10s]", to)
						}
					}
				}
				if tt.wantErr == ErrTimeout && tt.dl == dlShort {
					if elapsed < 30*time.Millisecond || elapsed > 5*time.Second {
						t.Errorf("timed out after %v, want about 30ms", elapsed)
					}
				}
			})
		}
	}
}

// TestLoopArguments checks what the operations hand to the kernel: the
// descriptor, buffer, length and flags, and for the address-returning calls
// a Raw reset (AF_UNSPEC, length 128) before every try.
func TestLoopArguments(t *testing.T) {
	buf := make([]byte, 16)
	from := new(Raw)
	tries := 0
	swap(t, &sysRecvfrom, func(fd int, p unsafe.Pointer, n, flags int, f, fl unsafe.Pointer) (int, unix.Errno) {
		tries++
		if fd != fakeFD || p != ptr(buf) || n != 16 || flags != unix.MSG_PEEK {
			t.Errorf("recvfrom(%d, %p, %d, %#x)", fd, p, n, flags)
		}
		if f != unsafe.Pointer(&from.Any) || fl != unsafe.Pointer(&from.Len) {
			t.Errorf("recvfrom address arguments %p %p, want %p %p", f, fl, &from.Any, &from.Len)
		}
		if from.Len != 128 || from.Family() != unix.AF_UNSPEC {
			t.Errorf("try %d: Raw not reset: len %d family %d", tries, from.Len, from.Family())
		}
		// Leave a stale address behind, as a failed call might.
		from.Len, from.Any.Addr.Family = 7, unix.AF_INET
		if tries == 1 {
			return -1, unix.EAGAIN
		}
		return 3, 0
	})
	(&fakePoll{rest: pollStep{1, 0}}).install(t)
	if n, err := RecvFrom(fakeFD, ptr(buf), len(buf), unix.MSG_PEEK, from, makeDeadline(dlFar)); n != 3 || err != nil {
		t.Fatalf("RecvFrom = (%d, %v)", n, err)
	}

	to := new(Raw)
	loopbackRaw(unix.AF_INET, 80, to)
	swap(t, &sysSendto, func(fd int, p unsafe.Pointer, n, flags int, a unsafe.Pointer, al uint32) (int, unix.Errno) {
		if fd != fakeFD || p != ptr(buf) || n != 5 || flags != unix.MSG_NOSIGNAL || a != unsafe.Pointer(&to.Any) || al != unix.SizeofSockaddrInet4 {
			t.Errorf("sendto(%d, %p, %d, %#x, %p, %d)", fd, p, n, flags, a, al)
		}
		return n, 0
	})
	if n, err := SendTo(fakeFD, ptr(buf), 5, unix.MSG_NOSIGNAL, to, NoDeadline); n != 5 || err != nil {
		t.Fatalf("SendTo = (%d, %v)", n, err)
	}

	for _, tt := range []struct {
		cloexec bool
		flags   int
	}{{true, unix.SOCK_CLOEXEC}, {false, 0}} {
		swap(t, &sysAccept4, func(fd int, sa, sl unsafe.Pointer, flags int) (int, unix.Errno) {
			if fd != fakeFD || sa != unsafe.Pointer(&from.Any) || sl != unsafe.Pointer(&from.Len) || flags != tt.flags {
				t.Errorf("accept4(%d, %p, %p, %#x), want flags %#x", fd, sa, sl, flags, tt.flags)
			}
			if from.Len != 128 {
				t.Errorf("accept4: Raw not reset")
			}
			return 9, 0
		})
		if fd, err := Accept(fakeFD, from, tt.cloexec, NoDeadline); fd != 9 || err != nil {
			t.Fatalf("Accept = (%d, %v)", fd, err)
		}
	}
}

// TestSendAllLoop checks SendAll over partial writes: it advances through the
// buffer, shares one deadline, stops at the first error with the count sent
// so far, and without a deadline returns after a short write (a signal may
// have cut it short: the caller runs the handlers before going on).
func TestSendAllLoop(t *testing.T) {
	const total = 10000
	buf := make([]byte, total)
	tests := []struct {
		name      string
		dl        int
		errs      []unix.Errno // per call; past the end: success
		chunk     int          // the most one sendto takes
		wantSent  int
		wantErr   error
		wantPolls int
	}{
		{name: "one-call", dl: dlNone, chunk: total, wantSent: total},
		{name: "partial-writes-deadline", dl: dlFar, chunk: 3000, wantSent: total},
		{name: "short-write-no-deadline", dl: dlNone, chunk: 3000, wantSent: 3000},
		{name: "EINTR-midway", dl: dlFar, chunk: 3000, errs: []unix.Errno{0, 0, unix.EINTR}, wantSent: 6000, wantErr: unix.EINTR},
		{name: "EAGAIN-first-no-deadline", dl: dlNone, chunk: 3000, errs: []unix.Errno{unix.EAGAIN}, wantSent: 0, wantErr: unix.EAGAIN},
		{name: "EAGAIN-midway-deadline", dl: dlFar, chunk: 3000, errs: []unix.Errno{0, unix.EAGAIN}, wantSent: total, wantPolls: 1},
		{name: "EPIPE-first", dl: dlFar, chunk: 3000, errs: []unix.Errno{unix.EPIPE}, wantSent: 0, wantErr: unix.EPIPE},
		{name: "timeout-midway", dl: dlPast, chunk: 3000, errs: []unix.Errno{0, unix.EAGAIN}, wantSent: 3000, wantErr: ErrTimeout},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			call, off := 0, 0
			swap(t, &sysSendto, func(fd int, p unsafe.Pointer, n, flags int, to unsafe.Pointer, tolen uint32) (int, unix.Errno) {
				defer func() { call++ }()
				if p != unsafe.Pointer(&buf[off]) || n != total-off || flags != unix.MSG_NOSIGNAL || to != nil || tolen != 0 {
					t.Errorf("sendto call %d: (%p, %d, %#x), want (%p, %d)", call, p, n, flags, &buf[off], total-off)
				}
				if call < len(tt.errs) && tt.errs[call] != 0 {
					return -1, tt.errs[call]
				}
				k := min(n, tt.chunk)
				off += k
				return k, 0
			})
			p := &fakePoll{rest: pollStep{1, 0}}
			p.install(t)
			sent, err := SendAll(fakeFD, ptr(buf), total, unix.MSG_NOSIGNAL, makeDeadline(tt.dl))
			if sent != tt.wantSent || err != tt.wantErr {
				t.Fatalf("SendAll = (%d, %v), want (%d, %v)", sent, err, tt.wantSent, tt.wantErr)
			}
			if p.calls != tt.wantPolls {
				t.Errorf("%d polls, want %d", p.calls, tt.wantPolls)
			}
		})
	}
	// Empty data is one send(2), as CPython's sendall makes, so that a
	// closed or broken socket reports its error.
	for _, tt := range []struct {
		name string
		err  unix.Errno
	}{{"empty", 0}, {"empty on a closed socket", unix.EBADF}} {
		t.Run(tt.name, func(t *testing.T) {
			calls := 0
			swap(t, &sysSendto, func(_ int, _ unsafe.Pointer, n int, _ int, _ unsafe.Pointer, _ uint32) (int, unix.Errno) {
				calls++
				if n != 0 {
					t.Errorf("send of %d bytes, want 0", n)
				}
				if tt.err != 0 {
					return -1, tt.err
				}
				return 0, 0
			})
			var want error
			if tt.err != 0 {
				want = tt.err
			}
			sent, err := SendAll(fakeFD, nil, 0, 0, NoDeadline)
			if calls != 1 || sent != 0 || err != want {
				t.Fatalf("SendAll = (%d, %v) after %d send calls, want (0, %v) after 1", sent, err, calls, want)
			}
		})
	}
}

func TestConnectLoop(t *testing.T) {
	tests := []struct {
		name       string
		dl         int
		connect    unix.Errno
		poll       fakePoll
		soErr      int
		soErrno    unix.Errno // getsockopt itself failing
		want       error
		wantPolls  int // -1: at least one
		wantSoErrs int
	}{
		{name: "immediate", dl: dlFar, want: nil},
		{name: "immediate-refused", dl: dlFar, connect: unix.ECONNREFUSED, want: unix.ECONNREFUSED},
		{name: "EINTR", dl: dlFar, connect: unix.EINTR, want: unix.EINTR},
		{name: "EINPROGRESS/no-deadline", dl: dlNone, connect: unix.EINPROGRESS, want: unix.EINPROGRESS},
		{name: "EINPROGRESS/connected", dl: dlFar, connect: unix.EINPROGRESS, want: nil, wantPolls: 1, wantSoErrs: 1},
		{name: "EINPROGRESS/refused", dl: dlFar, connect: unix.EINPROGRESS, soErr: int(unix.ECONNREFUSED),
			want: unix.ECONNREFUSED, wantPolls: 1, wantSoErrs: 1},
		{name: "EINPROGRESS/getsockopt-fails", dl: dlFar, connect: unix.EINPROGRESS, soErrno: unix.EBADF,
			want: unix.EBADF, wantPolls: 1, wantSoErrs: 1},
		{name: "EINPROGRESS/poll-EINTR", dl: dlFar, connect: unix.EINPROGRESS,
			poll: fakePoll{steps: []pollStep{{-1, unix.EINTR}}}, want: unix.EINTR, wantPolls: 1},
		{name: "EINPROGRESS/spurious-wakeup", dl: dlFar, connect: unix.EINPROGRESS,
			poll: fakePoll{steps: []pollStep{{0, 0}}, rest: pollStep{1, 0}}, want: nil, wantPolls: 2, wantSoErrs: 1},
		{name: "EINPROGRESS/past-deadline", dl: dlPast, connect: unix.EINPROGRESS, want: ErrTimeout},
		{name: "EINPROGRESS/timeout", dl: dlShort, connect: unix.EINPROGRESS,
			poll: fakePoll{sleep: true}, want: ErrTimeout, wantPolls: -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			to := new(Raw)
			loopbackRaw(unix.AF_INET6, 80, to)
			connects, soErrs := 0, 0
			swap(t, &sysConnect, func(fd int, sa unsafe.Pointer, salen uint32) (int, unix.Errno) {
				connects++
				if fd != fakeFD || sa != unsafe.Pointer(&to.Any) || salen != unix.SizeofSockaddrInet6 {
					t.Errorf("connect(%d, %p, %d)", fd, sa, salen)
				}
				return 0, tt.connect
			})
			swap(t, &sysSoError, func(fd int) (int, unix.Errno) {
				soErrs++
				if fd != fakeFD {
					t.Errorf("getsockopt fd %d", fd)
				}
				return tt.soErr, tt.soErrno
			})
			p := tt.poll
			if p.steps == nil && !p.sleep {
				p.rest = pollStep{1, 0}
			}
			p.install(t)
			err := Connect(fakeFD, to, makeDeadline(tt.dl))
			if err != tt.want {
				t.Fatalf("Connect = %v, want %v", err, tt.want)
			}
			if connects != 1 {
				t.Errorf("%d connects, want 1 (connect is never retried)", connects)
			}
			if tt.wantPolls == -1 && p.calls < 1 || tt.wantPolls >= 0 && p.calls != tt.wantPolls {
				t.Errorf("%d polls, want %d", p.calls, tt.wantPolls)
			}
			if p.calls > 0 && (p.fd != fakeFD || p.events != unix.POLLOUT) {
				t.Errorf("poll(%d, %#x), want POLLOUT on the socket", p.fd, p.events)
			}
			if soErrs != tt.wantSoErrs {
				t.Errorf("%d SO_ERROR reads, want %d", soErrs, tt.wantSoErrs)
			}
		})
	}
}

// TestConnectWait covers the call made after an EINTR or EINPROGRESS
// connect: a negative deadline waits forever (ppoll with a NULL timeout).
func TestConnectWait(t *testing.T) {
	tests := []struct {
		name        string
		dl          int
		poll        fakePoll
		soErr       int
		want        error
		wantTimeout int64 // of the first poll; 0: don't check
	}{
		{name: "no-deadline/connected", dl: dlNone, poll: fakePoll{rest: pollStep{1, 0}}, want: nil, wantTimeout: -1},
		{name: "no-deadline/refused", dl: dlNone, poll: fakePoll{rest: pollStep{1, 0}}, soErr: int(unix.ECONNREFUSED), want: unix.ECONNREFUSED, wantTimeout: -1},
		{name: "no-deadline/poll-EINTR", dl: dlNone, poll: fakePoll{rest: pollStep{-1, unix.EINTR}}, want: unix.EINTR, wantTimeout: -1},
		{name: "deadline/poll-EINTR", dl: dlFar, poll: fakePoll{rest: pollStep{-1, unix.EINTR}}, want: unix.EINTR},
		{name: "deadline/ETIMEDOUT", dl: dlFar, poll: fakePoll{rest: pollStep{1, 0}}, soErr: int(unix.ETIMEDOUT), want: unix.ETIMEDOUT},
		{name: "deadline/timeout", dl: dlShort, poll: fakePoll{sleep: true}, want: ErrTimeout},
		{name: "past-deadline", dl: dlPast, poll: fakePoll{rest: pollStep{1, 0}}, want: ErrTimeout},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			swap(t, &sysConnect, func(int, unsafe.Pointer, uint32) (int, unix.Errno) {
				t.Error("ConnectWait called connect")
				return 0, 0
			})
			swap(t, &sysSoError, func(int) (int, unix.Errno) { return tt.soErr, 0 })
			p := tt.poll
			p.install(t)
			if err := ConnectWait(fakeFD, makeDeadline(tt.dl)); err != tt.want {
				t.Fatalf("ConnectWait = %v, want %v", err, tt.want)
			}
			if tt.wantTimeout != 0 && (len(p.timeouts) == 0 || p.timeouts[0] != tt.wantTimeout) {
				t.Errorf("poll timeouts %v, want first %d", p.timeouts, tt.wantTimeout)
			}
			if p.calls > 0 && p.events != unix.POLLOUT {
				t.Errorf("poll events %#x, want POLLOUT", p.events)
			}
		})
	}
}

// TestWaitTimeoutArgument checks that the poll timeout is the time left to
// the deadline, recomputed on every poll.
func TestWaitTimeoutArgument(t *testing.T) {
	p := &fakePoll{steps: []pollStep{{0, 0}, {0, 0}}, rest: pollStep{1, 0}}
	p.install(t)
	const d = int64(5 * time.Second)
	dl := After(d)
	if err := wait(fakeFD, unix.POLLIN, dl); err != nil {
		t.Fatalf("wait = %v", err)
	}
	if len(p.timeouts) != 3 {
		t.Fatalf("%d polls, want 3", len(p.timeouts))
	}
	for i, to := range p.timeouts {
		if to <= 0 || to > d {
			t.Errorf("poll %d: timeout %d, want within (0, %d]", i, to, d)
		}
		if i > 0 && to > p.timeouts[i-1] {
			t.Errorf("poll %d: timeout %d grew from %d", i, to, p.timeouts[i-1])
		}
	}
}

// TestRealPoll exercises the real sysPoll: a timeout with nothing ready, a
// ready descriptor, and an infinite wait on a ready descriptor.
func TestRealPoll(t *testing.T) {
	a, b := pair(t, unix.SOCK_STREAM, true)
	start := time.Now()
	if n, e := sysPoll(a, unix.POLLIN, int64(20*time.Millisecond)); n != 0 || e != 0 {
		t.Fatalf("poll on an empty socket = (%d, %v), want (0, 0)", n, e)
	}
	if el := time.Since(start); el < 20*time.Millisecond {
		t.Errorf("poll returned after %v, want at least 20ms", el)
	}
	if n, e := sysPoll(a, unix.POLLOUT, 0); n != 1 || e != 0 {
		t.Fatalf("poll POLLOUT = (%d, %v), want (1, 0)", n, e)
	}
	msg := []byte("x")
	if _, err := Send(b, ptr(msg), 1, 0, NoDeadline); err != nil {
		t.Fatal(err)
	}
	if n, e := sysPoll(a, unix.POLLIN, -1); n != 1 || e != 0 {
		t.Fatalf("poll with no timeout = (%d, %v), want (1, 0)", n, e)
	}
	if v, e := sysSoError(a); v != 0 || e != 0 {
		t.Fatalf("SO_ERROR = (%d, %v)", v, e)
	}
	if _, e := sysSoError(-1); e != unix.EBADF {
		t.Fatalf("SO_ERROR on -1 = %v, want EBADF", e)
	}
}
