package core

import (
	"bytes"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// batch is a sendmmsg/recvmmsg vector on the Go heap (standing in for the
// binding's C memory): one iovec per message, the iovecs contiguous, as
// SendMmsg requires, and the GSO scratch space.
type batch struct {
	vec  []unix.Mmsghdr
	iov  []unix.Iovec
	bufs [][]byte
	gso  GSO
	ctl  []byte
	gvec []unix.Mmsghdr
}

// newBatch builds a vector of messages with the given sizes, all to the
// address to (nil: none), each filled with its index.
func newBatch(sizes []int, to *Raw) *batch {
	n := len(sizes)
	b := &batch{vec: make([]unix.Mmsghdr, n), iov: make([]unix.Iovec, n), bufs: make([][]byte, n),
		ctl: make([]byte, n*GSOControlSize), gvec: make([]unix.Mmsghdr, n)}
	for i, s := range sizes {
		b.bufs[i] = bytes.Repeat([]byte{byte('a' + i%26)}, s)
		if s > 0 {
			b.iov[i].Base = &b.bufs[i][0]
		}
		b.iov[i].SetLen(s)
		b.vec[i].Hdr.Iov, b.vec[i].Hdr.Iovlen = &b.iov[i], 1
		if to != nil {
			b.vec[i].Hdr.Name, b.vec[i].Hdr.Namelen = (*byte)(to.ptr()), to.Len
		}
	}
	if n > 0 {
		b.gso = GSO{Vec: &b.gvec[0], Control: unsafe.Pointer(&b.ctl[0])}
	}
	return b
}

func (b *batch) first() *unix.Mmsghdr {
	if len(b.vec) == 0 {
		return nil
	}
	return &b.vec[0]
}

// TestCoalesce checks how runs of datagrams are grouped for UDP GSO.
func TestCoalesce(t *testing.T) {
	other := new(Raw)
	other.Len = 16
	rep := func(k, s int) []int {
		r := make([]int, k)
		for i := range r {
			r[i] = s
		}
		return r
	}
	for _, c := range []struct {
		name   string
		sizes  []int
		split  int   // messages from here on go to another address
		groups []int // datagrams per group
	}{
		{"one", []int{64}, -1, []int{1}},
		{"equal", rep(5, 64), -1, []int{5}},
		{"shorter last", []int{64, 64, 10}, -1, []int{3}},
		{"shorter ends run", []int{64, 10, 64, 64}, -1, []int{2, 2}},
		{"longer starts run", []int{10, 64, 64}, -1, []int{1, 2}},
		{"empty datagram", []int{64, 0, 64}, -1, []int{1, 1, 1}},
		{"too big", []int{1500, 1500}, -1, []int{1, 1}},
		{"max segments", rep(70, 8), -1, []int{64, 6}},
		{"max total", rep(60, 1200), -1, []int{54, 6}},
		{"two addresses", rep(4, 64), 2, []int{2, 2}},
	} {
		t.Run(c.name, func(t *testing.T) {
			to := new(Raw)
			to.Len = 16
			b := newBatch(c.sizes, to)
			if c.split >= 0 {
				for i := c.split; i < len(b.vec); i++ {
					b.vec[i].Hdr.Name = (*byte)(other.ptr())
				}
			}
			g := coalesce(b.first(), len(b.vec), b.gso)
			var got []int
			at := 0
			for _, m := range b.gvec[:g] {
				got = append(got, int(m.Hdr.Iovlen))
				if m.Hdr.Iov != &b.iov[at] {
					t.Errorf("group %d starts at the wrong iovec", len(got)-1)
				}
				if (m.Hdr.Iovlen > 1) != (m.Hdr.Control != nil) {
					t.Errorf("group %d of %d datagrams: control %v", len(got)-1, m.Hdr.Iovlen, m.Hdr.Control)
				}
				at += int(m.Hdr.Iovlen)
			}
			if len(got) != len(c.groups) {
				t.Fatalf("groups %v, want %v", got, c.groups)
			}
			for i := range got {
				if got[i] != c.groups[i] {
					t.Fatalf("groups %v, want %v", got, c.groups)
				}
			}
		})
	}
}

// recvAll receives n datagrams with RecvMmsg and returns their payloads.
func recvAll(t *testing.T, fd, n int) [][]byte {
	t.Helper()
	rb := newBatch(make([]int, n), nil)
	for i := range rb.bufs {
		rb.bufs[i] = make([]byte, 2048)
		rb.iov[i].Base = &rb.bufs[i][0]
		rb.iov[i].SetLen(2048)
	}
	var out [][]byte
	for len(out) < n {
		k, err := RecvMmsg(fd, &rb.vec[0], n-len(out), unix.MSG_DONTWAIT)
		if err == unix.EAGAIN {
			waitReady(t, fd, unix.POLLIN)
			continue
		}
		if err != nil {
			t.Fatalf("RecvMmsg: %v", err)
		}
		for i := 0; i < k; i++ {
			out = append(out, append([]byte(nil), rb.bufs[i][:rb.vec[i].Len]...))
		}
	}
	return out
}

// TestSendMmsgDatagrams sends batches over real UDP sockets, with and
// without GSO, and checks the receiver gets the same datagrams either way.
func TestSendMmsgDatagrams(t *testing.T) {
	for _, useGSO := range []bool{false, true} {
		for _, sizes := range [][]int{{64}, {64, 64, 64, 64}, {100, 100, 7, 100, 3}, {1, 2, 3}} {
			a, _ := bound(t, unix.AF_INET, unix.SOCK_DGRAM, true)
			b, bAddr := bound(t, unix.AF_INET, unix.SOCK_DGRAM, true)
			sb := newBatch(sizes, bAddr)
			g := GSO{}
			if useGSO {
				g = sb.gso
			}
			n, err := SendMmsg(a, sb.first(), len(sizes), unix.MSG_DONTWAIT, g)
			if err != nil || n != len(sizes) {
				t.Fatalf("gso=%v %v: SendMmsg = %d, %v", useGSO, sizes, n, err)
			}
			got := recvAll(t, b, len(sizes))
			for i := range sizes {
				if !bytes.Equal(got[i], sb.bufs[i]) {
					t.Errorf("gso=%v %v: datagram %d = %q, want %q", useGSO, sizes, i, got[i], sb.bufs[i])
				}
			}
		}
	}
}

// TestSendMmsgGSOFallback: a kernel refusing GSO gets the datagrams one by
// one; other errors are returned as they are.
func TestSendMmsgGSOFallback(t *testing.T) {
	for _, c := range []struct {
		first unix.Errno
		calls int
		want  error
	}{
		{unix.EINVAL, 2, nil},
		{unix.EIO, 2, nil},
		{unix.ENOPROTOOPT, 2, nil},
		{unix.EBADF, 1, unix.EBADF},
		// A would-block or interrupted GSO send is the caller's to wait
		// for or retry: no fallback send in the same call.
		{unix.EAGAIN, 1, unix.EAGAIN},
		{unix.EINTR, 1, unix.EINTR},
	} {
		to := new(Raw)
		to.Len = 16
		b := newBatch([]int{64, 64, 64}, to)
		var vlens []int
		swap(t, &sysUDPCork, func(int) (int, unix.Errno) { return 0, 0 })
		swap(t, &sysSendmmsg, func(fd int, vec unsafe.Pointer, n, flags int) (int, unix.Errno) {
			vlens = append(vlens, n)
			if len(vlens) == 1 {
				return -1, c.first
			}
			return n, 0
		})
		n, err := SendMmsg(fakeFD, b.first(), 3, 0, b.gso)
		if err != c.want || len(vlens) != c.calls || vlens[0] != 1 {
			t.Errorf("%v: SendMmsg = %d, %v after calls with vlen %v", c.first, n, err, vlens)
		}
		if c.want == nil && (n != 3 || vlens[1] != 3) {
			t.Errorf("%v: fallback sent %d with vlen %v, want 3", c.first, n, vlens)
		}
	}
}

// TestSendMmsgNoGSO: MSG_MORE and a corked socket keep datagrams separate
// sends (GSO would split a corked datagram).
func TestSendMmsgNoGSO(t *testing.T) {
	for _, c := range []struct {
		name  string
		flags int
		cork  int
	}{{"MSG_MORE", unix.MSG_MORE, 0}, {"UDP_CORK", 0, 1}} {
		to := new(Raw)
		to.Len = 16
		b := newBatch([]int{64, 64}, to)
		var vlen int
		swap(t, &sysUDPCork, func(int) (int, unix.Errno) { return c.cork, 0 })
		swap(t, &sysSendmmsg, func(fd int, vec unsafe.Pointer, n, flags int) (int, unix.Errno) {
			vlen = n
			return n, 0
		})
		if n, err := SendMmsg(fakeFD, b.first(), 2, c.flags, b.gso); n != 2 || err != nil || vlen != 2 {
			t.Errorf("%s: SendMmsg = %d, %v with vlen %d, want 2 separate datagrams", c.name, n, err, vlen)
		}
	}
}

// TestRecvMmsgWaitForOne: RecvMmsg always asks for MSG_WAITFORONE, keeps
// the caller's flags, and makes one attempt: EAGAIN comes back as is.
func TestRecvMmsgWaitForOne(t *testing.T) {
	for _, c := range []struct {
		name  string
		flags int
		e     unix.Errno
	}{
		{"ready", unix.MSG_PEEK, 0},
		{"EAGAIN", unix.MSG_DONTWAIT, unix.EAGAIN},
		{"EINTR", 0, unix.EINTR},
	} {
		t.Run(c.name, func(t *testing.T) {
			var flags []int
			swap(t, &sysRecvmmsg, func(fd int, vec unsafe.Pointer, n, fl int) (int, unix.Errno) {
				flags = append(flags, fl)
				if c.e != 0 {
					return -1, c.e
				}
				return 1, 0
			})
			b := newBatch([]int{8}, nil)
			n, err := RecvMmsg(fakeFD, b.first(), 1, c.flags)
			var want error
			if c.e != 0 {
				want = c.e
			} else if n != 1 {
				t.Errorf("RecvMmsg = %d, want 1", n)
			}
			if err != want || len(flags) != 1 {
				t.Fatalf("RecvMmsg = %d, %v after %d calls, want %v after 1", n, err, len(flags), want)
			}
			if flags[0] != c.flags|unix.MSG_WAITFORONE {
				t.Errorf("flags %#x, want %#x|MSG_WAITFORONE", flags[0], c.flags)
			}
		})
	}
	// The real call on an empty blocking socket, with MSG_DONTWAIT.
	fd, _ := bound(t, unix.AF_INET, unix.SOCK_DGRAM, false)
	b := newBatch([]int{8}, nil)
	if _, err := RecvMmsg(fd, b.first(), 1, unix.MSG_DONTWAIT); err != unix.EAGAIN {
		t.Errorf("RecvMmsg on an empty socket = %v, want EAGAIN", err)
	}
}
