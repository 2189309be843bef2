package core

import (
	"testing"

	"golang.org/x/sys/unix"
)

// BenchmarkRecvSend measures a 64-byte ping over a socketpair: a sends, b
// receives and answers, a receives. Every operation finds its socket ready,
// so each costs exactly one syscall: on a blocking socket as is, on a
// blocking socket with MSG_DONTWAIT (the binding's try-first attempt, made
// through RawSyscall), and on a non-blocking socket.
func BenchmarkRecvSend(b *testing.B) {
	for _, bb := range []struct {
		name     string
		nonblock bool
		flags    int
	}{
		{"blocking", false, 0},
		{"blocking/MSG_DONTWAIT", false, unix.MSG_DONTWAIT},
		{"nonblocking", true, 0},
	} {
		b.Run(bb.name, func(b *testing.B) {
			x, y := pair(b, unix.SOCK_STREAM, bb.nonblock)
			buf := make([]byte, 64)
			b.ReportAllocs()
			b.SetBytes(2 * 64)
			for b.Loop() {
				for _, s := range [...]struct{ from, to int }{{x, y}, {y, x}} {
					if _, err := Send(s.from, ptr(buf), 64, bb.flags); err != nil {
						b.Fatal(err)
					}
					for got := 0; got < 64; {
						n, err := Recv(s.to, ptr(buf[got:]), 64-got, bb.flags)
						if err != nil {
							b.Fatal(err)
						}
						got += n
					}
				}
			}
		})
	}
}

// BenchmarkEAGAINPath measures the attempt that finds nothing: a recv with
// MSG_DONTWAIT on an empty blocking socket, EAGAIN back to the caller.
func BenchmarkEAGAINPath(b *testing.B) {
	_, y := pair(b, unix.SOCK_STREAM, false)
	buf := make([]byte, 64)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Recv(y, ptr(buf), 64, unix.MSG_DONTWAIT); err != unix.EAGAIN {
			b.Fatal(err)
		}
	}
}

// BenchmarkSetIPAddrNumeric measures the numeric fast path of SetIPAddr.
func BenchmarkSetIPAddrNumeric(b *testing.B) {
	name := cstr("127.0.0.1")
	r := new(Raw)
	b.ReportAllocs()
	for b.Loop() {
		if err := SetIPAddr(name, unix.AF_INET, r); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSendMmsgRecvMmsg measures 32 UDP datagrams of 64 bytes sent with
// one SendMmsg (with GSO) and received with RecvMmsg, per operation.
func BenchmarkSendMmsgRecvMmsg(b *testing.B) {
	x, _ := bound(b, unix.AF_INET, unix.SOCK_DGRAM, true)
	y, yAddr := bound(b, unix.AF_INET, unix.SOCK_DGRAM, true)
	sizes := make([]int, 32)
	for i := range sizes {
		sizes[i] = 64
	}
	sb := newBatch(sizes, yAddr)
	rb := newBatch(sizes, nil)
	b.ReportAllocs()
	for b.Loop() {
		n, err := SendMmsg(x, sb.first(), len(sizes), 0, sb.gso)
		if err != nil {
			b.Fatal(err)
		}
		for got := 0; got < n; {
			k, err := RecvMmsg(y, rb.first(), n-got, 0)
			if err == unix.EAGAIN {
				continue // the datagrams are still on their way through loopback
			}
			if err != nil {
				b.Fatal(err)
			}
			got += k
		}
	}
}
