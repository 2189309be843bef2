package core

import (
	"bytes"
	"encoding/binary"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Real-socket tests over socketpairs and the loopback addresses 127.0.0.1
// and ::1 (skipped when ::1 is unavailable). No other address is used.

func TestSendRecvSocketpair(t *testing.T) {
	tests := []struct {
		name     string
		typ      int
		nonblock bool
		dl       int
	}{
		{"stream/blocking", unix.SOCK_STREAM, false, dlNone},
		{"stream/deadline", unix.SOCK_STREAM, true, dlFar},
		{"stream/nonblocking", unix.SOCK_STREAM, true, dlNone},
		{"dgram/blocking", unix.SOCK_DGRAM, false, dlNone},
		{"dgram/deadline", unix.SOCK_DGRAM, true, dlFar},
		{"seqpacket/deadline", unix.SOCK_SEQPACKET, true, dlFar},
		// Try first: ready data is read even once the deadline has passed.
		{"stream/past-deadline", unix.SOCK_STREAM, true, dlPast},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := pair(t, tt.typ, tt.nonblock)
			msg := []byte("hello, gosocket")
			n, err := Send(a, ptr(msg), len(msg), 0, makeDeadline(tt.dl))
			if err != nil || n != len(msg) {
				t.Fatalf("Send = (%d, %v)", n, err)
			}
			buf := make([]byte, 64)
			n, err = Recv(b, ptr(buf), len(buf), 0, makeDeadline(tt.dl))
			if err != nil || !bytes.Equal(buf[:n], msg) {
				t.Fatalf("Recv = (%q, %v)", buf[:n], err)
			}
			// And the other way round.
			if _, err := Send(b, ptr(msg), 5, 0, makeDeadline(tt.dl)); err != nil {
				t.Fatal(err)
			}
			if n, err := Recv(a, ptr(buf), len(buf), 0, makeDeadline(tt.dl)); err != nil || string(buf[:n]) != "hello" {
				t.Fatalf("Recv back = (%q, %v)", buf[:n], err)
			}
		})
	}
}

func TestRecvFlagsAndEOF(t *testing.T) {
	a, b := pair(t, unix.SOCK_STREAM, true)
	msg := []byte("peek")
	if _, err := Send(a, ptr(msg), len(msg), 0, NoDeadline); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 16)
	for i, flags := range []int{unix.MSG_PEEK, 0} {
		if n, err := Recv(b, ptr(buf), len(buf), flags, NoDeadline); err != nil || string(buf[:n]) != "peek" {
			t.Fatalf("Recv %d (flags %#x) = (%q, %v)", i, flags, buf[:n], err)
		}
	}
	if _, err := Recv(b, ptr(buf), len(buf), 0, NoDeadline); err != unix.EAGAIN {
		t.Fatalf("Recv on an empty non-blocking socket = %v, want EAGAIN", err)
	}
	if err := Shutdown(a, unix.SHUT_WR); err != nil {
		t.Fatal(err)
	}
	if n, err := Recv(b, ptr(buf), len(buf), 0, makeDeadline(dlFar)); n != 0 || err != nil {
		t.Fatalf("Recv after the peer's SHUT_WR = (%d, %v), want (0, nil)", n, err)
	}
	if err := Shutdown(-1, unix.SHUT_RDWR); err != unix.EBADF {
		t.Errorf("Shutdown(-1) = %v, want EBADF", err)
	}
}

// TestNonblockingEAGAIN: with no deadline a non-blocking socket is never
// polled: recv, send and accept come back with EAGAIN at once.
func TestNonblockingEAGAIN(t *testing.T) {
	buf := make([]byte, 16)
	tests := []struct {
		name string
		call func(t *testing.T) (int, error)
	}{
		{"Recv", func(t *testing.T) (int, error) {
			_, b := pair(t, unix.SOCK_STREAM, true)
			return Recv(b, ptr(buf), len(buf), 0, NoDeadline)
		}},
		{"RecvFrom", func(t *testing.T) (int, error) {
			fd, _ := bound(t, unix.AF_INET, unix.SOCK_DGRAM, true)
			return RecvFrom(fd, ptr(buf), len(buf), 0, new(Raw), NoDeadline)
		}},
		{"Send", func(t *testing.T) (int, error) {
			a, _ := pair(t, unix.SOCK_STREAM, true)
			fillSendBuffer(t, a)
			return Send(a, ptr(buf), len(buf), 0, NoDeadline)
		}},
		{"SendAll", func(t *testing.T) (int, error) {
			a, _ := pair(t, unix.SOCK_STREAM, true)
			fillSendBuffer(t, a)
			return SendAll(a, ptr(buf), len(buf), 0, NoDeadline)
		}},
		{"Accept", func(t *testing.T) (int, error) {
			ln, _ := listener(t, unix.AF_INET, true)
			return Accept(ln, new(Raw), true, NoDeadline)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			polls := 0
			real := sysPoll
			swap(t, &sysPoll, func(fd int, events int16, timeout int64) (int, unix.Errno) {
				polls++
				return real(fd, events, timeout)
			})
			if _, err := tt.call(t); err != unix.EAGAIN {
				t.Fatalf("err = %v, want EAGAIN", err)
			}
			if polls != 0 {
				t.Errorf("%d polls, want none", polls)
			}
		})
	}
}

// TestTimeout: a 50 ms deadline on an operation that never becomes ready
// ends with ErrTimeout after about 50 ms.
func TestTimeout(t *testing.T) {
	const d = 50 * time.Millisecond
	tests := []struct {
		name string
		call func(t *testing.T, dl Deadline) error
	}{
		{"Recv", func(t *testing.T, dl Deadline) error {
			_, b := pair(t, unix.SOCK_STREAM, true)
			buf := make([]byte, 16)
			_, err := Recv(b, ptr(buf), len(buf), 0, dl)
			return err
		}},
		{"RecvFrom/udp", func(t *testing.T, dl Deadline) error {
			fd, _ := bound(t, unix.AF_INET, unix.SOCK_DGRAM, true)
			buf := make([]byte, 16)
			_, err := RecvFrom(fd, ptr(buf), len(buf), 0, new(Raw), dl)
			return err
		}},
		{"Send", func(t *testing.T, dl Deadline) error {
			a, _ := pair(t, unix.SOCK_STREAM, true)
			fillSendBuffer(t, a)
			buf := make([]byte, 16)
			_, err := Send(a, ptr(buf), len(buf), 0, dl)
			return err
		}},
		{"SendAll", func(t *testing.T, dl Deadline) error {
			a, _ := pair(t, unix.SOCK_STREAM, true)
			buf := make([]byte, 8<<20)
			sent, err := SendAll(a, ptr(buf), len(buf), 0, dl)
			if sent <= 0 || sent >= len(buf) {
				t.Errorf("SendAll sent %d of %d before timing out", sent, len(buf))
			}
			return err
		}},
		{"Accept", func(t *testing.T, dl Deadline) error {
			ln, _ := listener(t, unix.AF_INET, true)
			_, err := Accept(ln, new(Raw), true, dl)
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			err := tt.call(t, After(int64(d)))
			el := time.Since(start)
			if err != ErrTimeout {
				t.Fatalf("err = %v, want ErrTimeout", err)
			}
			if el < d || el > 5*time.Second {
				t.Errorf("timed out after %v, want about %v", el, d)
			}
		})
	}
}

// TestDeadlineDataArrives: data sent while the loop polls is received, on a
// non-blocking socket with a deadline (EAGAIN, poll, retry) and on a
// blocking one (blocked in recvfrom).
func TestDeadlineDataArrives(t *testing.T) {
	for _, tt := range []struct {
		name     string
		nonblock bool
		dl       int
	}{{"deadline", true, dlFar}, {"blocking", false, dlNone}} {
		t.Run(tt.name, func(t *testing.T) {
			a, b := pair(t, unix.SOCK_STREAM, tt.nonblock)
			done := make(chan error, 1)
			go func() {
				time.Sleep(30 * time.Millisecond)
				msg := []byte("late")
				_, err := Send(a, ptr(msg), len(msg), 0, NoDeadline)
				done <- err
			}()
			buf := make([]byte, 16)
			n, err := Recv(b, ptr(buf), len(buf), 0, makeDeadline(tt.dl))
			if err != nil || string(buf[:n]) != "late" {
				t.Fatalf("Recv = (%q, %v)", buf[:n], err)
			}
			if err := <-done; err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestRecvFromSendToLoopback(t *testing.T) {
	for _, lb := range loopbacks {
		for _, dl := range []int{dlNone, dlFar} {
			name := lb.name + "/no-deadline"
			if dl == dlFar {
				name = lb.name + "/deadline"
			}
			t.Run(name, func(t *testing.T) {
				a, aAddr := bound(t, lb.family, unix.SOCK_DGRAM, dl == dlFar)
				b, bAddr := bound(t, lb.family, unix.SOCK_DGRAM, dl == dlFar)
				msg := []byte("datagram")
				if n, err := SendTo(a, ptr(msg), len(msg), 0, bAddr, makeDeadline(dl)); err != nil || n != len(msg) {
					t.Fatalf("SendTo = (%d, %v)", n, err)
				}
				buf := make([]byte, 64)
				from := dirty()
				n, err := RecvFrom(b, ptr(buf), len(buf), 0, from, makeDeadline(dl))
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
				if _, err := SendTo(a, ptr(msg), len(msg), 0, bAddr, makeDeadline(dl)); err != nil {
					t.Fatal(err)
				}
				if n, err := RecvFrom(b, ptr(buf), 3, unix.MSG_TRUNC, from, makeDeadline(dl)); err != nil || n != len(msg) || string(buf[:3]) != "dat" {
					t.Errorf("truncated RecvFrom = (%d, %q, %v)", n, buf[:3], err)
				}
			})
		}
	}
	t.Run("socketpair-stream-has-no-address", func(t *testing.T) {
		a, b := pair(t, unix.SOCK_STREAM, false)
		msg := []byte("x")
		if _, err := Send(a, ptr(msg), 1, 0, NoDeadline); err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 4)
		from := new(Raw)
		if n, err := RecvFrom(b, ptr(buf), len(buf), 0, from, NoDeadline); err != nil || n != 1 {
			t.Fatalf("RecvFrom = (%d, %v)", n, err)
		}
		if from.Len != 0 || GetUnix(from) != nil {
			t.Errorf("from = len %d path %q, want no address", from.Len, GetUnix(from))
		}
	})
}

func TestAcceptConnect(t *testing.T) {
	for _, lb := range loopbacks {
		for _, mode := range []struct {
			name     string
			nonblock bool
			dl       int
		}{
			{"blocking", false, dlNone},
			{"deadline", true, dlFar},
			{"nonblocking+ConnectWait", true, dlNone},
		} {
			t.Run(lb.name+"/"+mode.name, func(t *testing.T) {
				ln, lnAddr := listener(t, lb.family, mode.nonblock)
				c := newSocket(t, lb.family, unix.SOCK_STREAM, 0, mode.nonblock)
				err := Connect(c, lnAddr, makeDeadline(mode.dl))
				if mode.nonblock && mode.dl == dlNone {
					if err != unix.EINPROGRESS && err != nil {
						t.Fatalf("Connect = %v, want EINPROGRESS or nil", err)
					}
					err = ConnectWait(c, NoDeadline)
				}
				if err != nil {
					t.Fatalf("connect: %v", err)
				}
				from := dirty()
				s, err := Accept(ln, from, true, makeDeadline(mode.dl))
				if err != nil {
					t.Fatalf("Accept: %v", err)
				}
				closeLater(t, s)
				if !cloexec(t, s) {
					t.Error("accepted socket is not close-on-exec")
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
				if _, err := SendAll(c, ptr(msg), len(msg), 0, makeDeadline(mode.dl)); err != nil {
					t.Fatal(err)
				}
				buf := make([]byte, 64)
				got := 0
				for got < len(msg) {
					n, err := Recv(s, ptr(buf[got:]), len(buf)-got, 0, makeDeadline(dlFar))
					if err == unix.EAGAIN && mode.dl == dlNone {
						time.Sleep(time.Millisecond)
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
			})
		}
	}
}

func TestAcceptNotCloexec(t *testing.T) {
	ln, lnAddr := listener(t, unix.AF_INET, false)
	c := newSocket(t, unix.AF_INET, unix.SOCK_STREAM, 0, false)
	if err := Connect(c, lnAddr, NoDeadline); err != nil {
		t.Fatal(err)
	}
	s, err := Accept(ln, new(Raw), false, NoDeadline)
	if err != nil {
		t.Fatal(err)
	}
	closeLater(t, s)
	if cloexec(t, s) {
		t.Error("Accept(cloexec=false) gave a close-on-exec socket")
	}
}

// TestConnectRefused connects to a loopback port bound by a socket that does
// not listen, which the kernel refuses.
func TestConnectRefused(t *testing.T) {
	for _, lb := range loopbacks {
		for _, mode := range []struct {
			name     string
			nonblock bool
			dl       int
		}{{"blocking", false, dlNone}, {"deadline", true, dlFar}, {"nonblocking+ConnectWait", true, dlNone}} {
			t.Run(lb.name+"/"+mode.name, func(t *testing.T) {
				_, addr := bound(t, lb.family, unix.SOCK_STREAM, false)
				c := newSocket(t, lb.family, unix.SOCK_STREAM, 0, mode.nonblock)
				err := Connect(c, addr, makeDeadline(mode.dl))
				if mode.nonblock && mode.dl == dlNone && err == unix.EINPROGRESS {
					err = ConnectWait(c, NoDeadline)
				}
				if err != unix.ECONNREFUSED {
					t.Fatalf("connect = %v, want ECONNREFUSED", err)
				}
			})
		}
	}
}

// TestSendAll4MiB sends 4 MiB through a socketpair, far more than its
// buffers hold, with a goroutine reading the other end.
func TestSendAll4MiB(t *testing.T) {
	const size = 4 << 20
	data := make([]byte, size)
	for i := range data {
		data[i] = byte(i*7 + i>>16)
	}
	for _, tt := range []struct {
		name     string
		nonblock bool
		dl       int
	}{{"blocking", false, dlNone}, {"deadline", true, dlFar}} {
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
					n, err := Recv(r, ptr(buf), len(buf), 0, NoDeadline)
					if err != nil || n == 0 {
						done <- result{got, err}
						return
					}
					got = append(got, buf[:n]...)
				}
				done <- result{got, nil}
			}()
			sent, err := SendAll(w, ptr(data), size, 0, makeDeadline(tt.dl))
			if err != nil || sent != size {
				t.Fatalf("SendAll = (%d, %v), want (%d, nil)", sent, err, size)
			}
			res := <-done
			if res.err != nil {
				t.Fatalf("reader: %v", res.err)
			}
			if !bytes.Equal(res.got, data) {
				t.Fatalf("received %d bytes that differ from the %d sent", len(res.got), size)
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
	if n, err := SendMsg(a, unsafe.Pointer(mh), 0, makeDeadline(dlFar)); err != nil || n != len(out) {
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
	n, err := RecvMsg(b, unsafe.Pointer(rh), unix.MSG_CMSG_CLOEXEC, makeDeadline(dlFar))
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
	if _, err := RecvMsg(b, unsafe.Pointer(rh), 0, NoDeadline); err != unix.EAGAIN {
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
		if _, err := Send(d, ptr(msg), len(msg), 0, NoDeadline); err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 8)
		if n, err := Recv(b, ptr(buf), len(buf), 0, NoDeadline); err != nil || string(buf[:n]) != "dup" {
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
	if _, err := Recv(a, ptr(buf), len(buf), 0, NoDeadline); err != unix.EAGAIN {
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

// TestNowAfter: Now is CLOCK_MONOTONIC in nanoseconds and After adds to it.
func TestNowAfter(t *testing.T) {
	a := Now()
	time.Sleep(2 * time.Millisecond)
	b := Now()
	if a <= 0 || b-a < int64(2*time.Millisecond) || b-a > int64(5*time.Second) {
		t.Errorf("Now: %d then %d", a, b)
	}
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_MONOTONIC, &ts); err != nil {
		t.Fatal(err)
	}
	if d := ts.Nano() - Now(); d > 0 || d < -int64(time.Second) {
		t.Errorf("Now differs from CLOCK_MONOTONIC by %d ns", d)
	}
	if dl := After(int64(time.Second)); int64(dl)-Now() <= 0 || int64(dl)-Now() > int64(time.Second) {
		t.Errorf("After(1s) = %d, now %d", dl, Now())
	}
	if NoDeadline >= 0 {
		t.Error("NoDeadline is not negative")
	}
}
