package core

/*
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <errno.h>

// The wrappers return their results by value: a pointer to a Go local
// passed to C would move that local to the Go heap on every call.

typedef struct { struct addrinfo *res; int rc; int err; } gs_gai_result;

// gs_gai wraps getaddrinfo so the errno of EAI_SYSTEM is kept with the code.
static gs_gai_result gs_gai(const char *host, const char *port, int family, int socktype, int proto, int flags) {
	gs_gai_result r = {0};
	struct addrinfo hints;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = family;
	hints.ai_socktype = socktype;
	hints.ai_protocol = proto;
	hints.ai_flags = flags;
	errno = 0;
	r.rc = getaddrinfo(host, port, &hints, &r.res);
	r.err = errno;
	return r;
}

static gs_gai_result gs_gni(const void *sa, socklen_t salen, char *host, size_t hostlen, char *serv, size_t servlen, int flags) {
	gs_gai_result r = {0};
	errno = 0;
	r.rc = getnameinfo((const struct sockaddr *)sa, salen, host, hostlen, serv, servlen, flags);
	r.err = errno;
	return r;
}

typedef struct { struct hostent *res; int rc; int herr; } gs_host_result;

// gs_hostbyname runs gethostbyname2_r into buf, which starts with the
// struct hostent and goes on with scratch space.
static gs_host_result gs_hostbyname(const char *name, int af, char *buf, size_t buflen) {
	gs_host_result r = {0};
	r.rc = gethostbyname2_r(name, af, (struct hostent *)buf, buf + sizeof(struct hostent),
		buflen - sizeof(struct hostent), &r.res, &r.herr);
	return r;
}

static gs_host_result gs_hostbyaddr(const void *addr, socklen_t len, int af, char *buf, size_t buflen) {
	gs_host_result r = {0};
	r.rc = gethostbyaddr_r(addr, len, af, (struct hostent *)buf, buf + sizeof(struct hostent),
		buflen - sizeof(struct hostent), &r.res, &r.herr);
	return r;
}
*/
import "C"

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// This file is the resolver: libc's getaddrinfo and friends through cgo, as
// CPython calls them, so names resolve exactly as they do for the built-in
// module (nsswitch, /etc/hosts, /etc/gai.conf). Strings cross as pointers to
// NUL-terminated C memory owned by the caller.

// gaiErr turns a getaddrinfo-family return code into an error value:
// EAI_SYSTEM reports errno instead, as CPython's set_gaierror does.
func gaiErr(rc, err C.int) error {
	if rc == 0 {
		return nil
	}
	if rc == C.EAI_SYSTEM && err != 0 {
		return unix.Errno(err)
	}
	return gaiError(int(rc))
}

// ParseIP parses a numeric address of family (AF_INET or AF_INET6) with
// inet_pton into dst and reports whether it was valid.
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

// SetIPAddr resolves name for family (AF_INET, AF_INET6 or AF_UNSPEC) into r
// with port 0, following CPython's setipaddr: "" is the wildcard address
// (getaddrinfo with AI_PASSIVE), "<broadcast>" and "255.255.255.255" are
// INADDR_BROADCAST, numeric addresses skip the resolver (IPv6 ones only
// without a "%scope"), and anything else is the first getaddrinfo result.
func SetIPAddr(name *byte, family int, r *Raw) error {
	s := unsafe.Slice(name, strlenPtr(name))
	if len(s) == 0 {
		return resolveFirst(nil, family, unix.SOCK_DGRAM, C.AI_PASSIVE, r, true)
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
	return resolveFirst(name, family, 0, 0, r, false)
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

// zeroPort is the service "0" that the wildcard lookup asks for.
var zeroPort = [2]byte{'0', 0}

// resolveFirst stores the first getaddrinfo result for name in r.
func resolveFirst(name *byte, family, socktype, flags int, r *Raw, wildcard bool) error {
	port := (*C.char)(nil)
	if wildcard {
		port = (*C.char)(unsafe.Pointer(&zeroPort[0]))
	}
	g := C.gs_gai((*C.char)(unsafe.Pointer(name)), port, C.int(family), C.int(socktype), 0, C.int(flags))
	if err := gaiErr(g.rc, g.err); err != nil {
		return err
	}
	res := g.res
	defer C.freeaddrinfo(res)
	fam := int(res.ai_family)
	if fam != unix.AF_INET && fam != unix.AF_INET6 {
		if wildcard {
			return ErrUnsupportedFamily
		}
		return ErrUnknownFamily
	}
	if wildcard && res.ai_next != nil {
		return ErrWildcardMulti
	}
	n := int(res.ai_addrlen)
	if n > 128 {
		n = 128
	}
	copy(r.bytes()[:n], unsafe.Slice((*byte)(unsafe.Pointer(res.ai_addr)), n))
	r.Len = uint32(n)
	return nil
}

// AddrInfo is one getaddrinfo result.
type AddrInfo struct {
	Family, Socktype, Protocol int
	Canonname                  *byte // NUL-terminated, nil when absent
	Addr                       Raw
}

// AddrInfoList is a getaddrinfo result list in C memory, or the one result
// of numericAddrInfo; Free releases it.
type AddrInfoList struct {
	head, cur *C.struct_addrinfo
	one       AddrInfo
	hasOne    bool
}

// GetAddrInfo calls getaddrinfo. host and port are NUL-terminated or nil.
// A query whose answer needs no lookup and is a single address (see
// numericAddrInfo) is answered without calling the C library.
func GetAddrInfo(host, port *byte, family, socktype, proto, flags int) (AddrInfoList, error) {
	var l AddrInfoList
	if numericAddrInfo(host, port, family, socktype, proto, flags, &l.one) {
		l.hasOne = true
		return l, nil
	}
	return libcAddrInfo(host, port, family, socktype, proto, flags)
}

// libcAddrInfo is GetAddrInfo through the C library.
func libcAddrInfo(host, port *byte, family, socktype, proto, flags int) (AddrInfoList, error) {
	g := C.gs_gai((*C.char)(unsafe.Pointer(host)), (*C.char)(unsafe.Pointer(port)), C.int(family), C.int(socktype), C.int(proto), C.int(flags))
	if err := gaiErr(g.rc, g.err); err != nil {
		return AddrInfoList{}, err
	}
	return AddrInfoList{head: g.res, cur: g.res}, nil
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

// Free releases the list.
func (l *AddrInfoList) Free() {
	if l.head != nil {
		C.freeaddrinfo(l.head)
		l.head, l.cur = nil, nil
	}
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

// GetNameInfo calls getnameinfo on the address in r, writing NUL-terminated
// host and service names into host and serv.
func GetNameInfo(r *Raw, flags int, host, serv []byte) error {
	g := C.gs_gni(r.ptr(), C.socklen_t(r.Len), (*C.char)(unsafe.Pointer(&host[0])), C.size_t(len(host)),
		(*C.char)(unsafe.Pointer(&serv[0])), C.size_t(len(serv)), C.int(flags))
	return gaiErr(g.rc, g.err)
}

// hostentResult turns a gethost*_r outcome into a struct hostent pointer or
// an error: ERANGE asks for a bigger buffer, anything else unresolved is an
// h_errno.
func hostentResult(h C.gs_host_result) (unsafe.Pointer, error) {
	if h.rc == C.ERANGE {
		return nil, unix.ERANGE
	}
	if h.res == nil {
		return nil, HError(h.herr)
	}
	return unsafe.Pointer(h.res), nil
}

// GetHostByName runs gethostbyname2_r for family into buf (C memory the
// caller owns, which ends up holding the struct hostent and its strings) and
// returns the struct hostent pointer. unix.ERANGE means: retry with a bigger
// buffer.
func GetHostByName(name *byte, family int, buf []byte) (unsafe.Pointer, error) {
	if len(buf) <= C.sizeof_struct_hostent {
		return nil, unix.ERANGE
	}
	return hostentResult(C.gs_hostbyname((*C.char)(unsafe.Pointer(name)), C.int(family),
		(*C.char)(unsafe.Pointer(&buf[0])), C.size_t(len(buf))))
}

// GetHostByAddr runs gethostbyaddr_r for the IP address in r, as
// GetHostByName does for names.
func GetHostByAddr(r *Raw, buf []byte) (unsafe.Pointer, error) {
	if len(buf) <= C.sizeof_struct_hostent {
		return nil, unix.ERANGE
	}
	var addr unsafe.Pointer
	var n int
	switch r.Family() {
	case unix.AF_INET:
		addr, n = unsafe.Pointer(&(*unix.RawSockaddrInet4)(r.ptr()).Addr), 4
	case unix.AF_INET6:
		addr, n = unsafe.Pointer(&(*unix.RawSockaddrInet6)(r.ptr()).Addr), 16
	default:
		return nil, ErrUnknownFamily
	}
	return hostentResult(C.gs_hostbyaddr(addr, C.socklen_t(n), C.int(r.Family()),
		(*C.char)(unsafe.Pointer(&buf[0])), C.size_t(len(buf))))
}
