package core

import (
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// These tests drive the operations with errnos injected through the sys*
// variables: every operation is one attempt (once), whatever the kernel
// says. fakeFD is never handed to the kernel.

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

// TestOnce: once turns an errno into an error value and nothing else: 0 is a
// nil error (not a typed nil), any other errno is that unix.Errno, and the
// count comes back as the kernel gave it.
func TestOnce(t *testing.T) {
	tests := []struct {
		n    int
		e    unix.Errno
		want error
	}{
		{0, 0, nil},
		{42, 0, nil},
		{-1, unix.EAGAIN, unix.EAGAIN},
		{-1, unix.EINTR, unix.EINTR},
		{-1, unix.EINPROGRESS, unix.EINPROGRESS},
		{-1, unix.ECONNRESET, unix.ECONNRESET},
		{-1, unix.EBADF, unix.EBADF},
	}
	for _, tt := range tests {
		n, err := once(tt.n, tt.e)
		if n != tt.n || err != tt.want {
			t.Errorf("once(%d, %v) = (%d, %v), want (%d, %v)", tt.n, tt.e, n, err, tt.n, tt.want)
		}
		if tt.want == nil && err != nil {
			t.Errorf("once(%d, 0) returned a non-nil error %#v", tt.n, err)
		}
	}
}

// oneShotOps are the operations, each with a way to inject errnos into its
// one system call. okN is what the fake call returns on success and wantN
// what the operation must then return (they differ for a GSO send, which
// counts groups in the kernel and datagrams to the caller).
var oneShotOps = []struct {
	name    string
	okN     int
	wantN   int
	install func(t *testing.T, s *script)
	call    func() (int, error)
}{
	{"Recv", 42, 42,
		func(t *testing.T, s *script) {
			swap(t, &sysRecvfrom, func(int, unsafe.Pointer, int, int, unsafe.Pointer, unsafe.Pointer) (int, unix.Errno) { return s.next() })
		},
		func() (int, error) { return Recv(fakeFD, nil, 64, 0) }},
	{"Recv/MSG_DONTWAIT", 42, 42,
		func(t *testing.T, s *script) {
			swap(t, &sysRecvfrom, func(int, unsafe.Pointer, int, int, unsafe.Pointer, unsafe.Pointer) (int, unix.Errno) { return s.next() })
		},
		func() (int, error) { return Recv(fakeFD, nil, 64, unix.MSG_DONTWAIT) }},
	{"RecvFrom", 42, 42,
		func(t *testing.T, s *script) {
			swap(t, &sysRecvfrom, func(int, unsafe.Pointer, int, int, unsafe.Pointer, unsafe.Pointer) (int, unix.Errno) { return s.next() })
		},
		func() (int, error) { return RecvFrom(fakeFD, nil, 64, 0, new(Raw)) }},
	{"Send", 42, 42,
		func(t *testing.T, s *script) {
			swap(t, &sysSendto, func(int, unsafe.Pointer, int, int, unsafe.Pointer, uint32) (int, unix.Errno) { return s.next() })
		},
		func() (int, error) { return Send(fakeFD, nil, 64, 0) }},
	{"SendTo", 42, 42,
		func(t *testing.T, s *script) {
			swap(t, &sysSendto, func(int, unsafe.Pointer, int, int, unsafe.Pointer, uint32) (int, unix.Errno) { return s.next() })
		},
		func() (int, error) { return SendTo(fakeFD, nil, 64, 0, new(Raw)) }},
	{"Accept", 42, 42,
		func(t *testing.T, s *script) {
			swap(t, &sysAccept4, func(int, unsafe.Pointer, unsafe.Pointer, int) (int, unix.Errno) { return s.next() })
		},
		func() (int, error) { return Accept(fakeFD, new(Raw), true) }},
	{"Connect", 0, 0,
		func(t *testing.T, s *script) {
			swap(t, &sysConnect, func(int, unsafe.Pointer, uint32) (int, unix.Errno) { return s.next() })
		},
		func() (int, error) { return 0, Connect(fakeFD, new(Raw), false) }},
	{"ConnectResult", 0, 0,
		func(t *testing.T, s *script) {
			// SO_ERROR holds the errno of the connect as a value.
			swap(t, &sysSoError, func(int) (int, unix.Errno) {
				_, e := s.next()
				return int(e), 0
			})
		},
		func() (int, error) { return 0, ConnectResult(fakeFD) }},
	{"SendMsg", 42, 42,
		func(t *testing.T, s *script) {
			swap(t, &sysSendmsg, func(int, unsafe.Pointer, int) (int, unix.Errno) { return s.next() })
		},
		func() (int, error) { return SendMsg(fakeFD, nil, 0) }},
	{"RecvMsg", 42, 42,
		func(t *testing.T, s *script) {
			swap(t, &sysRecvmsg, func(int, unsafe.Pointer, int) (int, unix.Errno) { return s.next() })
		},
		func() (int, error) { return RecvMsg(fakeFD, nil, 0) }},
	{"SendMmsg", 3, 3,
		func(t *testing.T, s *script) {
			swap(t, &sysSendmmsg, func(int, unsafe.Pointer, int, int) (int, unix.Errno) { return s.next() })
		},
		func() (int, error) {
			b := newBatch([]int{8, 8, 8}, nil)
			return SendMmsg(fakeFD, b.first(), 3, 0, GSO{})
		}},
	{"SendMmsg/gso", 1, 3, // one GSO group of three datagrams
		func(t *testing.T, s *script) {
			swap(t, &sysUDPCork, func(int) (int, unix.Errno) { return 0, 0 })
			swap(t, &sysSendmmsg, func(int, unsafe.Pointer, int, int) (int, unix.Errno) { return s.next() })
		},
		func() (int, error) {
			to := new(Raw)
			to.Len = 16
			b := newBatch([]int{8, 8, 8}, to)
			return SendMmsg(fakeFD, b.first(), 3, 0, b.gso)
		}},
	{"RecvMmsg", 2, 2,
		func(t *testing.T, s *script) {
			swap(t, &sysRecvmmsg, func(int, unsafe.Pointer, int, int) (int, unix.Errno) { return s.next() })
		},
		func() (int, error) {
			b := newBatch([]int{8, 8}, nil)
			return RecvMmsg(fakeFD, b.first(), 2, 0)
		}},
	{"SendFile", 42, 42,
		func(t *testing.T, s *script) {
			swap(t, &sysSendfile, func(int, int, unsafe.Pointer, int) (int, unix.Errno) { return s.next() })
		},
		func() (int, error) { return SendFile(fakeFD, fakeFD+1, new(int64), 64, false) }},
}

// TestOneAttempt: whatever errno the kernel gives, an operation makes its
// system call exactly once and returns the errno as is. EINTR (PEP 475:
// the binding runs the signal handlers and calls again), EAGAIN (the
// binding polls) and EINPROGRESS (the binding waits for POLLOUT and asks
// ConnectResult) are never retried nor waited for inside core.
func TestOneAttempt(t *testing.T) {
	tests := []struct {
		name string
		e    unix.Errno // 0: success
	}{
		{"ready", 0},
		{"EINTR", unix.EINTR},
		{"EAGAIN", unix.EAGAIN},
		{"EINPROGRESS", unix.EINPROGRESS},
		{"EALREADY", unix.EALREADY},
		{"ECONNRESET", unix.ECONNRESET},
		{"EBADF", unix.EBADF},
	}
	for _, op := range oneShotOps {
		for _, tt := range tests {
			t.Run(op.name+"/"+tt.name, func(t *testing.T) {
				// Every try after the first would succeed: a retry
				// shows as a success or as a second try.
				s := &script{errs: []unix.Errno{tt.e}, okN: op.okN}
				op.install(t, s)
				n, err := op.call()
				if tt.e == 0 {
					if err != nil || n != op.wantN {
						t.Fatalf("got (%d, %v), want (%d, nil)", n, err, op.wantN)
					}
				} else if err != tt.e {
					t.Fatalf("got error %v (%T), want %v", err, err, tt.e)
				}
				if s.tries != 1 {
					t.Errorf("%d system calls, want 1", s.tries)
				}
			})
		}
	}
}

// TestArguments checks what the operations hand to the kernel: the
// descriptor, buffer, length and flags, and for the address-returning calls
// a Raw reset (AF_UNSPEC, length 128) before the call.
func TestArguments(t *testing.T) {
	buf := make([]byte, 16)
	from := dirty()
	tries := 0
	swap(t, &sysRecvfrom, func(fd int, p unsafe.Pointer, n, flags int, f, fl unsafe.Pointer) (int, unix.Errno) {
		tries++
		if fd != fakeFD || p != ptr(buf) || n != 16 || flags != unix.MSG_PEEK|unix.MSG_DONTWAIT {
			t.Errorf("recvfrom(%d, %p, %d, %#x)", fd, p, n, flags)
		}
		if f != unsafe.Pointer(&from.Any) || fl != unsafe.Pointer(&from.Len) {
			t.Errorf("recvfrom address arguments %p %p, want %p %p", f, fl, &from.Any, &from.Len)
		}
		if from.Len != 128 || from.Family() != unix.AF_UNSPEC {
			t.Errorf("Raw not reset: len %d family %d", from.Len, from.Family())
		}
		return 3, 0
	})
	if n, err := RecvFrom(fakeFD, ptr(buf), len(buf), unix.MSG_PEEK|unix.MSG_DONTWAIT, from); n != 3 || err != nil || tries != 1 {
		t.Fatalf("RecvFrom = (%d, %v) after %d calls", n, err, tries)
	}
	swap(t, &sysRecvfrom, func(fd int, p unsafe.Pointer, n, flags int, f, fl unsafe.Pointer) (int, unix.Errno) {
		if fd != fakeFD || p != ptr(buf) || n != 7 || flags != unix.MSG_TRUNC || f != nil || fl != nil {
			t.Errorf("recvfrom(%d, %p, %d, %#x, %p, %p)", fd, p, n, flags, f, fl)
		}
		return 7, 0
	})
	if n, err := Recv(fakeFD, ptr(buf), 7, unix.MSG_TRUNC); n != 7 || err != nil {
		t.Fatalf("Recv = (%d, %v)", n, err)
	}

	to := new(Raw)
	loopbackRaw(unix.AF_INET, 80, to)
	swap(t, &sysSendto, func(fd int, p unsafe.Pointer, n, flags int, a unsafe.Pointer, al uint32) (int, unix.Errno) {
		if fd != fakeFD || p != ptr(buf) || n != 5 || flags != unix.MSG_NOSIGNAL || a != unsafe.Pointer(&to.Any) || al != unix.SizeofSockaddrInet4 {
			t.Errorf("sendto(%d, %p, %d, %#x, %p, %d)", fd, p, n, flags, a, al)
		}
		return n, 0
	})
	if n, err := SendTo(fakeFD, ptr(buf), 5, unix.MSG_NOSIGNAL, to); n != 5 || err != nil {
		t.Fatalf("SendTo = (%d, %v)", n, err)
	}
	swap(t, &sysSendto, func(fd int, p unsafe.Pointer, n, flags int, a unsafe.Pointer, al uint32) (int, unix.Errno) {
		if fd != fakeFD || p != ptr(buf) || n != 4 || flags != unix.MSG_DONTWAIT || a != nil || al != 0 {
			t.Errorf("sendto(%d, %p, %d, %#x, %p, %d)", fd, p, n, flags, a, al)
		}
		return n, 0
	})
	if n, err := Send(fakeFD, ptr(buf), 4, unix.MSG_DONTWAIT); n != 4 || err != nil {
		t.Fatalf("Send = (%d, %v)", n, err)
	}

	for _, tt := range []struct {
		cloexec bool
		flags   int
	}{{true, unix.SOCK_CLOEXEC}, {false, 0}} {
		from.Len, from.Any.Addr.Family = 7, unix.AF_INET
		swap(t, &sysAccept4, func(fd int, sa, sl unsafe.Pointer, flags int) (int, unix.Errno) {
			if fd != fakeFD || sa != unsafe.Pointer(&from.Any) || sl != unsafe.Pointer(&from.Len) || flags != tt.flags {
				t.Errorf("accept4(%d, %p, %p, %#x), want flags %#x", fd, sa, sl, flags, tt.flags)
			}
			if from.Len != 128 || from.Family() != unix.AF_UNSPEC {
				t.Errorf("accept4: Raw not reset")
			}
			return 9, 0
		})
		if fd, err := Accept(fakeFD, from, tt.cloexec); fd != 9 || err != nil {
			t.Fatalf("Accept = (%d, %v)", fd, err)
		}
	}

	to6 := new(Raw)
	loopbackRaw(unix.AF_INET6, 80, to6)
	swap(t, &sysConnect, func(fd int, sa unsafe.Pointer, salen uint32) (int, unix.Errno) {
		if fd != fakeFD || sa != unsafe.Pointer(&to6.Any) || salen != unix.SizeofSockaddrInet6 {
			t.Errorf("connect(%d, %p, %d)", fd, sa, salen)
		}
		return 0, 0
	})
	if err := Connect(fakeFD, to6, false); err != nil {
		t.Fatalf("Connect = %v", err)
	}

	swap(t, &sysSendmsg, func(fd int, msg unsafe.Pointer, flags int) (int, unix.Errno) {
		if fd != fakeFD || msg != ptr(buf) || flags != unix.MSG_EOR {
			t.Errorf("sendmsg(%d, %p, %#x)", fd, msg, flags)
		}
		return 1, 0
	})
	if n, err := SendMsg(fakeFD, ptr(buf), unix.MSG_EOR); n != 1 || err != nil {
		t.Fatalf("SendMsg = (%d, %v)", n, err)
	}
	swap(t, &sysRecvmsg, func(fd int, msg unsafe.Pointer, flags int) (int, unix.Errno) {
		if fd != fakeFD || msg != ptr(buf) || flags != unix.MSG_CMSG_CLOEXEC {
			t.Errorf("recvmsg(%d, %p, %#x)", fd, msg, flags)
		}
		return 2, 0
	})
	if n, err := RecvMsg(fakeFD, ptr(buf), unix.MSG_CMSG_CLOEXEC); n != 2 || err != nil {
		t.Fatalf("RecvMsg = (%d, %v)", n, err)
	}

	off := new(int64)
	swap(t, &sysSendfile, func(out, in int, o unsafe.Pointer, n int) (int, unix.Errno) {
		if out != fakeFD || in != fakeFD+1 || o != unsafe.Pointer(off) || n != 99 {
			t.Errorf("sendfile(%d, %d, %p, %d)", out, in, o, n)
		}
		return 99, 0
	})
	if n, err := SendFile(fakeFD, fakeFD+1, off, 99, false); n != 99 || err != nil {
		t.Fatalf("SendFile = (%d, %v)", n, err)
	}
}

// TestConnectResult reads the outcome of a background connect from
// SO_ERROR, without connecting again.
func TestConnectResult(t *testing.T) {
	tests := []struct {
		name    string
		soErr   int
		soErrno unix.Errno // getsockopt itself failing
		want    error
	}{
		{name: "connected", want: nil},
		{name: "refused", soErr: int(unix.ECONNREFUSED), want: unix.ECONNREFUSED},
		{name: "timed-out", soErr: int(unix.ETIMEDOUT), want: unix.ETIMEDOUT},
		{name: "unreachable", soErr: int(unix.ENETUNREACH), want: unix.ENETUNREACH},
		{name: "getsockopt-fails", soErrno: unix.EBADF, want: unix.EBADF},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			swap(t, &sysConnect, func(int, unsafe.Pointer, uint32) (int, unix.Errno) {
				t.Error("ConnectResult called connect")
				return 0, 0
			})
			calls := 0
			swap(t, &sysSoError, func(fd int) (int, unix.Errno) {
				calls++
				if fd != fakeFD {
					t.Errorf("getsockopt fd %d", fd)
				}
				return tt.soErr, tt.soErrno
			})
			if err := ConnectResult(fakeFD); err != tt.want {
				t.Fatalf("ConnectResult = %v, want %v", err, tt.want)
			}
			if calls != 1 {
				t.Errorf("%d SO_ERROR reads, want 1", calls)
			}
		})
	}
	// The real getsockopt.
	a, _ := pair(t, unix.SOCK_STREAM, false)
	if v, e := sysSoError(a); v != 0 || e != 0 {
		t.Fatalf("SO_ERROR = (%d, %v)", v, e)
	}
	if err := ConnectResult(a); err != nil {
		t.Fatalf("ConnectResult(socketpair) = %v", err)
	}
	if _, e := sysSoError(-1); e != unix.EBADF {
		t.Fatalf("SO_ERROR on -1 = %v, want EBADF", e)
	}
	if err := ConnectResult(-1); err != unix.EBADF {
		t.Fatalf("ConnectResult(-1) = %v, want EBADF", err)
	}
}

// TestNonblockForOneCall: Connect and SendFile with nonblock set make a
// blocking descriptor non-blocking for their one system call (so it cannot
// wait) and blocking again before they return, whatever the call gave;
// without it the descriptor is left alone. The flag is read with F_GETFL
// inside the fake system call and after.
func TestNonblockForOneCall(t *testing.T) {
	ops := []struct {
		name string
		// install makes the fake system call, which reports the flag
		// it saw; call runs the operation on fd.
		install func(t *testing.T, fd int, e unix.Errno, saw *[]bool)
		call    func(fd int, nonblock bool) error
	}{
		{"Connect",
			func(t *testing.T, fd int, e unix.Errno, saw *[]bool) {
				swap(t, &sysConnect, func(f int, _ unsafe.Pointer, _ uint32) (int, unix.Errno) {
					*saw = append(*saw, nonblocking(t, f))
					return 0, e
				})
			},
			func(fd int, nonblock bool) error {
				to := new(Raw)
				loopbackRaw(unix.AF_INET, 9, to)
				return Connect(fd, to, nonblock)
			}},
		{"SendFile",
			func(t *testing.T, fd int, e unix.Errno, saw *[]bool) {
				swap(t, &sysSendfile, func(out, _ int, _ unsafe.Pointer, n int) (int, unix.Errno) {
					*saw = append(*saw, nonblocking(t, out))
					if e != 0 {
						return -1, e
					}
					return n, 0
				})
			},
			func(fd int, nonblock bool) error {
				_, err := SendFile(fd, fakeFD, new(int64), 10, nonblock)
				return err
			}},
	}
	errs := []unix.Errno{0, unix.EINPROGRESS, unix.EAGAIN, unix.EINTR, unix.ECONNREFUSED, unix.EPIPE}
	modes := []struct {
		name       string
		blocking   bool // the descriptor's own mode
		nonblock   bool // Connect/SendFile's argument
		wantDuring bool
	}{
		{"blocking/nonblock", true, true, true},
		{"blocking/as-is", true, false, false},
		{"nonblocking/as-is", false, false, true},
	}
	for _, op := range ops {
		for _, m := range modes {
			for _, e := range errs {
				t.Run(op.name+"/"+m.name+"/"+errName(e), func(t *testing.T) {
					fd := newSocket(t, unix.AF_INET, unix.SOCK_STREAM, 0, !m.blocking)
					var saw []bool
					op.install(t, fd, e, &saw)
					err := op.call(fd, m.nonblock)
					var want error
					if e != 0 {
						want = e
					}
					if err != want {
						t.Fatalf("err = %v, want %v", err, want)
					}
					if len(saw) != 1 || saw[0] != m.wantDuring {
						t.Errorf("O_NONBLOCK during the call(s) %v, want [%v]", saw, m.wantDuring)
					}
					if got := nonblocking(t, fd); got != !m.blocking {
						t.Errorf("O_NONBLOCK is %v after the call, want %v as before", got, !m.blocking)
					}
				})
			}
		}
	}
	// A descriptor whose flag cannot be set: the error, and no call.
	for _, op := range ops {
		t.Run(op.name+"/EBADF", func(t *testing.T) {
			var saw []bool
			op.install(t, -1, 0, &saw)
			if err := op.call(-1, true); err != unix.EBADF {
				t.Errorf("err = %v, want EBADF", err)
			}
			if len(saw) != 0 {
				t.Errorf("%d system calls on a bad descriptor", len(saw))
			}
		})
	}
}

// errName names an errno for a subtest (0: "ok").
func errName(e unix.Errno) string {
	if e == 0 {
		return "ok"
	}
	return unix.ErrnoName(e)
}
