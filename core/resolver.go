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
	return C.inet_pton(C.int(family), (*C.char)(unsafe.Pointer(name)), dst) > 0
}

// FormatIP writes the text form of the IP address held in r (AF_INET or
// AF_INET6) into buf as a NUL-terminated string with inet_ntop, as CPython's
// makeipaddr does, and returns its length (0 for another family).
func FormatIP(r *Raw, buf []byte) int {
	var addr unsafe.Pointer
	switch r.Family() {
	case unix.AF_INET:
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
	s := unsafe.Slice(name, C.strlen((*C.char)(unsafe.Pointer(name))))
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

// AddrInfoList is a getaddrinfo result list in C memory; Free releases it.
type AddrInfoList struct{ head, cur *C.struct_addrinfo }

// GetAddrInfo calls getaddrinfo. host and port are NUL-terminated or nil.
func GetAddrInfo(host, port *byte, family, socktype, proto, flags int) (AddrInfoList, error) {
	g := C.gs_gai((*C.char)(unsafe.Pointer(host)), (*C.char)(unsafe.Pointer(port)), C.int(family), C.int(socktype), C.int(proto), C.int(flags))
	if err := gaiErr(g.rc, g.err); err != nil {
		return AddrInfoList{}, err
	}
	return AddrInfoList{head: g.res, cur: g.res}, nil
}

// Next stores the next result in ai and reports whether there was one.
func (l *AddrInfoList) Next(ai *AddrInfo) bool {
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
