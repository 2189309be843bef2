package core

/*
#include <string.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <netdb.h>
*/
import "C"

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// This file is the resolver's Go half: everything about names and
// addresses that needs no lookup (numeric addresses, the special names of
// CPython's setipaddr, the getaddrinfo queries glibc answers from the text
// alone) and the decoding of getaddrinfo's answers. The lookups themselves
// (getaddrinfo, getnameinfo, gethostby*_r), which can wait for seconds,
// are the binding's: its C side calls the C library with the GIL released
// and hands the result list here, so no lookup waits inside Go. Strings
// cross as pointers to NUL-terminated C memory owned by the caller.

// needLookup is ErrNeedLookup's type.
type needLookup struct{}

func (needLookup) Error() string { return "the name needs the resolver" }

// ErrNeedLookup says that a name is not numeric: the caller looks it up
// with getaddrinfo (outside Go) and gives the answer to FirstAddrInfo.
var ErrNeedLookup error = needLookup{}

// ParseIP parses a numeric address of family (AF_INET or AF_INET6) into dst
// as inet_pton does (AF_INET in Go, parseIPv4; AF_INET6 through the C
// library's inet_pton, which does not wait) and reports whether it was
// valid.
func ParseIP(family int, name *byte, dst unsafe.Pointer) bool {
	if family == unix.AF_INET {
		return parseIPv4(unsafe.Pointer(name), (*[4]byte)(dst))
	}
	return libcParseIP(family, name, dst)
}

// libcParseIP is ParseIP through the C library's inet_pton.
func libcParseIP(family int, name *byte, dst unsafe.Pointer) bool {
	return C.inet_pton(C.int(family), (*C.char)(unsafe.Pointer(name)), dst) > 0
}

// parseIPv4 is glibc's inet_pton for AF_INET, in Go (no C call): exactly
// four decimal numbers 0-255 separated by dots, none with a leading zero,
// then the NUL. dst is written only on success.
func parseIPv4(p unsafe.Pointer, dst *[4]byte) bool {
	var a [4]byte
	for i := 0; i < 4; i++ {
		v, n, ok := decimal(p, 255)
		if !ok {
			return false
		}
		a[i] = byte(v)
		p = unsafe.Add(p, n)
		c := *(*byte)(p)
		if (i < 3 && c != '.') || (i == 3 && c != 0) {
			return false
		}
		if i < 3 {
			p = unsafe.Add(p, 1) // never past the NUL (checkptr)
		}
	}
	*dst = a
	return true
}

// formatIPv4 is inet_ntop for AF_INET, in Go: "a.b.c.d" and a NUL into
// buf (at least 16 bytes); it returns the length without the NUL.
func formatIPv4(a *[4]byte, buf []byte) int {
	n := 0
	for i, b := range a {
		if i > 0 {
			buf[n] = '.'
			n++
		}
		if b >= 100 {
			buf[n] = '0' + b/100
			n++
		}
		if b >= 10 {
			buf[n] = '0' + b/10%10
			n++
		}
		buf[n] = '0' + b%10
		n++
	}
	buf[n] = 0
	return n
}

// FormatIP writes the text form of the IP address held in r (AF_INET or
// AF_INET6) into buf as a NUL-terminated string with inet_ntop, as CPython's
// makeipaddr does, and returns its length (0 for another family).
func FormatIP(r *Raw, buf []byte) int {
	var addr unsafe.Pointer
	switch r.Family() {
	case unix.AF_INET:
		if len(buf) >= 16 {
			return formatIPv4(&(*unix.RawSockaddrInet4)(r.ptr()).Addr, buf)
		}
		addr = unsafe.Pointer(&(*unix.RawSockaddrInet4)(r.ptr()).Addr)
	case unix.AF_INET6:
		addr = unsafe.Pointer(&(*unix.RawSockaddrInet6)(r.ptr()).Addr)
	default:
		return 0
	}
	p := C.inet_ntop(C.int(r.Family()), addr, (*C.char)(unsafe.Pointer(&buf[0])), C.socklen_t(len(buf)))
	if p == nil {
		return 0
	}
	return int(C.strlen(p))
}

// SetIPAddr puts the address of name for family (AF_INET, AF_INET6 or
// AF_UNSPEC) into r with port 0, following CPython's setipaddr:
// "<broadcast>" and "255.255.255.255" are INADDR_BROADCAST and numeric
// addresses skip the resolver (IPv6 ones only without a "%scope"). For ""
// (the wildcard address: getaddrinfo with AI_PASSIVE) and any other name it
// returns ErrNeedLookup, and the address is the first result of the
// lookup, through FirstAddrInfo; r then holds nothing of use.
func SetIPAddr(name *byte, family int, r *Raw) error {
	s := unsafe.Slice(name, strlenPtr(name))
	if len(s) == 0 {
		return ErrNeedLookup
	}
	if string(s) == "<broadcast>" || string(s) == "255.255.255.255" {
		if family != unix.AF_INET && family != unix.AF_UNSPEC {
			return ErrFamilyMismatch
		}
		a := Inet4{Addr: [4]byte{255, 255, 255, 255}}
		a.Put(r)
		return nil
	}
	if family == unix.AF_INET || family == unix.AF_UNSPEC {
		sa := (*unix.RawSockaddrInet4)(r.ptr())
		*sa = unix.RawSockaddrInet4{}
		if ParseIP(unix.AF_INET, name, unsafe.Pointer(&sa.Addr)) {
			sa.Family = unix.AF_INET
			r.Len = unix.SizeofSockaddrInet4
			return nil
		}
	}
	if (family == unix.AF_INET6 || family == unix.AF_UNSPEC) && !hasByte(s, '%') {
		sa := (*unix.RawSockaddrInet6)(r.ptr())
		*sa = unix.RawSockaddrInet6{}
		if ParseIP(unix.AF_INET6, name, unsafe.Pointer(&sa.Addr)) {
			sa.Family = unix.AF_INET6
			r.Len = unix.SizeofSockaddrInet6
			return nil
		}
	}
	return ErrNeedLookup
}

// strlenPtr is strlen in Go (a C call costs more than the loop).
func strlenPtr(p *byte) int {
	n := 0
	for *(*byte)(unsafe.Add(unsafe.Pointer(p), n)) != 0 {
		n++
	}
	return n
}

func hasByte(s []byte, c byte) bool {
	for _, b := range s {
		if b == c {
			return true
		}
	}
	return false
}

// FirstAddrInfo stores in r the first result of the getaddrinfo answer res
// (a struct addrinfo list in C memory) to setipaddr's lookup, with its
// checks: an IP family, and for the wildcard lookup (wildcard: name "",
// AI_PASSIVE) a single result.
//
// res must be a successful answer (at least one result). r is left as it
// was when an error is returned.
func FirstAddrInfo(res unsafe.Pointer, wildcard bool, r *Raw) error {
	ai := (*C.struct_addrinfo)(res)
	fam := int(ai.ai_family)
	if fam != unix.AF_INET && fam != unix.AF_INET6 {
		if wildcard {
			return ErrUnsupportedFamily
		}
		return ErrUnknownFamily
	}
	if wildcard && ai.ai_next != nil {
		return ErrWildcardMulti
	}
	n := int(ai.ai_addrlen)
	if n > 128 {
		n = 128
	}
	if ai.ai_addr == nil {
		n = 0
	} else {
		copy(r.bytes()[:n], unsafe.Slice((*byte)(unsafe.Pointer(ai.ai_addr)), n))
	}
	r.Len = uint32(n)
	return nil
}

// AddrInfo is one getaddrinfo result.
type AddrInfo struct {
	Family, Socktype, Protocol int
	Canonname                  *byte // NUL-terminated, nil when absent
	Addr                       Raw
}

// AddrInfoList walks a getaddrinfo result list in C memory (which its
// owner frees), or the one result of NumericAddrInfo.
type AddrInfoList struct {
	cur    *C.struct_addrinfo
	one    AddrInfo
	hasOne bool
}

// AddrInfoListOf walks the list res (a struct addrinfo * in C memory).
func AddrInfoListOf(res unsafe.Pointer) AddrInfoList {
	return AddrInfoList{cur: (*C.struct_addrinfo)(res)}
}

// NumericAddrInfo answers a getaddrinfo query that needs no lookup (see
// numericAddrInfo) as a one-result list, or reports false.
func NumericAddrInfo(host, port *byte, family, socktype, proto, flags int) (AddrInfoList, bool) {
	var l AddrInfoList
	l.hasOne = numericAddrInfo(host, port, family, socktype, proto, flags, &l.one)
	return l, l.hasOne
}

// Next stores the next result in ai and reports whether there was one.
func (l *AddrInfoList) Next(ai *AddrInfo) bool {
	if l.hasOne {
		*ai = l.one
		l.hasOne = false
		return true
	}
	c := l.cur
	if c == nil {
		return false
	}
	l.cur = c.ai_next
	ai.Family, ai.Socktype, ai.Protocol = int(c.ai_family), int(c.ai_socktype), int(c.ai_protocol)
	ai.Canonname = (*byte)(unsafe.Pointer(c.ai_canonname))
	n := int(c.ai_addrlen)
	if n > 128 {
		n = 128
	}
	if c.ai_addr != nil {
		copy(ai.Addr.bytes()[:n], unsafe.Slice((*byte)(unsafe.Pointer(c.ai_addr)), n))
	} else {
		n = 0
	}
	ai.Addr.Len = uint32(n)
	return true
}

// numericAddrInfo answers, as glibc's getaddrinfo does, the queries that
// need neither the resolver nor any configuration: host a dotted quad in
// canonical form ("127.0.0.1": four decimal numbers 0-255 without leading
// zeros), port nil or a decimal number 0-65535 without leading zeros, family
// AF_INET or AF_UNSPEC, socktype SOCK_STREAM or SOCK_DGRAM with protocol 0
// or the matching TCP/UDP, and no flags but AI_PASSIVE, AI_NUMERICHOST and
// AI_NUMERICSERV. The one result is that address with that socket type and
// protocol. Anything else (other spellings inet_aton accepts, IPv6, several
// socket types, AI_CANONNAME, AI_ADDRCONFIG...) goes to the C library.
func numericAddrInfo(host, port *byte, family, socktype, proto, flags int, ai *AddrInfo) bool {
	const allowed = C.AI_PASSIVE | C.AI_NUMERICHOST | C.AI_NUMERICSERV
	if host == nil || flags&^allowed != 0 || (family != unix.AF_INET && family != unix.AF_UNSPEC) {
		return false
	}
	switch {
	case socktype == unix.SOCK_STREAM && (proto == 0 || proto == unix.IPPROTO_TCP):
		proto = unix.IPPROTO_TCP
	case socktype == unix.SOCK_DGRAM && (proto == 0 || proto == unix.IPPROTO_UDP):
		proto = unix.IPPROTO_UDP
	default:
		return false
	}
	var a Inet4
	if !parseIPv4(unsafe.Pointer(host), &a.Addr) {
		return false
	}
	if port != nil {
		v, n, ok := decimal(unsafe.Pointer(port), 65535)
		if !ok || *(*byte)(unsafe.Add(unsafe.Pointer(port), n)) != 0 {
			return false
		}
		a.Port = uint16(v)
	}
	*ai = AddrInfo{Family: unix.AF_INET, Socktype: socktype, Protocol: proto}
	a.Put(&ai.Addr)
	return true
}

// decimal reads a decimal number of at most max without a leading zero at p
// and returns it with the number of digits.
func decimal(p unsafe.Pointer, max int) (v, n int, ok bool) {
	for ; n < 6; n++ {
		c := *(*byte)(unsafe.Add(p, n))
		if c < '0' || c > '9' {
			break
		}
		if n > 0 && v == 0 {
			return 0, 0, false // a leading zero
		}
		v = v*10 + int(c-'0')
	}
	return v, n, n > 0 && v <= max
}
