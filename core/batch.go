package core

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// MaxBatch is the most messages one sendmmsg/recvmmsg call handles: the
// kernel's UIO_MAXIOV, which it silently caps vlen at.
const MaxBatch = 1024

// GSO limits: at most gsoMaxSegs datagrams per coalesced send (the kernel's
// UDP_MAX_SEGMENTS is 64 on older kernels), each at most gsoMaxSize bytes
// (fits the minimum IPv6 path MTU, so a send never fails for size where
// separate datagrams would fragment), and gsoMaxTotal in all (one UDP
// datagram's worth).
const (
	gsoMaxSegs  = 64
	gsoMaxSize  = 1232
	gsoMaxTotal = 65000
)

// GSOControlSize is the control buffer space SendMmsg needs per message for
// a UDP_SEGMENT control message: CMSG_SPACE(sizeof(uint16_t)).
const GSOControlSize = unix.SizeofCmsghdr + 8

// The batch datagram calls, behind variables like sys.go's so tests can
// inject errnos. vec is an array of n struct mmsghdr in C memory.
var (
	sysSendmmsg = func(fd int, vec unsafe.Pointer, n, flags int) (int, unix.Errno) {
		if flags&unix.MSG_DONTWAIT != 0 {
			r, _, e := unix.RawSyscall6(unix.SYS_SENDMMSG, uintptr(fd), uintptr(vec), uintptr(n), uintptr(flags), 0, 0)
			return int(r), e
		}
		r, _, e := unix.Syscall6(unix.SYS_SENDMMSG, uintptr(fd), uintptr(vec), uintptr(n), uintptr(flags), 0, 0)
		return int(r), e
	}
	sysRecvmmsg = func(fd int, vec unsafe.Pointer, n, flags int) (int, unix.Errno) {
		if flags&unix.MSG_DONTWAIT != 0 {
			r, _, e := unix.RawSyscall6(unix.SYS_RECVMMSG, uintptr(fd), uintptr(vec), uintptr(n), uintptr(flags), 0, 0)
			return int(r), e
		}
		r, _, e := unix.Syscall6(unix.SYS_RECVMMSG, uintptr(fd), uintptr(vec), uintptr(n), uintptr(flags), 0, 0)
		return int(r), e
	}
	// sysUDPCork reads the UDP_CORK option: a corked socket appends every
	// send to one pending datagram, which GSO would then split.
	sysUDPCork = func(fd int) (int, unix.Errno) {
		var v int32
		l := uint32(4)
		_, _, e := unix.Syscall6(unix.SYS_GETSOCKOPT, uintptr(fd), unix.SOL_UDP, unix.UDP_CORK, uintptr(unsafe.Pointer(&v)), uintptr(unsafe.Pointer(&l)), 0)
		return int(v), e
	}
)

// GSO is the scratch space SendMmsg may coalesce a UDP batch into: Vec
// holds n struct mmsghdr, Control n*GSOControlSize bytes, both C memory;
// a zero GSO turns coalescing off.
type GSO struct {
	Vec     *unix.Mmsghdr
	Control unsafe.Pointer
}

// SendMmsg sends the n datagrams of vec (struct mmsghdr[n], each with one
// iovec, the iovecs contiguous in memory in message order) and returns how
// many were sent, in one attempt like Send (see once); the kernel reports an
// error only when it sent nothing.
//
// With gso.Vec set (UDP sockets only; not with MSG_MORE or UDP_CORK), runs of consecutive datagrams of one size to
// one destination (the last of a run may be shorter) go out as one UDP GSO
// send (a UDP_SEGMENT control message), which the kernel splits into the
// same datagrams: one pass through the stack instead of one per datagram.
// The count returned is still in datagrams. A kernel that refuses GSO
// (EINVAL, EIO, ENOPROTOOPT, EOPNOTSUPP on the first send) gets the
// datagrams one by one instead.
func SendMmsg(fd int, vec *unix.Mmsghdr, n, flags int, gso GSO) (int, error) {
	groups := 0
	if gso.Vec != nil && flags&unix.MSG_MORE == 0 {
		groups = coalesce(vec, n, gso)
		if groups == n {
			groups = 0 // nothing to coalesce
		} else if cork, e := sysUDPCork(fd); e != 0 || cork != 0 {
			groups = 0
		}
	}
	if groups > 0 {
		k, e := sysSendmmsg(fd, unsafe.Pointer(gso.Vec), groups, flags)
		if e == 0 {
			sent := 0
			for _, m := range unsafe.Slice(gso.Vec, k) {
				sent += int(m.Hdr.Iovlen)
			}
			return sent, nil
		}
		if e != unix.EINVAL && e != unix.EIO && e != unix.ENOPROTOOPT && e != unix.EOPNOTSUPP {
			return once(k, e)
		}
	}
	return once(sysSendmmsg(fd, unsafe.Pointer(vec), n, flags))
}

// coalesce fills gso.Vec with vec's datagrams grouped into GSO sends and
// returns the number of groups.
func coalesce(vec *unix.Mmsghdr, n int, gso GSO) int {
	in := unsafe.Slice(vec, n)
	out := unsafe.Slice(gso.Vec, n)
	g := 0
	for i := 0; i < n; {
		h := &in[i].Hdr
		size := int(h.Iov.Len)
		k := 1
		if size > 0 && size <= gsoMaxSize {
			for i+k < n && k < gsoMaxSegs && (k+1)*size <= gsoMaxTotal {
				nh := &in[i+k].Hdr
				l := int(nh.Iov.Len)
				if nh.Name != h.Name || nh.Namelen != h.Namelen || l == 0 || l > size {
					break
				}
				k++
				if l < size {
					break // a shorter datagram ends the run
				}
			}
		}
		o := &out[g]
		*o = unix.Mmsghdr{}
		o.Hdr.Name, o.Hdr.Namelen = h.Name, h.Namelen
		o.Hdr.Iov, o.Hdr.Iovlen = h.Iov, uint64(k)
		if k > 1 {
			ctl := unsafe.Add(gso.Control, g*GSOControlSize)
			c := (*unix.Cmsghdr)(ctl)
			c.Len = unix.SizeofCmsghdr + 2
			c.Level, c.Type = unix.SOL_UDP, unix.UDP_SEGMENT
			*(*uint16)(unsafe.Add(ctl, unix.SizeofCmsghdr)) = uint16(size)
			o.Hdr.Control = (*byte)(ctl)
			o.Hdr.Controllen = GSOControlSize
		}
		g++
		i += k
	}
	return g
}

// RecvMmsg receives up to n datagrams into vec (struct mmsghdr[n] whose
// msg_namelen and msg_controllen the caller resets before each call) and
// returns how many arrived, in one attempt (see once). MSG_WAITFORONE is
// added to flags, so it returns as soon as one datagram is there instead of
// waiting for n.
func RecvMmsg(fd int, vec *unix.Mmsghdr, n, flags int) (int, error) {
	return once(sysRecvmmsg(fd, unsafe.Pointer(vec), n, flags|unix.MSG_WAITFORONE))
}
