package core

import (
	"bytes"
	"encoding/binary"
	"strconv"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Real-socket tests over socketpairs and the loopback addresses 127.0.0.1
// and ::1 (skipped when ::1 is unavailable). No other address is used.
// Where a test has to wait it polls itself (waitReady), as the binding's
// call layer does: core's operations never wait.

func TestSendRecvSocketpair(t *testing.T) {
	tests := []struct {
		name     string
		typ      int
		nonblock bool
		flags    int
	}{
		{"stream/blocking", unix.SOCK_STREAM, false, 0},
		{"stream/blocking/MSG_DONTWAIT", unix.SOCK_STREAM, false, unix.MSG_DONTWAIT},
		{"stream/nonblocking", unix.SOCK_STREAM, true, 0},
		{"dgram/blocking", unix.SOCK_DGRAM, false, 0},
		{"dgram/blocking/MSG_DONTWAIT", unix.SOCK_DGRAM, false, unix.MSG_DONTWAIT},
		{"seqpacket/nonblocking", unix.SOCK_SEQPACKET, true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := pair(t, tt.typ, tt.nonblock)
			msg := []byte("hello, gosocket")
			n, err := Send(a, ptr(msg), len(msg), tt.flags)
			if err != nil || n != len(msg) {
				t.Fatalf("Send = (%d, %v)", n, err)
			}
			buf := make([]byte, 64)
			n, err = Recv(b, ptr(buf), len(buf), tt.flags)
			if err != nil || !bytes.Equal(buf[:n], msg) {
				t.Fatalf("Recv = (%q, %v)", buf[:n], err)
			}
			// And the other way round.
			if _, err := Send(b, ptr(msg), 5, tt.flags); err != nil {
				t.Fatal(err)
			}
			if n, err := Recv(a, ptr(buf), len(buf), tt.flags); err != nil || string(buf[:n]) != "hello" {
				t.Fatalf("Recv back = (%q, %v)", buf[:n], err)
			}
			// Nothing more: the next try says EAGAIN.
			if _, err := Recv(a, ptr(buf), len(buf), tt.flags|unix.MSG_DONTWAIT); err != unix.EAGAIN {
				t.Fatalf("Recv on the drained socket = %v, want EAGAIN", err)
			}
		})
	}
}

func TestRecvFlagsAndEOF(t *testing.T) {
	a, b := pair(t, unix.SOCK_STREAM, true)
	msg := []byte("peek")
	if _, err := Send(a, ptr(msg), len(msg), 0); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 16)
	for i, flags := range []int{unix.MSG_PEEK, 0} {
		if n, err := Recv(b, ptr(buf), len(buf), flags); err != nil || string(buf[:n]) != "peek" {
			t.Fatalf("Recv %d (flags %#x) = (%q, %v)", i, flags, buf[:n], err)
		}
	}
	if _, err := Recv(b, ptr(buf), len(buf), 0); err != unix.EAGAIN {
		t.Fatalf("Recv on an empty non-blocking socket = %v, want EAGAIN", err)
	}
	if err := Shutdown(a, unix.SHUT_WR); err != nil {
		t.Fatal(err)
	}
	if n, err := Recv(b, ptr(buf), len(buf), 0); n != 0 || err != nil {
		t.Fatalf("Recv after the peer's SHUT_WR = (%d, %v), want (0, nil)", n, err)
	}
	if err := Shutdown(-1, unix.SHUT_RDWR); err != unix.EBADF {
		t.Errorf("Shutdown(-1) = %v, want EBADF", err)
	}
}

// fullDgramPair returns an AF_UNIX datagram socketpair, blocking, whose
// first end cannot send: the second end's receive queue is full.
func fullDgramPair(t *testing.T) (int, int) {
	t.Helper()
	a, b := pair(t, unix.SOCK_DGRAM, false)
	fillSendBuffer(t, a)
	return a, b
}

// shut returns a function that shuts the sockets fds down, which wakes a call
// waiting on them.
func shut(fds ...int) func() {
	return func() {
		for _, fd := range fds {
			_ = Shutdown(fd, unix.SHUT_RDWR)
		}
	}
}

// TestNeverWaits: an operation that would wait comes back at once with
// EAGAIN (or EINPROGRESS for a connect), on a blocking descriptor too when
// the binding asks for one attempt (MSG_DONTWAIT, or nonblock for Connect
// and SendFile), and the descriptor's O_NONBLOCK is as it was. A call
// still waiting after 2 s is woken (its sockets shut down, or the full
// queue it waits on drained) and fails the test instead of hanging it.
func TestNeverWaits(t *testing.T) {
	buf := make([]byte, 64)
	iov := &unix.Iovec{Base: &buf[0]}
	iov.SetLen(len(buf))
	mh := &unix.Msghdr{Iov: iov}
	mh.SetIovlen(1)
	const dw = unix.MSG_DONTWAIT
	tests := []struct {
		name string
		want error
		// setup returns the call, the descriptor whose O_NONBLOCK must
		// not change, and what wakes the call if it waits.
		setup func(t *testing.T) (call func() error, fd int, unblock func())
	}{
		{"Recv/blocking/MSG_DONTWAIT", unix.EAGAIN, func(t *testing.T) (func() error, int, func()) {
			a, b := pair(t, unix.SOCK_STREAM, false)
			return func() error { _, err := Recv(b, ptr(buf), len(buf), dw); return err }, b, shut(a, b)
		}},
		{"Recv/nonblocking", unix.EAGAIN, func(t *testing.T) (func() error, int, func()) {
			a, b := pair(t, unix.SOCK_STREAM, true)
			return func() error { _, err := Recv(b, ptr(buf), len(buf), 0); return err }, b, shut(a, b)
		}},
		{"RecvFrom/blocking-udp/MSG_DONTWAIT", unix.EAGAIN, func(t *testing.T) (func() error, int, func()) {
			fd, _ := bound(t, unix.AF_INET, unix.SOCK_DGRAM, false)
			return func() error { _, err := RecvFrom(fd, ptr(buf), len(buf), dw, new(Raw)); return err }, fd, shut(fd)
		}},
		{"Send/blocking/MSG_DONTWAIT/full", unix.EAGAIN, func(t *testing.T) (func() error, int, func()) {
			a, b := pair(t, unix.SOCK_STREAM, false)
			fillSendBuffer(t, a)
			return func() error { _, err := Send(a, ptr(buf), len(buf), dw); return err }, a, shut(a, b)
		}},
		{"SendTo/blocking/MSG_DONTWAIT/full", unix.EAGAIN, func(t *testing.T) (func() error, int, func()) {
			a, b := fullDgramPair(t)
			return func() error { _, err := SendTo(a, ptr(buf), len(buf), dw, new(Raw)); return err }, a, shut(a, b)
		}},
		{"SendMsg/blocking/MSG_DONTWAIT/full", unix.EAGAIN, func(t *testing.T) (func() error, int, func()) {
			a, b := fullDgramPair(t)
			return func() error { _, err := SendMsg(a, unsafe.Pointer(mh), dw); return err }, a, shut(a, b)
		}},
		{"RecvMsg/blocking/MSG_DONTWAIT", unix.EAGAIN, func(t *testing.T) (func() error, int, func()) {
			a, b := pair(t, unix.SOCK_DGRAM, false)
			return func() error { _, err := RecvMsg(b, unsafe.Pointer(mh), dw); return err }, b, shut(a, b)
		}},
		{"SendMmsg/blocking/MSG_DONTWAIT/full", unix.EAGAIN, func(t *testing.T) (func() error, int, func()) {
			a, b := fullDgramPair(t)
			sb := newBatch([]int{64, 64}, nil)
			return func() error { _, err := SendMmsg(a, sb.first(), 2, dw, GSO{}); return err }, a, shut(a, b)
		}},
		{"RecvMmsg/blocking-udp/MSG_DONTWAIT", unix.EAGAIN, func(t *testing.T) (func() error, int, func()) {
			fd, _ := bound(t, unix.AF_INET, unix.SOCK_DGRAM, false)
			rb := newBatch([]int{64, 64}, nil)
			return func() error { _, err := RecvMmsg(fd, rb.first(), 2, dw); return err }, fd, shut(fd)
		}},
		{"Accept/nonblocking", unix.EAGAIN, func(t *testing.T) (func() error, int, func()) {
			ln, _ := listener(t, unix.AF_INET, true)
			return func() error { _, err := Accept(ln, new(Raw), true); return err }, ln, shut(ln)
		}},
		{"Connect/blocking/nonblock/full-backlog", unix.EINPROGRESS, func(t *testing.T) (func() error, int, func()) {
			// A listener with backlog 0 holds one connection; the
			// kernel drops the SYNs of the next ones, so a blocking
			// connect(2) would wait for seconds.
			ln, addr := bound(t, unix.AF_INET, unix.SOCK_STREAM, false)
			if err := Listen(ln, 0); err != nil {
				t.Fatal(err)
			}
			first := newSocket(t, unix.AF_INET, unix.SOCK_STREAM, 0, false)
			if err := Connect(first, addr, true); err == unix.EINPROGRESS {
				waitReady(t, first, unix.POLLOUT)
			} else if err != nil {
				t.Fatalf("first connect: %v", err)
			}
			check(t, "first connect", ConnectResult(first))
			c := newSocket(t, unix.AF_INET, unix.SOCK_STREAM, 0, false)
			return func() error { return Connect(c, addr, true) }, c, shut(c, ln)
		}},
		{"Connect/unix/blocking/nonblock/full-backlog", unix.EAGAIN, func(t *testing.T) (func() error, int, func()) {
			// An AF_UNIX listener with backlog 0 takes one connection;
			// a blocking connect(2) to it then waits for an accept, a
			// non-blocking one says EAGAIN.
			ln := newSocket(t, unix.AF_UNIX, unix.SOCK_STREAM, 0, false)
			addr := new(Raw)
			check(t, "PutUnix", PutUnix(addr, []byte("\x00gosocket-core-test-"+strconv.Itoa(unix.Getpid()))))
			check(t, "bind", Bind(ln, addr))
			check(t, "listen", Listen(ln, 0))
			first := newSocket(t, unix.AF_UNIX, unix.SOCK_STREAM, 0, false)
			check(t, "first connect", Connect(first, addr, true))
			c := newSocket(t, unix.AF_UNIX, unix.SOCK_STREAM, 0, false)
			// A connect waiting here is woken when the queue drains.
			drain := func() {
				if fd, err := Accept(ln, new(Raw), true); err == nil {
					_ = Close(fd)
				}
			}
			return func() error { return Connect(c, addr, true) }, c, drain
		}},
		{"SendFile/blocking/nonblock/full", unix.EAGAIN, func(t *testing.T) (func() error, int, func()) {
			in := tempFile(t, make([]byte, 4096))
			a, b := pair(t, unix.SOCK_STREAM, false)
			fillSendBuffer(t, a)
			off := new(int64)
			return func() error { _, err := SendFile(a, in, off, 4096, true); return err }, a, shut(a, b)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			call, fd, unblock := tt.setup(t)
			before := nonblocking(t, fd)
			var hung atomic.Bool
			watchdog := time.AfterFunc(2*time.Second, func() {
				hung.Store(true)
				unblock()
			})
			start := time.Now()
			err := call()
			elapsed := time.Since(start)
			watchdog.Stop()
			if hung.Load() {
				t.Fatalf("the call waited (%v, then %v once woken)", elapsed, err)
			}
			if err != tt.want {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if elapsed > 500*time.Millisecond {
				t.Errorf("the call took %v", elapsed)
			}
			if after := nonblocking(t, fd); after != before {
				t.Errorf("O_NONBLOCK went from %v to %v", before, after)
			}
		})
	}
}

// TestTryPollTry is the binding's call layer in miniature: the first try
// says EAGAIN, the test waits with poll(2) for the data sent 30 ms later,
// and the second try receives it.
func TestTryPollTry(t *testing.T) {
	for _, tt := range []struct {
		name     string
		nonblock bool
		flags    int
	}{{"blocking/MSG_DONTWAIT", false, unix.MSG_DONTWAIT}, {"nonblocking", true, 0}} {
		t.Run(tt.name, func(t *testing.T) {
			a, b := pair(t, unix.SOCK_STREAM, tt.nonblock)
			buf := make([]byte, 16)
			if _, err := Recv(b, ptr(buf), len(buf), tt.flags); err != unix.EAGAIN {
				t.Fatalf("first try = %v, want EAGAIN", err)
			}
			done := make(chan error, 1)
			go func() {
				time.Sleep(30 * time.Millisecond)
				msg := []byte("late")
				_, err := Send(a, ptr(msg), len(msg), unix.MSG_DONTWAIT)
				done <- err
			}()
			if rev := waitReady(t, b, unix.POLLIN); rev&unix.POLLIN == 0 {
				t.Fatalf("poll revents %#x, want POLLIN", rev)
			}
			n, err := Recv(b, ptr(buf), len(buf), tt.flags)
			if err != nil || string(buf[:n]) != "late" {
				t.Fatalf("second try = (%q, %v)", buf[:n], err)
			}
			if err := <-done; err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestRecvFromSendToLoopback(t *testing.T) {
	for _, lb := range loopbacks {
		for _, mode := range []struct {
			name     string
			nonblock bool
			flags    int
		}{{"blocking", false, 0}, {"blocking/MSG_DONTWAIT", false, unix.MSG_DONTWAIT}, {"nonblocking", true, 0}} {
			t.Run(lb.name+"/"+mode.name, func(t *testing.T) {
				a, aAddr := bound(t, lb.family, unix.SOCK_DGRAM, mode.nonblock)
				b, bAddr := bound(t, lb.family, unix.SOCK_DGRAM, mode.nonblock)
				msg := []byte("datagram")
				if n, err := SendTo(a, ptr(msg), len(msg), mode.flags, bAddr); err != nil || n != len(msg) {
					t.Fatalf("SendTo = (%d, %v)", n, err)
				}
				buf := make([]byte, 64)
				from := dirty()
				waitReady(t, b, unix.POLLIN)
				n, err := RecvFrom(b, ptr(buf), len(buf), mode.flags, from)
				if err != nil || string(buf[:n]) != "datagram" {
					t.Fatalf("RecvFrom = (%q, %v)", buf[:n], err)
				}
				if !sameAddr(from, aAddr) {
					t.Errorf("RecvFrom address % x (len %d), want the sender's % x", from.bytes()[:from.Len], from.Len, aAddr.bytes()[:aAddr.Len])
				}
				wantLen := uint32(unix.SizeofSockaddrInet4)
				if lb.family == unix.AF_INET6 {
					wantLen = unix.SizeofSockaddrInet6
				}
				if from.Len != wantLen {
					t.Errorf("from.Len = %d, want %d", from.Len, wantLen)
				}
				// A datagram bigger than the buffer is truncated;
				// MSG_TRUNC reports its real length.
				if _, err := SendTo(a, ptr(msg), len(msg), mode.flags, bAddr); err != nil {
					t.Fatal(err)
				}
				waitReady(t, b, unix.POLLIN)
				if n, err := RecvFrom(b, ptr(buf), 3, mode.flags|unix.MSG_TRUNC, from); err != nil || n != len(msg) || string(buf[:3]) != "dat" {
					t.Errorf("truncated RecvFrom = (%d, %q, %v)", n, buf[:3], err)
				}
				// Drained: one more try says EAGAIN, the address is reset.
				from = dirty()
				if _, err := RecvFrom(b, ptr(buf), len(buf), unix.MSG_DONTWAIT, from); err != unix.EAGAIN {
					t.Errorf("RecvFrom on the drained socket = %v, want EAGAIN", err)
				}
			})
		}
	}
	t.Run("socketpair-stream-has-no-address", func(t *testing.T) {
		a, b := pair(t, unix.SOCK_STREAM, false)
		msg := []byte("x")
		if _, err := Send(a, ptr(msg), 1, 0); err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 4)
		from := new(Raw)
		if n, err := RecvFrom(b, ptr(buf), len(buf), unix.MSG_DONTWAIT, from); err != nil || n != 1 {
			t.Fatalf("RecvFrom = (%d, %v)", n, err)
		}
		if from.Len != 0 || GetUnix(from) != nil {
			t.Errorf("from = len %d path %q, want no address", from.Len, GetUnix(from))
		}
	})
}

// connectModes are the two ways the binding starts a connect: a blocking
// socket made non-blocking for the one connect(2) (nonblock set), and a
// non-blocking socket (a timeout, or setblocking(False)) as it is.
var connectModes = []struct {
	name     string
	nonblock bool // the client socket's own mode
	arg      bool // Connect's nonblock argument
}{
	{"blocking+nonblock", false, true},
	{"nonblocking", true, false},
}

// connectNow starts a connect as the call layer does and finishes it: on
// EINPROGRESS it waits for POLLOUT and returns ConnectResult. It checks
// that O_NONBLOCK is as before.
func connectNow(t *testing.T, fd int, to *Raw, nonblock bool) error {
	t.Helper()
	before := nonblocking(t, fd)
	err := Connect(fd, to, nonblock)
	if after := nonblocking(t, fd); after != before {
		t.Errorf("Connect(nonblock=%v): O_NONBLOCK went from %v to %v", nonblock, before, after)
	}
	if err != unix.EINPROGRESS {
		return err
	}
	if rev := waitReady(t, fd, unix.POLLOUT); rev&(unix.POLLOUT|unix.POLLERR|unix.POLLHUP) == 0 {
		t.Fatalf("poll revents %#x", rev)
	}
	return ConnectResult(fd)
}

func TestAcceptConnect(t *testing.T) {
	for _, lb := range loopbacks {
		for _, mode := range connectModes {
			t.Run(lb.name+"/"+mode.name, func(t *testing.T) {
				ln, lnAddr := listener(t, lb.family, mode.nonblock)
				c := newSocket(t, lb.family, unix.SOCK_STREAM, 0, mode.nonblock)
				err := Connect(c, lnAddr, mode.arg)
				if err != unix.EINPROGRESS && err != nil {
					t.Fatalf("Connect = %v, want EINPROGRESS or nil", err)
				}
				if nonblocking(t, c) != mode.nonblock {
					t.Fatalf("Connect changed O_NONBLOCK to %v", !mode.nonblock)
				}
				waitReady(t, c, unix.POLLOUT)
				if err := ConnectResult(c); err != nil {
					t.Fatalf("ConnectResult = %v", err)
				}
				from := dirty()
				waitReady(t, ln, unix.POLLIN)
				s, err := Accept(ln, from, true)
				if err != nil {
					t.Fatalf("Accept: %v", err)
				}
				closeLater(t, s)
				if !cloexec(t, s) {
					t.Error("accepted socket is not close-on-exec")
				}
				if nonblocking(t, s) {
					t.Error("accepted socket is non-blocking")
				}
				var cName, cPeer, sName, sPeer Raw
				for _, g := range []struct {
					f  func(int, *Raw) error
					fd int
					r  *Raw
				}{{Getsockname, c, &cName}, {Getpeername, c, &cPeer}, {Getsockname, s, &sName}, {Getpeername, s, &sPeer}} {
					if err := g.f(g.fd, g.r); err != nil {
						t.Fatal(err)
					}
				}
				if !sameAddr(from, &cName) || !sameAddr(&sPeer, &cName) {
					t.Errorf("accept address / server's peer differ from the client's name")
				}
				if !sameAddr(&cPeer, lnAddr) || !sameAddr(&sName, lnAddr) {
					t.Errorf("client's peer / server's name differ from the listener's address")
				}
				msg := []byte("over tcp")
				if n, err := Send(c, ptr(msg), len(msg), unix.MSG_DONTWAIT); err != nil || n != len(msg) {
					t.Fatalf("Send = (%d, %v)", n, err)
				}
				buf := make([]byte, 64)
				got := 0
				for got < len(msg) {
					n, err := Recv(s, ptr(buf[got:]), len(buf)-got, unix.MSG_DONTWAIT)
					if err == unix.EAGAIN {
						waitReady(t, s, unix.POLLIN)
						continue
					}
					if err != nil || n == 0 {
						t.Fatalf("Recv = (%d, %v)", n, err)
					}
					got += n
				}
				if string(buf[:got]) != "over tcp" {
					t.Errorf("received %q", buf[:got])
				}
				// Connected: connecting again is EISCONN, the flag kept
				// (after an EINPROGRESS the kernel first answers the
				// connect(2) that finds the connection made with 0).
				if err := connectNow(t, c, lnAddr, mode.arg); err != unix.EISCONN && err != nil {
					t.Errorf("second Connect = %v, want EISCONN or nil", err)
				}
				if err := connectNow(t, c, lnAddr, mode.arg); err != unix.EISCONN {
					t.Errorf("third Connect = %v, want EISCONN", err)
				}
			})
		}
	}
}

func TestAcceptNotCloexec(t *testing.T) {
	ln, lnAddr := listener(t, unix.AF_INET, false)
	c := newSocket(t, unix.AF_INET, unix.SOCK_STREAM, 0, false)
	if err := connectNow(t, c, lnAddr, true); err != nil {
		t.Fatal(err)
	}
	waitReady(t, ln, unix.POLLIN)
	s, err := Accept(ln, new(Raw), false)
	if err != nil {
		t.Fatal(err)
	}
	closeLater(t, s)
	if cloexec(t, s) {
		t.Error("Accept(cloexec=false) gave a close-on-exec socket")
	}
}

// TestConnectErrors: a connect that fails reports its errno, from connect(2)
// itself or, after EINPROGRESS, from ConnectResult, and leaves O_NONBLOCK as
// it was. The refused connect goes to a loopback port bound by a socket that
// does not listen.
func TestConnectErrors(t *testing.T) {
	tests := []struct {
		name string
		// to returns the address to connect to, for a client of family.
		to   func(t *testing.T, family int) *Raw
		want unix.Errno
	}{
		{"refused", func(t *testing.T, family int) *Raw {
			_, addr := bound(t, family, unix.SOCK_STREAM, false)
			return addr
		}, unix.ECONNREFUSED},
		{"other-family", func(t *testing.T, family int) *Raw {
			// An IPv4 socket refuses an IPv6 address, an IPv6 socket
			// an AF_UNIX one (an IPv4 one it would take as v4-mapped
			// if it were long enough).
			r := new(Raw)
			if family == unix.AF_INET {
				loopbackRaw(unix.AF_INET6, 9, r)
			} else {
				check(t, "PutUnix", PutUnix(r, []byte("/nonexistent/long-enough-for-sockaddr_in6")))
			}
			return r
		}, unix.EAFNOSUPPORT},
		{"short-address", func(t *testing.T, family int) *Raw {
			r := new(Raw)
			loopbackRaw(family, 9, r)
			r.Len = 2
			return r
		}, unix.EINVAL},
	}
	for _, lb := range loopbacks {
		for _, mode := range connectModes {
			for _, tt := range tests {
				t.Run(lb.name+"/"+mode.name+"/"+tt.name, func(t *testing.T) {
					c := newSocket(t, lb.family, unix.SOCK_STREAM, 0, mode.nonblock)
					to := tt.to(t, lb.family)
					if err := connectNow(t, c, to, mode.arg); err != tt.want {
						t.Fatalf("connect = %v, want %v", err, tt.want)
					}
					if nonblocking(t, c) != mode.nonblock {
						t.Errorf("O_NONBLOCK is %v after the failed connect", !mode.nonblock)
					}
				})
			}
		}
	}
	if err := Connect(-1, new(Raw), false); err != unix.EBADF {
		t.Errorf("Connect(-1) = %v, want EBADF", err)
	}
}

// TestSend4MiB sends 4 MiB through a socketpair, far more than its buffers
// hold, as the call layer's sendall does (try, on EAGAIN poll for POLLOUT,
// go on from the count sent), with a goroutine reading the other end.
func TestSend4MiB(t *testing.T) {
	const size = 4 << 20
	data := make([]byte, size)
	for i := range data {
		data[i] = byte(i*7 + i>>16)
	}
	for _, tt := range []struct {
		name     string
		nonblock bool
		flags    int
	}{{"blocking/MSG_DONTWAIT", false, unix.MSG_DONTWAIT}, {"nonblocking", true, 0}} {
		t.Run(tt.name, func(t *testing.T) {
			w, r := pair(t, unix.SOCK_STREAM, false)
			if err := SetNonblock(w, tt.nonblock); err != nil {
				t.Fatal(err)
			}
			type result struct {
				got []byte
				err error
			}
			done := make(chan result, 1)
			go func() {
				got := make([]byte, 0, size)
				buf := make([]byte, 100000) // not a divisor of anything
				for len(got) < size {
					n, err := Recv(r, ptr(buf), len(buf), 0)
					if err != nil || n == 0 {
						done <- result{got, err}
						return
					}
					got = append(got, buf[:n]...)
				}
				done <- result{got, nil}
			}()
			sent, waits := 0, 0
			for sent < size {
				n, err := Send(w, unsafe.Add(ptr(data), sent), size-sent, tt.flags)
				if err == unix.EAGAIN {
					waits++
					waitReady(t, w, unix.POLLOUT)
					continue
				}
				if err != nil || n <= 0 {
					t.Fatalf("Send at %d = (%d, %v)", sent, n, err)
				}
				sent += n
			}
			res := <-done
			if res.err != nil {
				t.Fatalf("reader: %v", res.err)
			}
			if !bytes.Equal(res.got, data) {
				t.Fatalf("received %d bytes that differ from the %d sent", len(res.got), size)
			}
			if waits == 0 {
				t.Errorf("4 MiB went out without one EAGAIN: the sends waited")
			}
		})
	}
}

// TestSendMsgRecvMsg passes data and a descriptor (SCM_RIGHTS) through
// msghdrs, as sendmsg/recvmsg do.
func TestSendMsgRecvMsg(t *testing.T) {
	a, b := pair(t, unix.SOCK_STREAM, true)
	extra, _ := pair(t, unix.SOCK_DGRAM, false)

	out := []byte("msg")
	oob := unix.UnixRights(extra)
	iov := &unix.Iovec{Base: &out[0]}
	iov.SetLen(len(out))
	mh := &unix.Msghdr{Iov: iov, Control: &oob[0]}
	mh.SetIovlen(1)
	mh.SetControllen(len(oob))
	if n, err := SendMsg(a, unsafe.Pointer(mh), 0); err != nil || n != len(out) {
		t.Fatalf("SendMsg = (%d, %v)", n, err)
	}

	in := make([]byte, 2)
	in2 := make([]byte, 8)
	iovs := []unix.Iovec{{Base: &in[0]}, {Base: &in2[0]}}
	iovs[0].SetLen(len(in))
	iovs[1].SetLen(len(in2))
	cbuf := make([]byte, unix.CmsgSpace(4))
	rh := &unix.Msghdr{Iov: &iovs[0], Control: &cbuf[0]}
	rh.SetIovlen(2)
	rh.SetControllen(len(cbuf))
	n, err := RecvMsg(b, unsafe.Pointer(rh), unix.MSG_CMSG_CLOEXEC)
	if err != nil || n != 3 || string(in) != "ms" || string(in2[:1]) != "g" {
		t.Fatalf("RecvMsg = (%d, %v), data %q %q", n, err, in, in2[:1])
	}
	msgs, err := unix.ParseSocketControlMessage(cbuf[:rh.Controllen])
	if err != nil || len(msgs) != 1 {
		t.Fatalf("control messages %v, %v", msgs, err)
	}
	fds, err := unix.ParseUnixRights(&msgs[0])
	if err != nil || len(fds) != 1 {
		t.Fatalf("rights %v, %v", fds, err)
	}
	closeLater(t, fds[0])
	if fam, typ, _, err := Info(fds[0]); err != nil || fam != unix.AF_UNIX || typ != unix.SOCK_DGRAM {
		t.Errorf("passed descriptor is (%d, %d, %v), want an AF_UNIX datagram socket", fam, typ, err)
	}
	if !cloexec(t, fds[0]) {
		t.Errorf("descriptor received with MSG_CMSG_CLOEXEC is not close-on-exec")
	}
	if _, err := RecvMsg(b, unsafe.Pointer(rh), 0); err != unix.EAGAIN {
		t.Errorf("RecvMsg on an empty socket = %v, want EAGAIN", err)
	}
}

func TestGetsocknameGetpeernameErrors(t *testing.T) {
	fd := newSocket(t, unix.AF_INET, unix.SOCK_STREAM, 0, false)
	r := new(Raw)
	if err := Getpeername(fd, r); err != unix.ENOTCONN {
		t.Errorf("Getpeername(unconnected) = %v, want ENOTCONN", err)
	}
	if err := Getsockname(fd, r); err != nil || r.Family() != unix.AF_INET || r.Len != unix.SizeofSockaddrInet4 {
		t.Errorf("Getsockname(unbound) = %v family %d len %d", err, r.Family(), r.Len)
	}
	var a Inet4
	a.Get(r)
	if a != (Inet4{}) {
		t.Errorf("unbound socket's name %v, want 0.0.0.0:0", a)
	}
	if err := Getsockname(-1, r); err != unix.EBADF {
		t.Errorf("Getsockname(-1) = %v, want EBADF", err)
	}
	// Binding twice, and listening on a datagram socket, fail with errnos.
	fd2, addr := bound(t, unix.AF_INET, unix.SOCK_DGRAM, false)
	if err := Bind(fd2, addr); err != unix.EINVAL {
		t.Errorf("second Bind = %v, want EINVAL", err)
	}
	if err := Listen(fd2, 1); err != unix.EOPNOTSUPP {
		t.Errorf("Listen(udp) = %v, want EOPNOTSUPP", err)
	}
}

func TestOptionsInt(t *testing.T) {
	tcp := newSocket(t, unix.AF_INET, unix.SOCK_STREAM, 0, false)
	tests := []struct {
		name       string
		level, opt int
		set        int
		want       func(int) bool
	}{
		{"SO_REUSEADDR=1", unix.SOL_SOCKET, unix.SO_REUSEADDR, 1, func(v int) bool { return v == 1 }},
		{"SO_REUSEADDR=0", unix.SOL_SOCKET, unix.SO_REUSEADDR, 0, func(v int) bool { return v == 0 }},
		{"SO_KEEPALIVE=1", unix.SOL_SOCKET, unix.SO_KEEPALIVE, 1, func(v int) bool { return v == 1 }},
		{"SO_RCVBUF", unix.SOL_SOCKET, unix.SO_RCVBUF, 65536, func(v int) bool { return v >= 65536 }},
		{"TCP_NODELAY", unix.IPPROTO_TCP, unix.TCP_NODELAY, 1, func(v int) bool { return v == 1 }},
		{"IP_TTL", unix.IPPROTO_IP, unix.IP_TTL, 33, func(v int) bool { return v == 33 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := SetsockoptInt(tcp, tt.level, tt.opt, tt.set); err != nil {
				t.Fatal(err)
			}
			v, err := GetsockoptInt(tcp, tt.level, tt.opt)
			if err != nil || !tt.want(v) {
				t.Fatalf("GetsockoptInt = (%d, %v) after setting %d", v, err, tt.set)
			}
			want, err := unix.GetsockoptInt(tcp, tt.level, tt.opt)
			if err != nil || want != v {
				t.Errorf("x/sys/unix reads %d, %v", want, err)
			}
		})
	}
	if _, err := GetsockoptInt(tcp, unix.SOL_SOCKET, 9999); err != unix.ENOPROTOOPT {
		t.Errorf("unknown option = %v, want ENOPROTOOPT", err)
	}
	var p [2]int
	if err := unix.Pipe2(p[:], unix.O_CLOEXEC); err != nil {
		t.Fatal(err)
	}
	closeLater(t, p[0])
	closeLater(t, p[1])
	if _, err := GetsockoptInt(p[0], unix.SOL_SOCKET, unix.SO_TYPE); err != unix.ENOTSOCK {
		t.Errorf("GetsockoptInt(pipe) = %v, want ENOTSOCK", err)
	}
	if err := SetsockoptInt(-1, unix.SOL_SOCKET, unix.SO_REUSEADDR, 1); err != unix.EBADF {
		t.Errorf("SetsockoptInt(-1) = %v, want EBADF", err)
	}
}

func TestOptionsBytes(t *testing.T) {
	tcp := newSocket(t, unix.AF_INET, unix.SOCK_STREAM, 0, false)
	t.Run("SO_LINGER", func(t *testing.T) {
		in := make([]byte, 8)
		binary.NativeEndian.PutUint32(in[0:4], 1)
		binary.NativeEndian.PutUint32(in[4:8], 7)
		if err := SetsockoptBytes(tcp, unix.SOL_SOCKET, unix.SO_LINGER, ptr(in), len(in)); err != nil {
			t.Fatal(err)
		}
		out := make([]byte, 8)
		n, err := GetsockoptBytes(tcp, unix.SOL_SOCKET, unix.SO_LINGER, out)
		if err != nil || n != 8 || !bytes.Equal(out, in) {
			t.Fatalf("GetsockoptBytes = (% x, %d, %v)", out, n, err)
		}
		l, err := unix.GetsockoptLinger(tcp, unix.SOL_SOCKET, unix.SO_LINGER)
		if err != nil || l.Onoff != 1 || l.Linger != 7 {
			t.Errorf("x/sys/unix reads %+v, %v", l, err)
		}
	})
	t.Run("int-into-bigger-buffer", func(t *testing.T) {
		out := make([]byte, 16)
		n, err := GetsockoptBytes(tcp, unix.SOL_SOCKET, unix.SO_TYPE, out)
		if err != nil || n != 4 || binary.NativeEndian.Uint32(out) != unix.SOCK_STREAM {
			t.Fatalf("GetsockoptBytes(SO_TYPE) = (% x, %d, %v)", out, n, err)
		}
	})
	t.Run("TCP_INFO-truncated", func(t *testing.T) {
		out := make([]byte, 8)
		n, err := GetsockoptBytes(tcp, unix.IPPROTO_TCP, unix.TCP_INFO, out)
		if err != nil || n != 8 {
			t.Fatalf("GetsockoptBytes(TCP_INFO, 8) = (%d, %v)", n, err)
		}
		if out[0] != 7 { // tcpi_state
			t.Errorf("tcpi_state %d, want TCP_CLOSE (7)", out[0])
		}
	})
	t.Run("empty-buffer", func(t *testing.T) {
		if n, err := GetsockoptBytes(tcp, unix.SOL_SOCKET, unix.SO_TYPE, nil); err != nil || n != 0 {
			t.Errorf("GetsockoptBytes(nil) = (%d, %v), want (0, nil)", n, err)
		}
	})
	t.Run("NULL-with-length", func(t *testing.T) {
		// setsockopt(level, opt, None, optlen) passes NULL: the kernel
		// reads from address 0 for SOL_SOCKET options and faults.
		if err := SetsockoptBytes(tcp, unix.SOL_SOCKET, unix.SO_REUSEADDR, nil, 4); err != unix.EFAULT {
			t.Errorf("SetsockoptBytes(NULL, 4) = %v, want EFAULT", err)
		}
	})
	t.Run("errors", func(t *testing.T) {
		out := make([]byte, 4)
		if _, err := GetsockoptBytes(-1, unix.SOL_SOCKET, unix.SO_TYPE, out); err != unix.EBADF {
			t.Errorf("GetsockoptBytes(-1) = %v, want EBADF", err)
		}
		if err := SetsockoptBytes(tcp, unix.SOL_SOCKET, unix.SO_REUSEADDR, ptr(out), 1); err != unix.EINVAL {
			t.Errorf("SetsockoptBytes(short int) = %v, want EINVAL", err)
		}
	})
}

func TestInfo(t *testing.T) {
	tests := []struct {
		name             string
		family, typ, pro int
		wantProto        int
	}{
		{"inet/stream", unix.AF_INET, unix.SOCK_STREAM, 0, unix.IPPROTO_TCP},
		{"inet/dgram", unix.AF_INET, unix.SOCK_DGRAM, 0, unix.IPPROTO_UDP},
		{"inet6/stream", unix.AF_INET6, unix.SOCK_STREAM, 0, unix.IPPROTO_TCP},
		{"inet6/dgram", unix.AF_INET6, unix.SOCK_DGRAM, 0, unix.IPPROTO_UDP},
		{"unix/stream", unix.AF_UNIX, unix.SOCK_STREAM, 0, 0},
		{"unix/seqpacket", unix.AF_UNIX, unix.SOCK_SEQPACKET, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// SOCK_NONBLOCK in the type must not show in SO_TYPE.
			fd := newSocket(t, tt.family, tt.typ, tt.pro, true)
			fam, typ, proto, err := Info(fd)
			if err != nil || fam != tt.family || typ != tt.typ || proto != tt.wantProto {
				t.Fatalf("Info = (%d, %d, %d, %v), want (%d, %d, %d)", fam, typ, proto, err, tt.family, tt.typ, tt.wantProto)
			}
		})
	}
	if _, _, _, err := Info(-1); err != unix.EBADF {
		t.Errorf("Info(-1) = %v, want EBADF", err)
	}
}

func TestSocketCloexec(t *testing.T) {
	for _, ce := range []bool{true, false} {
		fd, err := Socket(unix.AF_INET, unix.SOCK_STREAM, 0, ce)
		if err != nil {
			t.Fatal(err)
		}
		closeLater(t, fd)
		if cloexec(t, fd) != ce {
			t.Errorf("Socket(cloexec=%v): FD_CLOEXEC is %v", ce, !ce)
		}
		var fds [2]int32
		if err := Socketpair(unix.AF_UNIX, unix.SOCK_STREAM, 0, ce, &fds); err != nil {
			t.Fatal(err)
		}
		closeLater(t, int(fds[0]))
		closeLater(t, int(fds[1]))
		if cloexec(t, int(fds[0])) != ce || cloexec(t, int(fds[1])) != ce {
			t.Errorf("Socketpair(cloexec=%v) has the wrong FD_CLOEXEC", ce)
		}
	}
	if _, err := Socket(unix.AF_INET, unix.SOCK_STREAM, unix.IPPROTO_UDP, true); err != unix.EPROTONOSUPPORT {
		t.Errorf("Socket(tcp with udp protocol) = %v, want EPROTONOSUPPORT", err)
	}
	var fds [2]int32
	if err := Socketpair(unix.AF_INET, unix.SOCK_STREAM, 0, true, &fds); err != unix.EOPNOTSUPP {
		t.Errorf("Socketpair(AF_INET) = %v, want EOPNOTSUPP", err)
	}
}

func TestDupSetNonblock(t *testing.T) {
	a, b := pair(t, unix.SOCK_STREAM, false)
	for _, ce := range []bool{true, false} {
		d, err := Dup(a, ce)
		if err != nil {
			t.Fatal(err)
		}
		closeLater(t, d)
		if d == a || cloexec(t, d) != ce {
			t.Errorf("Dup(cloexec=%v) = %d with FD_CLOEXEC %v", ce, d, cloexec(t, d))
		}
		msg := []byte("dup")
		if _, err := Send(d, ptr(msg), len(msg), 0); err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 8)
		if n, err := Recv(b, ptr(buf), len(buf), 0); err != nil || string(buf[:n]) != "dup" {
			t.Fatalf("Recv via the duplicate's peer = (%q, %v)", buf[:n], err)
		}
	}
	if _, err := Dup(-1, true); err != unix.EBADF {
		t.Errorf("Dup(-1) = %v, want EBADF", err)
	}

	// O_NONBLOCK lives on the open file, which a duplicate shares.
	d, err := Dup(a, true)
	if err != nil {
		t.Fatal(err)
	}
	closeLater(t, d)
	for _, step := range []bool{true, true, false, false, true} {
		if err := SetNonblock(a, step); err != nil {
			t.Fatal(err)
		}
		if nonblocking(t, a) != step || nonblocking(t, d) != step {
			t.Fatalf("after SetNonblock(%v): O_NONBLOCK %v, duplicate %v", step, nonblocking(t, a), nonblocking(t, d))
		}
	}
	buf := make([]byte, 4)
	if _, err := Recv(a, ptr(buf), len(buf), 0); err != unix.EAGAIN {
		t.Errorf("Recv after SetNonblock(true) = %v, want EAGAIN", err)
	}
	if err := SetNonblock(-1, true); err != unix.EBADF {
		t.Errorf("SetNonblock(-1) = %v, want EBADF", err)
	}
}

func TestClose(t *testing.T) {
	a, _ := pair(t, unix.SOCK_STREAM, false)
	// A descriptor number far above the others, so that no other part of
	// the process can be handed the same number between the two closes.
	hi, err := unix.FcntlInt(uintptr(a), unix.F_DUPFD_CLOEXEC, 900)
	if err != nil {
		t.Fatal(err)
	}
	if err := Close(hi); err != nil {
		t.Fatalf("Close = %v", err)
	}
	if err := Close(hi); err != unix.EBADF {
		t.Fatalf("second Close = %v, want EBADF", err)
	}
	if err := Close(-1); err != unix.EBADF {
		t.Fatalf("Close(-1) = %v, want EBADF", err)
	}
}
