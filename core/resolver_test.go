package core

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Tests of the libc resolver wrappers. Only loopback, wildcard, broadcast
// and documentation addresses appear, and the one name that must not
// resolve is under the reserved .invalid domain.

// glibc's getnameinfo flags (x/sys/unix does not export them).
const (
	niNumericHost = 1
	niNumericServ = 2
	niNameReqd    = 8
)

// glibc's getaddrinfo flags.
const (
	aiPassive     = 0x1
	aiCanonName   = 0x2
	aiNumericHost = 0x4
	aiNumericServ = 0x400
)

// ipOf returns the address in r as a netip.Addr (with its zone, if any,
// as a number), and its port.
func ipOf(t *testing.T, r *Raw) (netip.Addr, uint16) {
	t.Helper()
	switch r.Family() {
	case unix.AF_INET:
		var a Inet4
		a.Get(r)
		return netip.AddrFrom4(a.Addr), a.Port
	case unix.AF_INET6:
		var a Inet6
		a.Get(r)
		return netip.AddrFrom16(a.Addr), a.Port
	}
	t.Fatalf("not an IP address: family %d", r.Family())
	return netip.Addr{}, 0
}

func TestSetIPAddr(t *testing.T) {
	lo, _ := net.InterfaceByName("lo")
	any := func(errs ...error) func(error) bool {
		return func(err error) bool {
			for _, e := range errs {
				if err == e {
					return true
				}
			}
			return false
		}
	}
	isGai := func(err error) bool { var g GaiError; return errors.As(err, &g) }
	tests := []struct {
		name   string
		host   string
		family int
		// want is the address stored, one of several when a system may
		// answer either way; wantErr checks the error when set.
		want    []string
		wantErr func(error) bool
		scope   uint32
	}{
		{name: "wildcard/inet", host: "", family: unix.AF_INET, want: []string{"0.0.0.0"}},
		{name: "wildcard/inet6", host: "", family: unix.AF_INET6, want: []string{"::"}},
		// With both families the wildcard resolves to both (CPython's
		// "wildcard resolved to multiple address") or to one of them.
		{name: "wildcard/unspec", host: "", family: unix.AF_UNSPEC, want: []string{"0.0.0.0", "::"},
			wantErr: any(nil, ErrWildcardMulti)},
		{name: "broadcast/inet", host: "<broadcast>", family: unix.AF_INET, want: []string{"255.255.255.255"}},
		{name: "broadcast/unspec", host: "<broadcast>", family: unix.AF_UNSPEC, want: []string{"255.255.255.255"}},
		{name: "broadcast/inet6", host: "<broadcast>", family: unix.AF_INET6, wantErr: any(ErrFamilyMismatch)},
		{name: "broadcast-numeric/inet", host: "255.255.255.255", family: unix.AF_INET, want: []string{"255.255.255.255"}},
		{name: "broadcast-numeric/inet6", host: "255.255.255.255", family: unix.AF_INET6, wantErr: any(ErrFamilyMismatch)},
		{name: "v4/inet", host: "127.0.0.1", family: unix.AF_INET, want: []string{"127.0.0.1"}},
		{name: "v4/unspec", host: "127.0.0.1", family: unix.AF_UNSPEC, want: []string{"127.0.0.1"}},
		{name: "v4-other/inet", host: "127.1.2.3", family: unix.AF_INET, want: []string{"127.1.2.3"}},
		{name: "v4/inet6", host: "127.0.0.1", family: unix.AF_INET6, wantErr: isGai},
		{name: "v6/inet6", host: "::1", family: unix.AF_INET6, want: []string{"::1"}},
		{name: "v6/unspec", host: "::1", family: unix.AF_UNSPEC, want: []string{"::1"}},
		{name: "v6-mapped/inet6", host: "::ffff:127.0.0.1", family: unix.AF_INET6, want: []string{"::ffff:127.0.0.1"}},
		{name: "v6/inet", host: "::1", family: unix.AF_INET, wantErr: isGai},
		{name: "v6-scoped/inet6", host: "fe80::1%lo", family: unix.AF_INET6, want: []string{"fe80::1"}, scope: uint32(lo.Index)},
		{name: "localhost/inet", host: "localhost", family: unix.AF_INET, want: []string{"127.0.0.1"}},
		{name: "localhost/unspec", host: "localhost", family: unix.AF_UNSPEC, want: []string{"127.0.0.1", "::1"}},
		{name: "nonexistent", host: "nonexistent.invalid", family: unix.AF_UNSPEC, wantErr: isGai},
		{name: "nonexistent/inet", host: "nonexistent.invalid", family: unix.AF_INET, wantErr: isGai},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.scope == 0 && tt.name == "v6-scoped/inet6" {
				t.Skip("no loopback interface index")
			}
			r := dirty()
			err := SetIPAddr(cstr(tt.host), tt.family, r)
			if tt.wantErr != nil && !tt.wantErr(err) || tt.wantErr == nil && err != nil {
				t.Fatalf("SetIPAddr(%q, %d) = %v (%T)", tt.host, tt.family, err, err)
			}
			if err != nil || len(tt.want) == 0 {
				return
			}
			ip, port := ipOf(t, r)
			found := false
			for _, w := range tt.want {
				found = found || ip == netip.MustParseAddr(w)
			}
			if !found || port != 0 {
				t.Errorf("stored %v port %d, want one of %v port 0", ip, port, tt.want)
			}
			wantLen := uint32(unix.SizeofSockaddrInet4)
			if ip.Is6() {
				wantLen = unix.SizeofSockaddrInet6
			}
			if r.Len != wantLen {
				t.Errorf("len %d, want %d", r.Len, wantLen)
			}
			if ip.Is4() && !bytes.Equal(r.bytes()[8:16], make([]byte, 8)) {
				t.Errorf("sin_zero % x, want zeros", r.bytes()[8:16])
			}
			if ip.Is6() {
				var a Inet6
				a.Get(r)
				if a.ScopeID != tt.scope || a.Flowinfo != 0 {
					t.Errorf("scope %d flowinfo %d, want scope %d", a.ScopeID, a.Flowinfo, tt.scope)
				}
			}
		})
	}
}

func TestGaiErrorValue(t *testing.T) {
	err := SetIPAddr(cstr("nonexistent.invalid"), unix.AF_INET, new(Raw))
	var g GaiError
	if !errors.As(err, &g) {
		t.Fatalf("err = %v (%T), want a GaiError", err, err)
	}
	if g >= 0 {
		t.Errorf("GaiError(%d), want a negative EAI_* code", int(g))
	}
	if g.Error() == "" || HError(1).Error() == "" {
		t.Error("empty error message")
	}
}

func TestParseIP(t *testing.T) {
	tests := []struct {
		family int
		text   string
		ok     bool
	}{
		{unix.AF_INET, "127.0.0.1", true},
		{unix.AF_INET, "0.0.0.0", true},
		{unix.AF_INET, "127.1", false}, // inet_pton, unlike inet_aton, wants four parts
		{unix.AF_INET, "::1", false},
		{unix.AF_INET, "localhost", false},
		{unix.AF_INET6, "::1", true},
		{unix.AF_INET6, "::ffff:127.0.0.1", true},
		{unix.AF_INET6, "fe80::1%lo", false},
		{unix.AF_INET6, "127.0.0.1", false},
	}
	for _, tt := range tests {
		dst := make([]byte, 16)
		if ok := ParseIP(tt.family, cstr(tt.text), ptr(dst)); ok != tt.ok {
			t.Errorf("ParseIP(%d, %q) = %v, want %v", tt.family, tt.text, ok, tt.ok)
			continue
		}
		if !tt.ok {
			continue
		}
		want := netip.MustParseAddr(tt.text)
		var got netip.Addr
		if tt.family == unix.AF_INET {
			got = netip.AddrFrom4([4]byte(dst[:4]))
		} else {
			got = netip.AddrFrom16([16]byte(dst))
		}
		if got != want {
			t.Errorf("ParseIP(%q) stored %v", tt.text, got)
		}
	}
}

func TestFormatIP(t *testing.T) {
	tests := []string{
		"127.0.0.1", "0.0.0.0", "255.255.255.255", "127.255.0.10",
		"::1", "::", "::ffff:127.0.0.1", "fe80::1", "2001:db8::1", "2001:db8:1:2:3:4:5:6",
	}
	for _, text := range tests {
		t.Run(text, func(t *testing.T) {
			r := new(Raw)
			ip := netip.MustParseAddr(text)
			if ip.Is4() {
				(&Inet4{Addr: ip.As4(), Port: 9}).Put(r)
			} else {
				(&Inet6{Addr: ip.As16(), Port: 9, ScopeID: 3}).Put(r)
			}
			buf := bytes.Repeat([]byte{0xff}, 64)
			n := FormatIP(r, buf)
			if got := string(buf[:n]); got != ip.String() || buf[n] != 0 {
				t.Errorf("FormatIP = %q (NUL %v), want %q", got, buf[n] == 0, ip.String())
			}
			// The same address through SetIPAddr and back.
			r2 := new(Raw)
			if err := SetIPAddr(cstr(text), unix.AF_UNSPEC, r2); err != nil {
				t.Fatal(err)
			}
			if n := FormatIP(r2, buf); string(buf[:n]) != text {
				t.Errorf("SetIPAddr then FormatIP = %q", buf[:n])
			}
			// A buffer one byte short of the text and its NUL.
			if n := FormatIP(r, buf[:len(text)]); n != 0 {
				t.Errorf("FormatIP into %d bytes = %d, want 0", len(text), n)
			}
		})
	}
	t.Run("not-IP", func(t *testing.T) {
		r := new(Raw)
		if err := PutUnix(r, []byte("/tmp/x")); err != nil {
			t.Fatal(err)
		}
		if n := FormatIP(r, make([]byte, 64)); n != 0 {
			t.Errorf("FormatIP(AF_UNIX) = %d, want 0", n)
		}
	})
}

func TestGetAddrInfo(t *testing.T) {
	type result struct {
		family, socktype, proto int
		addr                    string
		port                    uint16
	}
	tests := []struct {
		name                           string
		host, port                     string // "-": NULL
		family, socktype, proto, flags int
		want                           []result // exact list; nil: see check
		check                          func(t *testing.T, got []result)
		wantErr                        bool
	}{
		{name: "numeric-v4", host: "127.0.0.1", port: "80", family: unix.AF_INET, socktype: unix.SOCK_STREAM,
			flags: aiNumericHost | aiNumericServ,
			want:  []result{{unix.AF_INET, unix.SOCK_STREAM, unix.IPPROTO_TCP, "127.0.0.1", 80}}},
		{name: "numeric-v6", host: "::1", port: "53", family: unix.AF_INET6, socktype: unix.SOCK_DGRAM,
			flags: aiNumericHost | aiNumericServ,
			want:  []result{{unix.AF_INET6, unix.SOCK_DGRAM, unix.IPPROTO_UDP, "::1", 53}}},
		{name: "passive-null-host", host: "-", port: "8080", family: unix.AF_INET, socktype: unix.SOCK_STREAM,
			flags: aiPassive | aiNumericServ,
			want:  []result{{unix.AF_INET, unix.SOCK_STREAM, unix.IPPROTO_TCP, "0.0.0.0", 8080}}},
		{name: "null-port", host: "127.0.0.1", port: "-", family: unix.AF_INET, socktype: unix.SOCK_DGRAM,
			flags: aiNumericHost,
			want:  []result{{unix.AF_INET, unix.SOCK_DGRAM, unix.IPPROTO_UDP, "127.0.0.1", 0}}},
		// Without a socket type there is one result per type.
		{name: "all-socktypes", host: "127.0.0.1", port: "7", family: unix.AF_INET, flags: aiNumericHost,
			check: func(t *testing.T, got []result) {
				types := map[int]bool{}
				for _, r := range got {
					types[r.socktype] = true
					if r.addr != "127.0.0.1" || r.port != 7 {
						t.Errorf("result %+v", r)
					}
				}
				if len(got) < 2 || !types[unix.SOCK_STREAM] || !types[unix.SOCK_DGRAM] {
					t.Errorf("results %+v, want at least stream and datagram", got)
				}
			}},
		{name: "localhost", host: "localhost", port: "-", family: unix.AF_UNSPEC, socktype: unix.SOCK_STREAM,
			check: func(t *testing.T, got []result) {
				if len(got) == 0 {
					t.Fatal("no results")
				}
				for _, r := range got {
					if ip := netip.MustParseAddr(r.addr); !ip.IsLoopback() {
						t.Errorf("localhost resolved to %v", ip)
					}
				}
			}},
		{name: "nonexistent", host: "nonexistent.invalid", port: "-", family: unix.AF_UNSPEC, wantErr: true},
		{name: "bad-service", host: "127.0.0.1", port: "no-such-service", family: unix.AF_INET, flags: aiNumericServ, wantErr: true},
		{name: "not-numeric", host: "localhost", port: "-", family: unix.AF_INET, flags: aiNumericHost, wantErr: true},
		{name: "bad-family", host: "127.0.0.1", port: "-", family: 12345, wantErr: true},
	}
	nullable := func(s string) *byte {
		if s == "-" {
			return nil
		}
		return cstr(s)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := GetAddrInfo(nullable(tt.host), nullable(tt.port), tt.family, tt.socktype, tt.proto, tt.flags)
			if tt.wantErr {
				var g GaiError
				if !errors.As(err, &g) {
					t.Fatalf("err = %v (%T), want a GaiError", err, err)
				}
				var ai AddrInfo
				if l.Next(&ai) {
					t.Error("a failed lookup's list has a result")
				}
				l.Free()
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer l.Free()
			var got []result
			var ai AddrInfo
			for l.Next(&ai) {
				ip, port := ipOf(t, &ai.Addr)
				if ai.Family != ai.Addr.Family() {
					t.Errorf("ai_family %d, address family %d", ai.Family, ai.Addr.Family())
				}
				if ai.Canonname != nil {
					t.Errorf("canonname %q without AI_CANONNAME", gostr(ai.Canonname))
				}
				got = append(got, result{ai.Family, ai.Socktype, ai.Protocol, ip.String(), port})
			}
			if l.Next(&ai) {
				t.Error("Next after the end returned true")
			}
			if tt.check != nil {
				tt.check(t, got)
				return
			}
			if len(got) != len(tt.want) {
				t.Fatalf("results %+v, want %+v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("result %d: %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestGetAddrInfoCanonnameAndFree(t *testing.T) {
	l, err := GetAddrInfo(cstr("localhost"), nil, unix.AF_INET, unix.SOCK_STREAM, 0, aiCanonName)
	if err != nil {
		t.Fatal(err)
	}
	var ai AddrInfo
	if !l.Next(&ai) {
		t.Fatal("no result")
	}
	if got := gostr(ai.Canonname); got != "localhost" {
		t.Errorf("canonname %q, want localhost", got)
	}
	l.Free()
	l.Free() // idempotent
	if l.Next(&ai) {
		t.Error("Next after Free returned true")
	}
	var zero AddrInfoList
	zero.Free()
	if zero.Next(&ai) {
		t.Error("Next on a zero list returned true")
	}
}

func TestGetNameInfo(t *testing.T) {
	tests := []struct {
		name     string
		addr     string
		port     uint16
		flags    int
		wantHost []string // any of; nil: any non-numeric name
		wantServ string
		wantErr  bool
	}{
		{"numeric-v4", "127.0.0.1", 80, niNumericHost | niNumericServ, []string{"127.0.0.1"}, "80", false},
		{"numeric-v6", "::1", 443, niNumericHost | niNumericServ, []string{"::1"}, "443", false},
		// Whatever /etc/hosts names 127.0.0.1 (nil: any name).
		{"named-v4", "127.0.0.1", 12345, niNumericServ, nil, "12345", false},
		{"service-name", "127.0.0.1", 80, niNumericHost, []string{"127.0.0.1"}, "http", false},
		// No name for this loopback address: NI_NAMEREQD makes it an error.
		{"namereqd", "127.0.0.254", 1, niNameReqd, nil, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := new(Raw)
			ip := netip.MustParseAddr(tt.addr)
			if ip.Is4() {
				(&Inet4{Addr: ip.As4(), Port: tt.port}).Put(r)
			} else {
				(&Inet6{Addr: ip.As16(), Port: tt.port}).Put(r)
			}
			host, serv := make([]byte, 1025), make([]byte, 32)
			err := GetNameInfo(r, tt.flags, host, serv)
			if tt.wantErr {
				var g GaiError
				if !errors.As(err, &g) {
					t.Fatalf("err = %v (%T), want a GaiError", err, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			h := gostr(&host[0])
			ok := tt.wantHost == nil && h != "" && h != tt.addr
			for _, w := range tt.wantHost {
				ok = ok || h == w
			}
			if !ok || gostr(&serv[0]) != tt.wantServ {
				t.Errorf("GetNameInfo = (%q, %q), want (one of %q, %q)", h, gostr(&serv[0]), tt.wantHost, tt.wantServ)
			}
		})
	}
	t.Run("host-buffer-too-small", func(t *testing.T) {
		r := new(Raw)
		loopbackRaw(unix.AF_INET, 80, r)
		err := GetNameInfo(r, niNumericHost|niNumericServ, make([]byte, 4), make([]byte, 32))
		var g GaiError
		if !errors.As(err, &g) {
			t.Fatalf("err = %v (%T), want a GaiError (EAI_OVERFLOW)", err, err)
		}
	})
	t.Run("bad-family", func(t *testing.T) {
		r := new(Raw)
		(&Netlink{}).Put(r)
		err := GetNameInfo(r, niNumericHost, make([]byte, 64), make([]byte, 32))
		var g GaiError
		if !errors.As(err, &g) {
			t.Fatalf("err = %v (%T), want a GaiError (EAI_FAMILY)", err, err)
		}
	})
}

// hostent mirrors glibc's struct hostent on 64-bit Linux.
type hostent struct {
	name     *byte
	aliases  **byte
	addrtype int32
	length   int32
	addrList **byte
}

// firstAddr returns the first address of h's h_addr_list.
func (h *hostent) firstAddr() []byte {
	if h.addrList == nil || *h.addrList == nil {
		return nil
	}
	return unsafe.Slice(*h.addrList, h.length)
}

func TestGetHostByName(t *testing.T) {
	tests := []struct {
		name    string
		host    string
		family  int
		want    string // first address
		wantErr func(error) bool
	}{
		{name: "localhost", host: "localhost", family: unix.AF_INET, want: "127.0.0.1"},
		{name: "numeric", host: "127.0.0.1", family: unix.AF_INET, want: "127.0.0.1"},
		{name: "numeric-v6", host: "::1", family: unix.AF_INET6, want: "::1"},
		{name: "nonexistent", host: "nonexistent.invalid", family: unix.AF_INET,
			wantErr: func(err error) bool { var h HError; return errors.As(err, &h) && h > 0 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			buf := make([]byte, 8192)
			p, err := GetHostByName(cstr(tt.host), tt.family, buf)
			if tt.wantErr != nil {
				if !tt.wantErr(err) || p != nil {
					t.Fatalf("GetHostByName = (%p, %v (%T))", p, err, err)
				}
				return
			}
			if err != nil || p == nil {
				t.Fatalf("GetHostByName = (%p, %v)", p, err)
			}
			if p != ptr(buf) {
				t.Errorf("struct hostent at %p, want the start of buf %p", p, ptr(buf))
			}
			h := (*hostent)(p)
			if int(h.addrtype) != tt.family {
				t.Errorf("h_addrtype %d, want %d", h.addrtype, tt.family)
			}
			got, ok := netip.AddrFromSlice(h.firstAddr())
			if !ok || got != netip.MustParseAddr(tt.want) {
				t.Errorf("first address %v, want %s", got, tt.want)
			}
			if gostr(h.name) == "" {
				t.Error("empty h_name")
			}
		})
	}
	t.Run("ERANGE", func(t *testing.T) {
		// Room for the struct hostent and a few bytes: too small.
		buf := make([]byte, unsafe.Sizeof(hostent{})+4)
		if _, err := GetHostByName(cstr("localhost"), unix.AF_INET, buf); err != unix.ERANGE {
			t.Fatalf("err = %v, want ERANGE", err)
		}
	})
}

func TestGetHostByAddr(t *testing.T) {
	buf := make([]byte, 8192)
	r := new(Raw)
	loopbackRaw(unix.AF_INET, 0, r)
	p, err := GetHostByAddr(r, buf)
	if err != nil || p == nil {
		t.Fatalf("GetHostByAddr(127.0.0.1) = (%p, %v)", p, err)
	}
	h := (*hostent)(p)
	if name := gostr(h.name); name == "" || name == "127.0.0.1" {
		t.Errorf("h_name %q, want the name /etc/hosts gives 127.0.0.1", name)
	}
	if got, _ := netip.AddrFromSlice(h.firstAddr()); got != netip.MustParseAddr("127.0.0.1") {
		t.Errorf("first address %v", got)
	}

	if err := PutUnix(r, []byte("/tmp/x")); err != nil {
		t.Fatal(err)
	}
	if _, err := GetHostByAddr(r, buf); err != ErrUnknownFamily {
		t.Errorf("GetHostByAddr(AF_UNIX) = %v, want ErrUnknownFamily", err)
	}

	// No name for this loopback address in /etc/hosts (nor in DNS).
	(&Inet4{Addr: [4]byte{127, 0, 0, 254}}).Put(r)
	if _, err := GetHostByAddr(r, buf); err == nil {
		t.Skip("127.0.0.254 has a name here")
	} else if h := HError(0); !errors.As(err, &h) {
		t.Errorf("GetHostByAddr(127.0.0.254) = %v (%T), want an HError", err, err)
	}
}

// TestNumericAddrInfo checks the answers GetAddrInfo gives without the C
// library against the C library's, and that every other query goes to it.
func TestNumericAddrInfo(t *testing.T) {
	const (
		stream, dgram, raw  = unix.SOCK_STREAM, unix.SOCK_DGRAM, unix.SOCK_RAW
		inet, unspec, inet6 = unix.AF_INET, unix.AF_UNSPEC, unix.AF_INET6
	)
	for _, c := range []struct {
		host, port             string // "-": nil
		family, socktype, prot int
		flags                  int
		fast                   bool
	}{
		{"127.0.0.1", "80", inet, stream, 0, 0, true},
		{"127.0.0.1", "80", unspec, stream, 0, 0, true},
		{"127.0.0.1", "-", inet, dgram, 0, 0, true},
		{"10.1.2.3", "65535", inet, dgram, unix.IPPROTO_UDP, 0, true},
		{"0.0.0.0", "0", inet, stream, unix.IPPROTO_TCP, aiNumericHost | aiNumericServ, true},
		{"255.255.255.255", "1", inet, stream, 0, 1 /* AI_PASSIVE */, true},
		{"127.0.0.1", "80", inet, 0, 0, 0, false},   // several socket types
		{"127.0.0.1", "80", inet, raw, 0, 0, false}, // raw
		{"127.0.0.1", "80", inet, stream, unix.IPPROTO_UDP, 0, false},
		{"127.0.0.1", "80", inet6, stream, 0, 0, false}, // family
		{"127.0.0.1", "80", inet, stream, 0, 2 /* AI_CANONNAME */, false},
		{"127.0.0.1", "080", inet, stream, 0, 0, false},    // leading zero
		{"127.0.0.01", "80", inet, stream, 0, 0, false},    // leading zero
		{"127.1", "80", inet, stream, 0, 0, false},         // inet_aton's short form
		{"0x7f.0.0.1", "80", inet, stream, 0, 0, false},    // hex
		{"256.0.0.1", "80", inet, stream, 0, 0, false},     // out of range
		{"127.0.0.1 ", "80", inet, stream, 0, 0, false},    // trailing space
		{"127.0.0.1", "65536", inet, stream, 0, 0, false},  // port range
		{"127.0.0.1", "http", inet, stream, 0, 0, false},   // service name
		{"127.0.0.1.", "80", inet, stream, 0, 0, false},    // trailing dot
		{"1.2.3.4.5", "80", inet, stream, 0, 0, false},     // five parts
		{"localhost", "80", inet, stream, 0, 0, false},     // a name
		{"::1", "80", unspec, stream, 0, 0, false},         // IPv6
		{"1234567.0.0.1", "80", inet, stream, 0, 0, false}, // long number
	} {
		name := fmt.Sprintf("%q:%q/%d/%d/%d/%#x", c.host, c.port, c.family, c.socktype, c.prot, c.flags)
		host := cstr(c.host)
		var port *byte
		if c.port != "-" {
			port = cstr(c.port)
		}
		var ai AddrInfo
		fast := numericAddrInfo(host, port, c.family, c.socktype, c.prot, c.flags, &ai)
		if fast != c.fast {
			t.Errorf("%s: answered without the C library: %v, want %v", name, fast, c.fast)
			continue
		}
		if !fast {
			continue
		}
		l, err := libcAddrInfo(host, port, c.family, c.socktype, c.prot, c.flags)
		if err != nil {
			t.Errorf("%s: C library: %v", name, err)
			continue
		}
		var want AddrInfo
		if !l.Next(&want) {
			t.Errorf("%s: C library gave no result", name)
		} else if want != ai {
			t.Errorf("%s: got %+v, C library %+v", name, ai, want)
		}
		var more AddrInfo
		if l.Next(&more) {
			t.Errorf("%s: C library gave more than one result", name)
		}
		l.Free()
		g, err := GetAddrInfo(host, port, c.family, c.socktype, c.prot, c.flags)
		if err != nil || !g.Next(&more) || more != ai || g.Next(&more) {
			t.Errorf("%s: GetAddrInfo does not give the one answer", name)
		}
		g.Free()
	}
}

// TestIPv4TextMatchesLibc checks the Go inet_pton/inet_ntop for AF_INET
// against the C library's.
func TestIPv4TextMatchesLibc(t *testing.T) {
	for _, s := range []string{
		"0.0.0.0", "127.0.0.1", "255.255.255.255", "1.2.3.4", "10.0.0.255", "256.1.1.1", "1.2.3",
		"1.2.3.4.5", "01.2.3.4", "1.2.3.04", "1.2.3.4 ", " 1.2.3.4", "1..3.4", "1.2.3.", ".1.2.3",
		"0x1.2.3.4", "1.2.3.4a", "", "1234.1.1.1", "999.1.1.1", "00.0.0.0", "1.2.3.-4", "::1", "1.2.3.4/8",
	} {
		var got, want [4]byte
		ok := ParseIP(unix.AF_INET, cstr(s), unsafe.Pointer(&got))
		wantOK := libcParseIP(unix.AF_INET, cstr(s), unsafe.Pointer(&want))
		if ok != wantOK || (ok && got != want) {
			t.Errorf("ParseIP(%q) = %v %v, inet_pton says %v %v", s, ok, got, wantOK, want)
		}
	}
	for _, a := range [][4]byte{{0, 0, 0, 0}, {127, 0, 0, 1}, {255, 255, 255, 255}, {1, 10, 100, 199}, {9, 99, 109, 250}} {
		r := new(Raw)
		(&Inet4{Addr: a}).Put(r)
		buf := make([]byte, 64)
		n := FormatIP(r, buf)
		want := netip.AddrFrom4(a).String()
		if string(buf[:n]) != want || buf[n] != 0 {
			t.Errorf("FormatIP(%v) = %q, want %q", a, buf[:n+1], want)
		}
	}
}
