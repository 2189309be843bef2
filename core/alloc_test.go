package core

import (
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Every per-operation path must allocate nothing on the Go heap: a process
// that forks with gosocket loaded keeps using it in the child, where the
// first garbage collection would hang. Each case sets up its sockets and
// buffers (on the heap, as the binding's C memory would be) and returns the
// operation that testing.AllocsPerRun measures.

const allocRuns = 50

type allocCase struct {
	name  string
	setup func(t *testing.T) func()
}

// check fails the test (from inside a measured operation) on an error; the
// formatting allocates only when it fails.
func check(t *testing.T, what string, err error) {
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func want(t *testing.T, what string, err, wantErr error) {
	if err != wantErr {
		t.Fatalf("%s: %v, want %v", what, err, wantErr)
	}
}

var allocCases = []allocCase{
	{"Recv+Send/blocking", func(t *testing.T) func() {
		a, b := pair(t, unix.SOCK_STREAM, false)
		buf := make([]byte, 64)
		return func() {
			_, err := Send(a, ptr(buf), 64, 0)
			check(t, "send", err)
			_, err = Recv(b, ptr(buf), 64, 0)
			check(t, "recv", err)
		}
	}},
	{"Recv+Send/MSG_DONTWAIT", func(t *testing.T) func() {
		a, b := pair(t, unix.SOCK_STREAM, false)
		buf := make([]byte, 64)
		return func() {
			_, err := Send(a, ptr(buf), 64, unix.MSG_DONTWAIT)
			check(t, "send", err)
			_, err = Recv(b, ptr(buf), 64, unix.MSG_DONTWAIT)
			check(t, "recv", err)
		}
	}},
	{"Recv+Send/nonblocking", func(t *testing.T) func() {
		a, b := pair(t, unix.SOCK_STREAM, true)
		buf := make([]byte, 64)
		return func() {
			_, err := Send(a, ptr(buf), 64, 0)
			check(t, "send", err)
			_, err = Recv(b, ptr(buf), 64, 0)
			check(t, "recv", err)
		}
	}},
	{"Recv/EAGAIN", func(t *testing.T) func() {
		_, b := pair(t, unix.SOCK_STREAM, false)
		_, c := pair(t, unix.SOCK_STREAM, true)
		buf := make([]byte, 64)
		return func() {
			_, err := Recv(b, ptr(buf), 64, unix.MSG_DONTWAIT)
			want(t, "recv blocking+MSG_DONTWAIT", err, unix.EAGAIN)
			_, err = Recv(c, ptr(buf), 64, 0)
			want(t, "recv nonblocking", err, unix.EAGAIN)
		}
	}},
	{"Send/EAGAIN", func(t *testing.T) func() {
		a, _ := pair(t, unix.SOCK_STREAM, false)
		fillSendBuffer(t, a)
		buf := make([]byte, 64)
		return func() {
			_, err := Send(a, ptr(buf), 64, unix.MSG_DONTWAIT)
			want(t, "send", err, unix.EAGAIN)
		}
	}},
	{"Recv/EBADF", func(t *testing.T) func() {
		buf := make([]byte, 64)
		return func() {
			_, err := Recv(-1, ptr(buf), 64, 0)
			want(t, "recv", err, unix.EBADF)
		}
	}},
	{"RecvFrom+SendTo/udp", func(t *testing.T) func() {
		a, _ := bound(t, unix.AF_INET, unix.SOCK_DGRAM, false)
		b, bAddr := bound(t, unix.AF_INET, unix.SOCK_DGRAM, false)
		buf := make([]byte, 64)
		from := new(Raw)
		return func() {
			_, err := SendTo(a, ptr(buf), 64, unix.MSG_DONTWAIT, bAddr)
			check(t, "sendto", err)
			_, err = RecvFrom(b, ptr(buf), 64, 0, from)
			check(t, "recvfrom", err)
			_, err = RecvFrom(b, ptr(buf), 64, unix.MSG_DONTWAIT, from)
			want(t, "recvfrom empty", err, unix.EAGAIN)
		}
	}},
	{"SendMsg+RecvMsg", func(t *testing.T) func() {
		a, b := pair(t, unix.SOCK_DGRAM, false)
		buf := make([]byte, 64)
		iov := &unix.Iovec{Base: &buf[0]}
		iov.SetLen(len(buf))
		mh := &unix.Msghdr{Iov: iov}
		mh.SetIovlen(1)
		return func() {
			_, err := SendMsg(a, unsafe.Pointer(mh), unix.MSG_DONTWAIT)
			check(t, "sendmsg", err)
			_, err = RecvMsg(b, unsafe.Pointer(mh), unix.MSG_DONTWAIT)
			check(t, "recvmsg", err)
			_, err = RecvMsg(b, unsafe.Pointer(mh), unix.MSG_DONTWAIT)
			want(t, "recvmsg empty", err, unix.EAGAIN)
		}
	}},
	{"Accept/pre-queued", func(t *testing.T) func() {
		ln, lnAddr := listener(t, unix.AF_INET, false)
		for i := 0; i < allocRuns+1; i++ {
			c := newSocket(t, unix.AF_INET, unix.SOCK_STREAM, 0, false)
			if err := connectNow(t, c, lnAddr, true); err != nil {
				t.Fatalf("connect: %v", err)
			}
		}
		from := new(Raw)
		return func() {
			fd, err := Accept(ln, from, true)
			check(t, "accept", err)
			check(t, "close", Close(fd))
		}
	}},
	{"Accept/EAGAIN", func(t *testing.T) func() {
		ln, _ := listener(t, unix.AF_INET, true)
		from := new(Raw)
		return func() {
			_, err := Accept(ln, from, true)
			want(t, "accept", err, unix.EAGAIN)
		}
	}},
	{"Connect/nonblocking", func(t *testing.T) func() {
		_, lnAddr := listener(t, unix.AF_INET, false)
		return func() {
			fd, err := Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_NONBLOCK, 0, true)
			check(t, "socket", err)
			if err := Connect(fd, lnAddr, false); err != nil && err != unix.EINPROGRESS {
				t.Fatalf("connect: %v", err)
			}
			check(t, "close", Close(fd))
		}
	}},
	{"Connect/nonblock+poll+ConnectResult+Accept", func(t *testing.T) func() {
		ln, lnAddr := listener(t, unix.AF_INET, false)
		from := new(Raw)
		pfd := make([]unix.PollFd, 1)
		return func() {
			fd, err := Socket(unix.AF_INET, unix.SOCK_STREAM, 0, true)
			check(t, "socket", err)
			err = Connect(fd, lnAddr, true)
			if err == unix.EINPROGRESS {
				pfd[0] = unix.PollFd{Fd: int32(fd), Events: unix.POLLOUT}
				_, err = unix.Poll(pfd, waitTimeout)
				check(t, "poll", err)
				err = ConnectResult(fd)
			}
			check(t, "connect", err)
			pfd[0] = unix.PollFd{Fd: int32(ln), Events: unix.POLLIN}
			_, err = unix.Poll(pfd, waitTimeout)
			check(t, "poll", err)
			s, err := Accept(ln, from, true)
			check(t, "accept", err)
			check(t, "close", Close(s))
			check(t, "close", Close(fd))
		}
	}},
	{"Connect/refused+ConnectResult", func(t *testing.T) func() {
		_, addr := bound(t, unix.AF_INET, unix.SOCK_STREAM, false)
		pfd := make([]unix.PollFd, 1)
		return func() {
			fd, err := Socket(unix.AF_INET, unix.SOCK_STREAM, 0, true)
			check(t, "socket", err)
			err = Connect(fd, addr, true)
			if err == unix.EINPROGRESS {
				pfd[0] = unix.PollFd{Fd: int32(fd), Events: unix.POLLOUT}
				_, err = unix.Poll(pfd, waitTimeout)
				check(t, "poll", err)
				err = ConnectResult(fd)
			}
			want(t, "connect", err, unix.ECONNREFUSED)
			check(t, "close", Close(fd))
		}
	}},
	{"ConnectResult", func(t *testing.T) func() {
		a, _ := pair(t, unix.SOCK_STREAM, false)
		return func() {
			check(t, "connect result", ConnectResult(a))
			want(t, "connect result -1", ConnectResult(-1), unix.EBADF)
		}
	}},
	// The errnos the binding's call layer acts on, injected: one attempt,
	// the errno boxed without allocating.
	{"injected/EINTR+EAGAIN+EINPROGRESS", func(t *testing.T) func() {
		errs := [...]unix.Errno{unix.EINTR, unix.EAGAIN, unix.EINPROGRESS}
		i := new(int)
		next := func() unix.Errno { e := errs[*i%len(errs)]; *i++; return e }
		swap(t, &sysRecvfrom, func(int, unsafe.Pointer, int, int, unsafe.Pointer, unsafe.Pointer) (int, unix.Errno) {
			return -1, next()
		})
		swap(t, &sysSendto, func(int, unsafe.Pointer, int, int, unsafe.Pointer, uint32) (int, unix.Errno) { return -1, next() })
		swap(t, &sysAccept4, func(int, unsafe.Pointer, unsafe.Pointer, int) (int, unix.Errno) { return -1, next() })
		swap(t, &sysConnect, func(int, unsafe.Pointer, uint32) (int, unix.Errno) { return -1, next() })
		swap(t, &sysSendmsg, func(int, unsafe.Pointer, int) (int, unix.Errno) { return -1, next() })
		swap(t, &sysRecvmsg, func(int, unsafe.Pointer, int) (int, unix.Errno) { return -1, next() })
		swap(t, &sysSendmmsg, func(int, unsafe.Pointer, int, int) (int, unix.Errno) { return -1, next() })
		swap(t, &sysRecvmmsg, func(int, unsafe.Pointer, int, int) (int, unix.Errno) { return -1, next() })
		swap(t, &sysSendfile, func(int, int, unsafe.Pointer, int) (int, unix.Errno) { return -1, next() })
		swap(t, &sysSoError, func(int) (int, unix.Errno) { return int(next()), 0 })
		buf := make([]byte, 64)
		r := new(Raw)
		b := newBatch([]int{8, 8}, nil)
		off := new(int64)
		return func() {
			for j := 0; j < len(errs); j++ {
				_, err := Recv(fakeFD, ptr(buf), 64, 0)
				_, err2 := RecvFrom(fakeFD, ptr(buf), 64, 0, r)
				_, err3 := Send(fakeFD, ptr(buf), 64, 0)
				_, err4 := SendTo(fakeFD, ptr(buf), 64, 0, r)
				_, err5 := Accept(fakeFD, r, true)
				err6 := Connect(fakeFD, r, false)
				_, err7 := SendMsg(fakeFD, ptr(buf), 0)
				_, err8 := RecvMsg(fakeFD, ptr(buf), 0)
				_, err9 := SendMmsg(fakeFD, b.first(), 2, 0, GSO{})
				_, err10 := RecvMmsg(fakeFD, b.first(), 2, 0)
				_, err11 := SendFile(fakeFD, fakeFD, off, 64, false)
				err12 := ConnectResult(fakeFD)
				for _, e := range [...]error{err, err2, err3, err4, err5, err6, err7, err8, err9, err10, err11, err12} {
					if e == nil {
						t.Fatal("an injected errno came back as success")
					}
				}
			}
		}
	}},
	{"Getsockname+Getpeername", func(t *testing.T) func() {
		ln, lnAddr := listener(t, unix.AF_INET6, false)
		c := newSocket(t, unix.AF_INET6, unix.SOCK_STREAM, 0, false)
		check(t, "connect", connectNow(t, c, lnAddr, true))
		_ = ln
		r := new(Raw)
		return func() {
			check(t, "getsockname", Getsockname(c, r))
			check(t, "getpeername", Getpeername(c, r))
		}
	}},
	{"options", func(t *testing.T) func() {
		fd := newSocket(t, unix.AF_INET, unix.SOCK_STREAM, 0, false)
		buf := make([]byte, 8)
		return func() {
			check(t, "setsockopt", SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_REUSEADDR, 1))
			_, err := GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_REUSEADDR)
			check(t, "getsockopt", err)
			check(t, "setsockopt bytes", SetsockoptBytes(fd, unix.SOL_SOCKET, unix.SO_LINGER, ptr(buf), 8))
			_, err = GetsockoptBytes(fd, unix.SOL_SOCKET, unix.SO_LINGER, buf)
			check(t, "getsockopt bytes", err)
			_, _, _, err = Info(fd)
			check(t, "info", err)
			_, err = GetsockoptInt(fd, unix.SOL_SOCKET, 9999)
			want(t, "unknown option", err, unix.ENOPROTOOPT)
		}
	}},
	{"Socket+Socketpair+Dup+SetNonblock+Shutdown+Close", func(t *testing.T) func() {
		fds := new([2]int32)
		return func() {
			fd, err := Socket(unix.AF_INET6, unix.SOCK_DGRAM, 0, true)
			check(t, "socket", err)
			check(t, "socketpair", Socketpair(unix.AF_UNIX, unix.SOCK_STREAM, 0, true, fds))
			d, err := Dup(int(fds[0]), true)
			check(t, "dup", err)
			check(t, "nonblock", SetNonblock(d, true))
			check(t, "block", SetNonblock(d, false))
			check(t, "shutdown", Shutdown(d, unix.SHUT_RDWR))
			for _, x := range [...]int{fd, int(fds[0]), int(fds[1]), d} {
				check(t, "close", Close(x))
			}
			want(t, "close -1", Close(-1), unix.EBADF)
		}
	}},
	{"SetIPAddr/numeric", func(t *testing.T) func() {
		v4, v6, bc := cstr("127.0.0.1"), cstr("::1"), cstr("<broadcast>")
		r := new(Raw)
		return func() {
			check(t, "v4", SetIPAddr(v4, unix.AF_INET, r))
			check(t, "v4 unspec", SetIPAddr(v4, unix.AF_UNSPEC, r))
			check(t, "v6", SetIPAddr(v6, unix.AF_INET6, r))
			check(t, "v6 unspec", SetIPAddr(v6, unix.AF_UNSPEC, r))
			check(t, "broadcast", SetIPAddr(bc, unix.AF_INET, r))
			want(t, "broadcast v6", SetIPAddr(bc, unix.AF_INET6, r), ErrFamilyMismatch)
		}
	}},
	{"SetIPAddr/needs-lookup", func(t *testing.T) func() {
		empty, local, v4 := cstr(""), cstr("localhost"), cstr("127.0.0.1")
		r := new(Raw)
		return func() {
			want(t, "wildcard", SetIPAddr(empty, unix.AF_INET, r), ErrNeedLookup)
			want(t, "localhost", SetIPAddr(local, unix.AF_UNSPEC, r), ErrNeedLookup)
			want(t, "v4 as inet6", SetIPAddr(v4, unix.AF_INET6, r), ErrNeedLookup)
		}
	}},
	{"FormatIP+ParseIP", func(t *testing.T) func() {
		r4, r6 := new(Raw), new(Raw)
		loopbackRaw(unix.AF_INET, 1, r4)
		loopbackRaw(unix.AF_INET6, 1, r6)
		buf := make([]byte, 64)
		name := cstr("::1")
		return func() {
			if FormatIP(r4, buf) == 0 || FormatIP(r6, buf) == 0 {
				t.Fatal("FormatIP failed")
			}
			if !ParseIP(unix.AF_INET6, name, ptr(buf)) {
				t.Fatal("ParseIP failed")
			}
		}
	}},
	{"NumericAddrInfo+Next", func(t *testing.T) func() {
		host, port, name := cstr("127.0.0.1"), cstr("80"), cstr("localhost")
		ai := new(AddrInfo)
		return func() {
			l, ok := NumericAddrInfo(host, port, unix.AF_INET, unix.SOCK_STREAM, 0, aiNumericHost|aiNumericServ)
			if !ok || !l.Next(ai) || l.Next(ai) {
				t.Fatal("NumericAddrInfo did not give one result")
			}
			if _, ok := NumericAddrInfo(name, nil, unix.AF_INET, unix.SOCK_STREAM, 0, 0); ok {
				t.Fatal("NumericAddrInfo answered for a name")
			}
		}
	}},
	// A getaddrinfo answer as the binding hands it over (built in Go
	// memory with the layout of struct addrinfo).
	{"AddrInfoListOf+Next", func(t *testing.T) func() {
		res := aiList(
			aiEntry{socktype: unix.SOCK_STREAM, proto: unix.IPPROTO_TCP, sa: sa6("::1", 80, 0), canon: "localhost"},
			aiEntry{socktype: unix.SOCK_DGRAM, proto: unix.IPPROTO_UDP, sa: sa4("127.0.0.1", 80)},
			aiEntry{socktype: unix.SOCK_RAW, sa: sa4("127.0.0.1", 80)},
		)
		ai := new(AddrInfo)
		return func() {
			l := AddrInfoListOf(res)
			n := 0
			for l.Next(ai) {
				n++
			}
			if n != 3 {
				t.Fatalf("%d results, want 3", n)
			}
		}
	}},
	{"FirstAddrInfo", func(t *testing.T) func() {
		one := aiList(aiEntry{socktype: unix.SOCK_STREAM, sa: sa4("0.0.0.0", 0)})
		two := aiList(aiEntry{socktype: unix.SOCK_STREAM, sa: sa6("::1", 0, 0)}, aiEntry{socktype: unix.SOCK_STREAM, sa: sa4("127.0.0.1", 0)})
		r := new(Raw)
		return func() {
			check(t, "wildcard", FirstAddrInfo(one, true, r))
			check(t, "lookup", FirstAddrInfo(two, false, r))
		}
	}},
	{"SendMmsg+RecvMmsg/udp", func(t *testing.T) func() {
		a, _ := bound(t, unix.AF_INET, unix.SOCK_DGRAM, false)
		b, bAddr := bound(t, unix.AF_INET, unix.SOCK_DGRAM, false)
		sb := newBatch([]int{64, 64, 64, 64}, bAddr)
		rb := newBatch([]int{64, 64, 64, 64}, nil)
		return func() {
			n, err := SendMmsg(a, sb.first(), 4, unix.MSG_DONTWAIT, GSO{})
			check(t, "sendmmsg", err)
			for got := 0; got < n; {
				k, err := RecvMmsg(b, rb.first(), n-got, 0)
				check(t, "recvmmsg", err)
				got += k
			}
			_, err = RecvMmsg(b, rb.first(), 4, unix.MSG_DONTWAIT)
			want(t, "recvmmsg empty", err, unix.EAGAIN)
		}
	}},
	{"SendMmsg/gso+RecvMmsg/udp", func(t *testing.T) func() {
		a, _ := bound(t, unix.AF_INET, unix.SOCK_DGRAM, true)
		b, bAddr := bound(t, unix.AF_INET, unix.SOCK_DGRAM, false)
		sb := newBatch([]int{64, 64, 64, 64}, bAddr)
		rb := newBatch([]int{64, 64, 64, 64}, nil)
		return func() {
			n, err := SendMmsg(a, sb.first(), 4, 0, sb.gso)
			check(t, "sendmmsg", err)
			for got := 0; got < n; {
				k, err := RecvMmsg(b, rb.first(), n-got, 0)
				check(t, "recvmmsg", err)
				got += k
			}
		}
	}},
	{"SendFile", func(t *testing.T) func() {
		in := tempFile(t, make([]byte, 64))
		a, b := pair(t, unix.SOCK_STREAM, false)
		c, _ := pair(t, unix.SOCK_STREAM, false)
		fillSendBuffer(t, c)
		off := new(int64)
		buf := make([]byte, 64)
		return func() {
			for _, nonblock := range [...]bool{true, false} {
				*off = 0
				_, err := SendFile(a, in, off, 64, nonblock)
				check(t, "sendfile", err)
				_, err = Recv(b, ptr(buf), 64, 0)
				check(t, "recv", err)
			}
			*off = 0
			_, err := SendFile(c, in, off, 64, true)
			want(t, "sendfile full", err, unix.EAGAIN)
			_, err = Inheritable(a)
			check(t, "inheritable", err)
			check(t, "set_inheritable", SetInheritable(a, false))
		}
	}},
	// Error values: errnos and AddrErrors are small integers, which Go
	// boxes into an error without allocating.
	{"errors/AddrError", func(t *testing.T) func() {
		r := new(Raw)
		long := make([]byte, 200)
		local := aiList(aiEntry{socktype: unix.SOCK_STREAM, sa: saUnix("/tmp/x")})
		two := aiList(aiEntry{socktype: unix.SOCK_STREAM, sa: sa4("0.0.0.0", 0)}, aiEntry{socktype: unix.SOCK_STREAM, sa: sa6("::", 0, 0)})
		return func() {
			want(t, "PutUnix", PutUnix(r, long), ErrUnixPathTooLong)
			want(t, "FirstAddrInfo AF_UNIX", FirstAddrInfo(local, false, r), ErrUnknownFamily)
			want(t, "FirstAddrInfo AF_UNIX wildcard", FirstAddrInfo(local, true, r), ErrUnsupportedFamily)
			want(t, "FirstAddrInfo wildcard multi", FirstAddrInfo(two, true, r), ErrWildcardMulti)
		}
	}},
}

func TestNoAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	for _, c := range allocCases {
		t.Run(c.name, func(t *testing.T) {
			op := c.setup(t)
			if n := testing.AllocsPerRun(allocRuns, op); n != 0 {
				t.Errorf("%v allocations per run, want 0", n)
			}
		})
	}
}
