package core

import (
	"errors"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Helpers shared by the tests of this package. Everything here uses real
// descriptors closed through t.Cleanup and only loopback addresses.

// swap sets *p to v for the rest of the test and restores it afterwards; the
// tests use it to inject errnos through the sys* function variables.
func swap[T any](t testing.TB, p *T, v T) {
	t.Helper()
	old := *p
	*p = v
	t.Cleanup(func() { *p = old })
}

// cstr returns s as a NUL-terminated string on the Go heap.
func cstr(s string) *byte {
	b := append([]byte(s), 0)
	return &b[0]
}

// gostr returns the NUL-terminated string at p.
func gostr(p *byte) string {
	if p == nil {
		return ""
	}
	n := 0
	for *(*byte)(unsafe.Add(unsafe.Pointer(p), n)) != 0 {
		n++
	}
	return string(unsafe.Slice(p, n))
}

// ptr returns the address of b's first byte (nil for an empty slice).
func ptr(b []byte) unsafe.Pointer {
	if len(b) == 0 {
		return nil
	}
	return unsafe.Pointer(&b[0])
}

// closeLater closes fd when the test ends, ignoring EBADF for descriptors
// the test closed itself.
func closeLater(t testing.TB, fd int) {
	t.Helper()
	t.Cleanup(func() {
		if err := Close(fd); err != nil && !errors.Is(err, unix.EBADF) {
			t.Errorf("close(%d): %v", fd, err)
		}
	})
}

// newSocket creates a close-on-exec socket, non-blocking when nonblock is
// set, and skips the test when the family is not available here.
func newSocket(t testing.TB, family, typ, proto int, nonblock bool) int {
	t.Helper()
	if nonblock {
		typ |= unix.SOCK_NONBLOCK
	}
	fd, err := Socket(family, typ, proto, true)
	if err != nil {
		if errors.Is(err, unix.EAFNOSUPPORT) || errors.Is(err, unix.EPROTONOSUPPORT) || errors.Is(err, unix.EPERM) || errors.Is(err, unix.EACCES) {
			t.Skipf("socket(%d, %d, %d): %v", family, typ, proto, err)
		}
		t.Fatalf("socket(%d, %d, %d): %v", family, typ, proto, err)
	}
	closeLater(t, fd)
	return fd
}

// pair creates a close-on-exec socketpair, both ends non-blocking when
// nonblock is set.
func pair(t testing.TB, typ int, nonblock bool) (int, int) {
	t.Helper()
	var fds [2]int32
	if nonblock {
		typ |= unix.SOCK_NONBLOCK
	}
	if err := Socketpair(unix.AF_UNIX, typ, 0, true, &fds); err != nil {
		t.Fatalf("socketpair: %v", err)
	}
	closeLater(t, int(fds[0]))
	closeLater(t, int(fds[1]))
	return int(fds[0]), int(fds[1])
}

// loopback is one loopback family the real-socket tests run over.
type loopback struct {
	name   string
	family int
}

var loopbacks = []loopback{
	{"127.0.0.1", unix.AF_INET},
	{"::1", unix.AF_INET6},
}

// loopbackRaw stores the loopback address of family with port in r.
func loopbackRaw(family int, port uint16, r *Raw) {
	switch family {
	case unix.AF_INET:
		a := Inet4{Addr: [4]byte{127, 0, 0, 1}, Port: port}
		a.Put(r)
	case unix.AF_INET6:
		a := Inet6{Addr: [16]byte{15: 1}, Port: port}
		a.Put(r)
	default:
		panic("loopbackRaw: not an IP family")
	}
}

// bound creates a socket of family and typ bound to the loopback address
// with an ephemeral port and returns it with its address. It skips the test
// when the family (::1 in particular) is not available.
func bound(t testing.TB, family, typ int, nonblock bool) (int, *Raw) {
	t.Helper()
	fd := newSocket(t, family, typ, 0, nonblock)
	r := new(Raw)
	loopbackRaw(family, 0, r)
	if err := Bind(fd, r); err != nil {
		if errors.Is(err, unix.EADDRNOTAVAIL) || errors.Is(err, unix.EAFNOSUPPORT) {
			t.Skipf("bind to loopback family %d: %v", family, err)
		}
		t.Fatalf("bind: %v", err)
	}
	if err := Getsockname(fd, r); err != nil {
		t.Fatalf("getsockname: %v", err)
	}
	return fd, r
}

// listener returns a listening TCP socket on loopback and its address.
func listener(t testing.TB, family int, nonblock bool) (int, *Raw) {
	t.Helper()
	fd, r := bound(t, family, unix.SOCK_STREAM, nonblock)
	if err := Listen(fd, 128); err != nil {
		t.Fatalf("listen: %v", err)
	}
	return fd, r
}

// sameAddr reports whether two IP addresses held in Raws are equal, family,
// address and port.
func sameAddr(a, b *Raw) bool {
	if a.Family() != b.Family() {
		return false
	}
	switch a.Family() {
	case unix.AF_INET:
		var x, y Inet4
		x.Get(a)
		y.Get(b)
		return x == y
	case unix.AF_INET6:
		var x, y Inet6
		x.Get(a)
		y.Get(b)
		return x == y
	}
	return false
}

// cloexec reports whether fd has FD_CLOEXEC set.
func cloexec(t testing.TB, fd int) bool {
	t.Helper()
	fl, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0)
	if err != nil {
		t.Fatalf("F_GETFD: %v", err)
	}
	return fl&unix.FD_CLOEXEC != 0
}

// nonblocking reports whether fd has O_NONBLOCK set.
func nonblocking(t testing.TB, fd int) bool {
	t.Helper()
	fl, err := unix.FcntlInt(uintptr(fd), unix.F_GETFL, 0)
	if err != nil {
		t.Fatalf("F_GETFL: %v", err)
	}
	return fl&unix.O_NONBLOCK != 0
}

// fillSendBuffer sends with MSG_DONTWAIT on fd (blocking or not) until the
// kernel says EAGAIN: the send buffer and the peer's receive queue are full.
func fillSendBuffer(t testing.TB, fd int) {
	t.Helper()
	chunk := make([]byte, 65536)
	for i := 0; i < 100000; i++ {
		_, err := Send(fd, ptr(chunk), len(chunk), unix.MSG_DONTWAIT)
		if errors.Is(err, unix.EAGAIN) {
			return
		}
		if err != nil {
			t.Fatalf("filling send buffer: %v", err)
		}
	}
	t.Fatal("send buffer never filled")
}

// waitTimeout bounds every wait the tests make: a test that would wait
// longer fails instead of hanging.
const waitTimeout = 5000 // ms

// waitReady waits with poll(2), as the binding's call layer does, until fd
// reports one of events (or an error state), and returns the revents. It
// fails the test after waitTimeout. poll is made here, in the test: core
// itself never waits.
func waitReady(t testing.TB, fd int, events int16) int16 {
	t.Helper()
	pfd := []unix.PollFd{{Fd: int32(fd), Events: events}}
	for {
		n, err := unix.Poll(pfd, waitTimeout)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			t.Fatalf("poll(%d, %#x): %v", fd, events, err)
		}
		if n == 0 {
			t.Fatalf("poll(%d, %#x): nothing after %d ms", fd, events, waitTimeout)
		}
		return pfd[0].Revents
	}
}
