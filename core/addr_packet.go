package core

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// Packet is an AF_PACKET address (struct sockaddr_ll): Python's
// (ifname, proto, pkttype, hatype, addr) with the interface as its index
// and Protocol in host byte order.
type Packet struct {
	Ifindex  int32
	Protocol uint16
	Pkttype  uint8
	Hatype   uint16
	Halen    uint8
	Addr     [8]byte
}

// Put encodes a into r as CPython's getsockaddrarg fills a sockaddr_ll:
// the protocol in network byte order, sll_halen bytes of hardware address
// and zeros after them.
func (a *Packet) Put(r *Raw) {
	sa := (*unix.RawSockaddrLinklayer)(r.ptr())
	*sa = unix.RawSockaddrLinklayer{
		Family:   unix.AF_PACKET,
		Protocol: htons(a.Protocol),
		Ifindex:  a.Ifindex,
		Hatype:   a.Hatype,
		Pkttype:  a.Pkttype,
		Halen:    a.Halen,
	}
	copy(sa.Addr[:min(int(a.Halen), len(sa.Addr))], a.Addr[:])
	r.Len = unix.SizeofSockaddrLinklayer
}

// Get decodes r, which must hold an AF_PACKET address, into a. Halen is
// the kernel's sll_halen, which makesockaddr passes on as the length of
// the address bytes; it is capped at the 8 bytes sll_addr holds.
func (a *Packet) Get(r *Raw) {
	sa := (*unix.RawSockaddrLinklayer)(r.ptr())
	a.Ifindex, a.Protocol, a.Pkttype, a.Hatype = sa.Ifindex, ntohs(sa.Protocol), sa.Pkttype, sa.Hatype
	a.Halen = sa.Halen
	if a.Halen > 8 {
		a.Halen = 8
	}
	a.Addr = sa.Addr
}

// htons swaps a 16-bit value to network byte order (little-endian hosts).
func htons(v uint16) uint16 { return v<<8 | v>>8 }

// ntohs is htons's inverse.
func ntohs(v uint16) uint16 { return htons(v) }

// IfIndexOn returns the index of the interface called name, asked through
// an SIOCGIFINDEX ioctl on fd, as CPython's getsockaddrarg does for
// AF_PACKET and AF_CAN: the name is copied as strncpy does into the
// 16-byte ifr_name and cut to 15 bytes, so a longer name asks for its
// first 15 bytes; the ioctl's errno is the error.
func IfIndexOn(fd int, name []byte) (int32, error) {
	var ifr ifreq
	copy(ifr.Name[:unix.IFNAMSIZ-1], name[:cstrlen(name)])
	_, _, e := unix.Syscall(unix.SYS_IOCTL, uintptr(fd), unix.SIOCGIFINDEX, uintptr(unsafe.Pointer(&ifr)))
	if e != 0 {
		return 0, errno(e)
	}
	return ifr.Index, nil
}

// IfNameOn writes the name of interface index into name (NUL-terminated,
// at most 16 bytes), asked through an SIOCGIFNAME ioctl on fd as CPython's
// makesockaddr does for AF_PACKET and AF_CAN. A zero index or a failed
// ioctl leaves the empty name, as there.
func IfNameOn(fd int, index int32, name []byte) int {
	name[0] = 0
	if index == 0 {
		return 0
	}
	ifr := ifreq{Index: index}
	_, _, e := unix.Syscall(unix.SYS_IOCTL, uintptr(fd), unix.SIOCGIFNAME, uintptr(unsafe.Pointer(&ifr)))
	if e != 0 {
		return 0
	}
	n := cstrlen(ifr.Name[:])
	if n > len(name)-1 {
		n = len(name) - 1
	}
	copy(name, ifr.Name[:n])
	name[n] = 0
	return n
}
