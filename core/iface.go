package core

import (
	"encoding/binary"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The network interface names and indexes: if_nametoindex, if_indextoname
// and if_nameindex as glibc implements them on Linux (an ioctl on a
// scratch datagram socket, and a netlink RTM_GETLINK dump), in Go, so that
// they give the same answers and errnos without cgo.

// ifreq is struct ifreq with the ifr_ifindex member of its union: 40 bytes
// on 64-bit Linux.
type ifreq struct {
	Name  [unix.IFNAMSIZ]byte
	Index int32
	_     [20]byte
}

// opensock opens the scratch socket of glibc's __opensock: the first of
// AF_UNIX, AF_INET and AF_INET6 that the kernel has.
func opensock() (int, error) {
	var err error
	for _, family := range [...]int{unix.AF_UNIX, unix.AF_INET, unix.AF_INET6} {
		var fd int
		if fd, err = unix.Socket(family, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0); err == nil {
			return fd, nil
		}
	}
	return -1, err
}

// ioctlIfreq runs the interface ioctl req on ifr through a scratch socket.
func ioctlIfreq(req uintptr, ifr *ifreq) error {
	fd, err := opensock()
	if err != nil {
		return err
	}
	_, _, e := unix.Syscall(unix.SYS_IOCTL, uintptr(fd), req, uintptr(unsafe.Pointer(ifr)))
	unix.Close(fd)
	return errno(e)
}

// IfNameToIndex returns the index of the interface called name (without
// a NUL), or 0 when there is none, as if_nametoindex(3): a name of
// IFNAMSIZ bytes or more names no interface.
func IfNameToIndex(name []byte) uint32 {
	if len(name) >= unix.IFNAMSIZ {
		return 0
	}
	var ifr ifreq
	copy(ifr.Name[:], name)
	if ioctlIfreq(unix.SIOCGIFINDEX, &ifr) != nil {
		return 0
	}
	return uint32(ifr.Index)
}

// IfIndexToName writes the name of interface index into name as a
// NUL-terminated string (truncated to fit) and returns its length, as
// if_indextoname(3); no such interface is ENXIO, as POSIX asks and glibc
// does.
func IfIndexToName(index uint32, name []byte) (int, error) {
	ifr := ifreq{Index: int32(index)}
	if err := ioctlIfreq(unix.SIOCGIFNAME, &ifr); err != nil {
		if err == unix.ENODEV {
			err = unix.ENXIO
		}
		return 0, err
	}
	n := cstrlen(ifr.Name[:])
	if n > len(name)-1 {
		n = len(name) - 1
	}
	copy(name, ifr.Name[:n])
	name[n] = 0
	return n, nil
}

// cstrlen is the length of the NUL-terminated string at the start of b
// (len(b) when there is no NUL).
func cstrlen(b []byte) int {
	for i, c := range b {
		if c == 0 {
			return i
		}
	}
	return len(b)
}

// ifaceDumpBuf is the receive buffer of IfNameIndex: glibc reads with 8
// KiB; a bigger one keeps any single netlink message from being truncated.
const ifaceDumpBuf = 64 << 10

// IfNameIndex calls fn with the index and name (without NUL; valid only
// during the call) of every network interface, in the order if_nameindex(3)
// lists them: the kernel's RTM_GETLINK dump, one RTM_NEWLINK message each.
func IfNameIndex(fn func(index uint32, name []byte)) error {
	fd, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC, unix.NETLINK_ROUTE)
	if err != nil {
		return err
	}
	defer unix.Close(fd)
	if err := unix.Bind(fd, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		return err
	}
	sa, err := unix.Getsockname(fd)
	if err != nil {
		return err
	}
	pid := sa.(*unix.SockaddrNetlink).Pid
	const seq = 1
	// struct { struct nlmsghdr nlh; struct rtgenmsg g; char pad[3]; }
	// with rtgen_family AF_UNSPEC, as glibc's __netlink_request sends.
	req := make([]byte, unix.NLMSG_HDRLEN+4)
	*(*unix.NlMsghdr)(unsafe.Pointer(&req[0])) = unix.NlMsghdr{
		Len:   uint32(len(req)),
		Type:  unix.RTM_GETLINK,
		Flags: unix.NLM_F_REQUEST | unix.NLM_F_DUMP,
		Seq:   seq,
	}
	for {
		err = unix.Sendto(fd, req, 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK})
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		return err
	}
	buf := make([]byte, ifaceDumpBuf)
	for {
		n, _, flags, _, err := unix.Recvmsg(fd, buf, nil, 0)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return err
		}
		if flags&unix.MSG_TRUNC != 0 {
			return unix.EINVAL
		}
		done, err := ifaceMessages(buf[:n], pid, seq, fn)
		if done || err != nil {
			return err
		}
	}
}

// ifaceMessages walks one datagram of the RTM_GETLINK dump, calling fn for
// each RTM_NEWLINK message that answers our request (port pid, sequence
// seq), and reports whether the dump is over (NLMSG_DONE, or an
// NLMSG_ERROR, whose errno it returns).
func ifaceMessages(b []byte, pid, seq uint32, fn func(index uint32, name []byte)) (bool, error) {
	for len(b) >= unix.NLMSG_HDRLEN {
		h := (*unix.NlMsghdr)(unsafe.Pointer(&b[0]))
		if h.Len < unix.NLMSG_HDRLEN || int(h.Len) > len(b) {
			break
		}
		msg := b[unix.NLMSG_HDRLEN:h.Len]
		if h.Pid == pid && h.Seq == seq {
			switch h.Type {
			case unix.NLMSG_DONE:
				return true, nil
			case unix.NLMSG_ERROR:
				if len(msg) < unix.SizeofNlMsgerr {
					return true, unix.EIO
				}
				e := -int32(binary.NativeEndian.Uint32(msg))
				if e == 0 {
					return true, nil
				}
				return true, unix.Errno(e)
			case unix.RTM_NEWLINK:
				if len(msg) >= unix.SizeofIfInfomsg {
					info := (*unix.IfInfomsg)(unsafe.Pointer(&msg[0]))
					fn(uint32(info.Index), linkName(msg[unix.SizeofIfInfomsg:]))
				}
			}
		}
		next := nlmAlign(int(h.Len))
		if next > len(b) {
			break
		}
		b = b[next:]
	}
	return false, nil
}

// linkName finds the IFLA_IFNAME attribute among a link message's
// attributes and returns the name up to its NUL (nil if there is none).
func linkName(attrs []byte) []byte {
	for len(attrs) >= unix.SizeofRtAttr {
		a := (*unix.RtAttr)(unsafe.Pointer(&attrs[0]))
		if int(a.Len) < unix.SizeofRtAttr || int(a.Len) > len(attrs) {
			break
		}
		if a.Type == unix.IFLA_IFNAME {
			v := attrs[unix.SizeofRtAttr:a.Len]
			return v[:cstrlen(v)]
		}
		next := nlmAlign(int(a.Len))
		if next > len(attrs) {
			break
		}
		attrs = attrs[next:]
	}
	return nil
}

// nlmAlign rounds n up to netlink's 4-byte alignment.
func nlmAlign(n int) int { return (n + 3) &^ 3 }
