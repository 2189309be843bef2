package core

import (
	"bytes"
	"errors"
	"fmt"
	"net/netip"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Tests of the resolver's Go half: the names SetIPAddr answers without a
// lookup, the decoding of getaddrinfo answers (built by hand in Go memory
// with the layout of glibc's struct addrinfo, since a test file cannot use
// cgo) and the getaddrinfo queries NumericAddrInfo answers alone. Only
// loopback, wildcard, broadcast and documentation addresses appear.

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

// cAddrinfo mirrors glibc's struct addrinfo (<netdb.h>) on 64-bit Linux:
// ai_flags, ai_family, ai_socktype, ai_protocol (int), ai_addrlen
// (socklen_t), 4 bytes of padding, then ai_addr, ai_canonname and ai_next;
// TestCAddrinfoLayout checks the offsets against the C ones.
type cAddrinfo struct {
	flags, family, socktype, protocol int32
	addrlen                           uint32
	_                                 [4]byte
	addr                              *byte
	canonname                         *byte
	next                              *cAddrinfo
}

// aiEntry describes one result of a hand-built getaddrinfo answer.
type aiEntry struct {
	socktype, proto int
	family          int    // ai_family; 0: the family of sa
	sa              *Raw   // ai_addr; nil: NULL with ai_addrlen 0
	addrlen         int    // ai_addrlen; 0: sa.Len
	canon           string // ai_canonname; "": NULL
}

// aiList builds the struct addrinfo list of entries as getaddrinfo would
// return it and returns its head (nil for no entries). Each ai_addr points
// to at least 128 bytes (the most the decoders copy) starting with sa's.
func aiList(entries ...aiEntry) unsafe.Pointer {
	if len(entries) == 0 {
		return nil
	}
	nodes := make([]cAddrinfo, len(entries))
	for i, e := range entries {
		n := &nodes[i]
		n.socktype, n.protocol = int32(e.socktype), int32(e.proto)
		n.family = int32(e.family)
		if e.sa != nil {
			if e.family == 0 {
				n.family = int32(e.sa.Family())
			}
			l := int(e.sa.Len)
			if e.addrlen != 0 {
				l = e.addrlen
			}
			buf := make([]byte, max(l, 128))
			copy(buf, e.sa.bytes()[:])
			n.addr, n.addrlen = &buf[0], uint32(l)
		}
		if e.canon != "" {
			n.canonname = cstr(e.canon)
		}
		if i+1 < len(nodes) {
			n.next = &nodes[i+1]
		}
	}
	return unsafe.Pointer(&nodes[0])
}

// sa4, sa6 and saUnix return a socket address as getaddrinfo's ai_addr
// holds it.
func sa4(ip string, port uint16) *Raw {
	r := new(Raw)
	(&Inet4{Addr: netip.MustParseAddr(ip).As4(), Port: port}).Put(r)
	return r
}

func sa6(ip string, port uint16, scope uint32) *Raw {
	r := new(Raw)
	(&Inet6{Addr: netip.MustParseAddr(ip).As16(), Port: port, Flowinfo: 0, ScopeID: scope}).Put(r)
	return r
}

func saUnix(path string) *Raw {
	r := new(Raw)
	if err := PutUnix(r, []byte(path)); err != nil {
		panic(err)
	}
	return r
}

func TestCAddrinfoLayout(t *testing.T) {
	if unsafe.Sizeof(uintptr(0)) != 8 {
		t.Skip("the mirror of struct addrinfo is the 64-bit layout")
	}
	var a cAddrinfo
	got := [...]uintptr{
		unsafe.Offsetof(a.flags), unsafe.Offsetof(a.family), unsafe.Offsetof(a.socktype),
		unsafe.Offsetof(a.protocol), unsafe.Offsetof(a.addrlen), unsafe.Offsetof(a.addr),
		unsafe.Offsetof(a.canonname), unsafe.Offsetof(a.next), unsafe.Sizeof(a),
	}
	// offsetof(struct addrinfo, ...) and sizeof(struct addrinfo) in glibc.
	want := [...]uintptr{0, 4, 8, 12, 16, 24, 32, 40, 48}
	if got != want {
		t.Errorf("offsets and size %v, want glibc's %v", got, want)
	}
}

func TestSetIPAddr(t *testing.T) {
	tests := []struct {
		name   string
		host   string
		family int
		// want is the address stored (with port 0); wantErr the error.
		want    string
		wantErr error
	}{
		{name: "broadcast/inet", host: "<broadcast>", family: unix.AF_INET, want: "255.255.255.255"},
		{name: "broadcast/unspec", host: "<broadcast>", family: unix.AF_UNSPEC, want: "255.255.255.255"},
		{name: "broadcast/inet6", host: "<broadcast>", family: unix.AF_INET6, wantErr: ErrFamilyMismatch},
		{name: "broadcast-numeric/inet", host: "255.255.255.255", family: unix.AF_INET, want: "255.255.255.255"},
		{name: "broadcast-numeric/unspec", host: "255.255.255.255", family: unix.AF_UNSPEC, want: "255.255.255.255"},
		{name: "broadcast-numeric/inet6", host: "255.255.255.255", family: unix.AF_INET6, wantErr: ErrFamilyMismatch},
		{name: "v4/inet", host: "127.0.0.1", family: unix.AF_INET, want: "127.0.0.1"},
		{name: "v4/unspec", host: "127.0.0.1", family: unix.AF_UNSPEC, want: "127.0.0.1"},
		{name: "v4-other/inet", host: "127.1.2.3", family: unix.AF_INET, want: "127.1.2.3"},
		{name: "v4-zero/inet", host: "0.0.0.0", family: unix.AF_INET, want: "0.0.0.0"},
		{name: "v6/inet6", host: "::1", family: unix.AF_INET6, want: "::1"},
		{name: "v6/unspec", host: "::1", family: unix.AF_UNSPEC, want: "::1"},
		{name: "v6-zero/unspec", host: "::", family: unix.AF_UNSPEC, want: "::"},
		{name: "v6-mapped/inet6", host: "::ffff:127.0.0.1", family: unix.AF_INET6, want: "::ffff:127.0.0.1"},
		{name: "v6-doc/inet6", host: "2001:db8::1", family: unix.AF_INET6, want: "2001:db8::1"},
		// Everything else is the resolver's: a numeric address of the
		// other family, the forms inet_pton refuses, a "%scope" (which
		// getaddrinfo turns into an interface index), names, and "" (the
		// wildcard: getaddrinfo with AI_PASSIVE).
		{name: "v4/inet6", host: "127.0.0.1", family: unix.AF_INET6, wantErr: ErrNeedLookup},
		{name: "v6/inet", host: "::1", family: unix.AF_INET, wantErr: ErrNeedLookup},
		{name: "v4-short/inet", host: "127.1", family: unix.AF_INET, wantErr: ErrNeedLookup},
		{name: "v4-leading-zero/inet", host: "127.0.0.01", family: unix.AF_INET, wantErr: ErrNeedLookup},
		{name: "v6-scoped/inet6", host: "fe80::1%lo", family: unix.AF_INET6, wantErr: ErrNeedLookup},
		{name: "v6-scoped/unspec", host: "fe80::1%1", family: unix.AF_UNSPEC, wantErr: ErrNeedLookup},
		{name: "localhost/inet", host: "localhost", family: unix.AF_INET, wantErr: ErrNeedLookup},
		{name: "localhost/unspec", host: "localhost", family: unix.AF_UNSPEC, wantErr: ErrNeedLookup},
		{name: "broadcast-other-case", host: "<BROADCAST>", family: unix.AF_INET, wantErr: ErrNeedLookup},
		{name: "nonexistent", host: "nonexistent.invalid", family: unix.AF_UNSPEC, wantErr: ErrNeedLookup},
		{name: "wildcard/inet", host: "", family: unix.AF_INET, wantErr: ErrNeedLookup},
		{name: "wildcard/inet6", host: "", family: unix.AF_INET6, wantErr: ErrNeedLookup},
		{name: "wildcard/unspec", host: "", family: unix.AF_UNSPEC, wantErr: ErrNeedLookup},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// What r holds after an error is not specified (CPython's
			// setipaddr also clears the sockaddr before each inet_pton).
			r := dirty()
			err := SetIPAddr(cstr(tt.host), tt.family, r)
			if err != tt.wantErr {
				t.Fatalf("SetIPAddr(%q, %d) = %v (%T), want %v", tt.host, tt.family, err, err, tt.wantErr)
			}
			if err != nil {
				return
			}
			ip, port := ipOf(t, r)
			if want := netip.MustParseAddr(tt.want); ip != want || port != 0 {
				t.Errorf("stored %v port %d, want %v port 0", ip, port, want)
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
				if a.ScopeID != 0 || a.Flowinfo != 0 {
					t.Errorf("scope %d flowinfo %d, want 0 and 0", a.ScopeID, a.Flowinfo)
				}
			}
		})
	}
}

func TestErrNeedLookup(t *testing.T) {
	if ErrNeedLookup.Error() == "" {
		t.Error("empty message")
	}
	var a AddrError
	if errors.As(ErrNeedLookup, &a) {
		t.Errorf("ErrNeedLookup is the AddrError %v", a)
	}
	if !errors.Is(SetIPAddr(cstr("localhost"), unix.AF_INET, new(Raw)), ErrNeedLookup) {
		t.Error("errors.Is does not find ErrNeedLookup")
	}
}

func TestFirstAddrInfo(t *testing.T) {
	tcp := func(sa *Raw) aiEntry { return aiEntry{socktype: unix.SOCK_STREAM, proto: unix.IPPROTO_TCP, sa: sa} }
	tests := []struct {
		name     string
		entries  []aiEntry
		wildcard bool
		wantErr  error
		want     *Raw // the address stored; its Len is the length
	}{
		{name: "v4", entries: []aiEntry{tcp(sa4("127.0.0.1", 0))}, want: sa4("127.0.0.1", 0)},
		{name: "v4-port", entries: []aiEntry{tcp(sa4("127.0.0.1", 8080))}, want: sa4("127.0.0.1", 8080)},
		{name: "v6", entries: []aiEntry{tcp(sa6("::1", 0, 0))}, want: sa6("::1", 0, 0)},
		{name: "v6-scope", entries: []aiEntry{tcp(sa6("fe80::1", 0, 1))}, want: sa6("fe80::1", 0, 1)},
		// Without the wildcard the first of several results is the one.
		{name: "first-of-three", entries: []aiEntry{
			tcp(sa6("::1", 0, 0)), tcp(sa4("127.0.0.1", 0)), tcp(sa4("127.0.0.2", 0)),
		}, want: sa6("::1", 0, 0)},
		{name: "wildcard/v4", entries: []aiEntry{tcp(sa4("0.0.0.0", 0))}, wildcard: true, want: sa4("0.0.0.0", 0)},
		{name: "wildcard/v6", entries: []aiEntry{tcp(sa6("::", 0, 0))}, wildcard: true, want: sa6("::", 0, 0)},
		// CPython's "wildcard resolved to multiple address".
		{name: "wildcard/multi", entries: []aiEntry{tcp(sa4("0.0.0.0", 0)), tcp(sa6("::", 0, 0))},
			wildcard: true, wantErr: ErrWildcardMulti},
		{name: "wildcard/multi-v6-first", entries: []aiEntry{tcp(sa6("::", 0, 0)), tcp(sa4("0.0.0.0", 0))},
			wildcard: true, wantErr: ErrWildcardMulti},
		// Not an IP family: "unknown address family" after a lookup,
		// "unsupported address family" for the wildcard, which setipaddr
		// checks before the number of results.
		{name: "unix", entries: []aiEntry{{socktype: unix.SOCK_STREAM, sa: saUnix("/tmp/x")}},
			wantErr: ErrUnknownFamily},
		{name: "unix-then-v4", entries: []aiEntry{{socktype: unix.SOCK_STREAM, sa: saUnix("/tmp/x")}, tcp(sa4("127.0.0.1", 0))},
			wantErr: ErrUnknownFamily},
		{name: "wildcard/unix", entries: []aiEntry{{socktype: unix.SOCK_STREAM, sa: saUnix("/tmp/x")}},
			wildcard: true, wantErr: ErrUnsupportedFamily},
		{name: "wildcard/unix-multi", entries: []aiEntry{{socktype: unix.SOCK_STREAM, sa: saUnix("/tmp/x")}, tcp(sa4("0.0.0.0", 0))},
			wildcard: true, wantErr: ErrUnsupportedFamily},
		// ai_family decides, not the address's own family field.
		{name: "family-255", entries: []aiEntry{{family: 255, sa: sa4("127.0.0.1", 0)}},
			wantErr: ErrUnknownFamily},
		// An ai_addrlen beyond sockaddr_storage is cut to 128 bytes.
		{name: "addrlen-200", entries: []aiEntry{{socktype: unix.SOCK_STREAM, sa: sa6("::1", 0, 0), addrlen: 200}},
			want: func() *Raw { r := sa6("::1", 0, 0); r.Len = 128; return r }()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := dirty()
			err := FirstAddrInfo(aiList(tt.entries...), tt.wildcard, r)
			if err != tt.wantErr {
				t.Fatalf("FirstAddrInfo = %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if r.Len != tt.want.Len {
				t.Errorf("len %d, want %d", r.Len, tt.want.Len)
			}
			if n := tt.want.Len; !bytes.Equal(r.bytes()[:n], tt.want.bytes()[:n]) {
				t.Errorf("stored % x\nwant   % x", r.bytes()[:n], tt.want.bytes()[:n])
			}
			if tt.want.Len < 128 && r.bytes()[tt.want.Len] != 0xff {
				t.Errorf("wrote past ai_addrlen (%d bytes)", tt.want.Len)
			}
		})
	}
}

func TestAddrInfoListOf(t *testing.T) {
	long := sa6("2001:db8::1", 443, 0)
	tests := []struct {
		name    string
		entries []aiEntry
	}{
		{name: "empty"},
		{name: "one-v4", entries: []aiEntry{{socktype: unix.SOCK_STREAM, proto: unix.IPPROTO_TCP, sa: sa4("127.0.0.1", 80)}}},
		{name: "one-v6-canonname", entries: []aiEntry{
			{socktype: unix.SOCK_DGRAM, proto: unix.IPPROTO_UDP, sa: sa6("::1", 53, 0), canon: "localhost"},
		}},
		// One address per socket type, as getaddrinfo answers without a
		// socket type; the canonical name comes with the first only.
		{name: "socktypes", entries: []aiEntry{
			{socktype: unix.SOCK_STREAM, proto: unix.IPPROTO_TCP, sa: sa4("127.0.0.1", 7), canon: "localhost"},
			{socktype: unix.SOCK_DGRAM, proto: unix.IPPROTO_UDP, sa: sa4("127.0.0.1", 7)},
			{socktype: unix.SOCK_RAW, sa: sa4("127.0.0.1", 7)},
		}},
		{name: "mixed-families", entries: []aiEntry{
			{socktype: unix.SOCK_STREAM, proto: unix.IPPROTO_TCP, sa: sa6("fe80::1", 9, 1)},
			{socktype: unix.SOCK_STREAM, proto: unix.IPPROTO_TCP, sa: sa4("127.0.0.1", 9)},
			{socktype: unix.SOCK_STREAM, sa: saUnix("/tmp/x")},
		}},
		{name: "null-addr", entries: []aiEntry{{family: unix.AF_INET, socktype: unix.SOCK_STREAM}}},
		{name: "addrlen-200", entries: []aiEntry{{socktype: unix.SOCK_STREAM, sa: long, addrlen: 200}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := aiList(tt.entries...)
			l := AddrInfoListOf(res)
			var ai AddrInfo
			for i := 0; ; i++ {
				if !l.Next(&ai) {
					if i != len(tt.entries) {
						t.Fatalf("%d results, want %d", i, len(tt.entries))
					}
					break
				}
				if i >= len(tt.entries) {
					t.Fatalf("more than %d results", len(tt.entries))
				}
				node := (*cAddrinfo)(res)
				for j := 0; j < i; j++ {
					node = node.next
				}
				e := tt.entries[i]
				if ai.Family != int(node.family) || ai.Socktype != e.socktype || ai.Protocol != e.proto {
					t.Errorf("result %d: family %d socktype %d proto %d, want %d %d %d",
						i, ai.Family, ai.Socktype, ai.Protocol, node.family, e.socktype, e.proto)
				}
				if ai.Canonname != node.canonname || gostr(ai.Canonname) != e.canon {
					t.Errorf("result %d: canonname %p %q, want %p %q", i, ai.Canonname, gostr(ai.Canonname), node.canonname, e.canon)
				}
				wantLen := uint32(0)
				if e.sa != nil {
					wantLen = min(node.addrlen, 128)
				}
				if ai.Addr.Len != wantLen {
					t.Errorf("result %d: len %d, want %d", i, ai.Addr.Len, wantLen)
				}
				if e.sa != nil && !bytes.Equal(ai.Addr.bytes()[:wantLen], e.sa.bytes()[:wantLen]) {
					t.Errorf("result %d: address % x\nwant % x", i, ai.Addr.bytes()[:wantLen], e.sa.bytes()[:wantLen])
				}
			}
			if l.Next(&ai) {
				t.Error("Next after the end returned true")
			}
		})
	}
	t.Run("zero-list", func(t *testing.T) {
		var l AddrInfoList
		var ai AddrInfo
		if l.Next(&ai) {
			t.Error("Next on a zero list returned true")
		}
	})
}

// TestNumericAddrInfo checks the queries NumericAddrInfo answers without the
// C library, with the one result glibc's getaddrinfo gives for them, and
// that it leaves every other query to the C library.
func TestNumericAddrInfo(t *testing.T) {
	const (
		stream, dgram, raw  = unix.SOCK_STREAM, unix.SOCK_DGRAM, unix.SOCK_RAW
		inet, unspec, inet6 = unix.AF_INET, unix.AF_UNSPEC, unix.AF_INET6
		tcp, udp            = unix.IPPROTO_TCP, unix.IPPROTO_UDP
	)
	for _, c := range []struct {
		host, port             string // "-": nil
		family, socktype, prot int
		flags                  int
		fast                   bool
		wantProto              int    // the result's protocol
		wantPort               uint16 // the result's port
	}{
		{"127.0.0.1", "80", inet, stream, 0, 0, true, tcp, 80},
		{"127.0.0.1", "80", unspec, stream, 0, 0, true, tcp, 80},
		{"127.0.0.1", "-", inet, dgram, 0, 0, true, udp, 0},
		{"10.1.2.3", "65535", inet, dgram, udp, 0, true, udp, 65535},
		{"0.0.0.0", "0", inet, stream, tcp, aiNumericHost | aiNumericServ, true, tcp, 0},
		{"255.255.255.255", "1", inet, stream, 0, aiPassive, true, tcp, 1},
		{"127.0.0.1", "80", inet, 0, 0, 0, false, 0, 0},   // several socket types
		{"127.0.0.1", "80", inet, raw, 0, 0, false, 0, 0}, // raw
		{"127.0.0.1", "80", inet, stream, udp, 0, false, 0, 0},
		{"127.0.0.1", "80", inet6, stream, 0, 0, false, 0, 0}, // family
		{"127.0.0.1", "80", inet, stream, 0, aiCanonName, false, 0, 0},
		{"127.0.0.1", "080", inet, stream, 0, 0, false, 0, 0},    // leading zero
		{"127.0.0.01", "80", inet, stream, 0, 0, false, 0, 0},    // leading zero
		{"127.1", "80", inet, stream, 0, 0, false, 0, 0},         // inet_aton's short form
		{"0x7f.0.0.1", "80", inet, stream, 0, 0, false, 0, 0},    // hex
		{"256.0.0.1", "80", inet, stream, 0, 0, false, 0, 0},     // out of range
		{"127.0.0.1 ", "80", inet, stream, 0, 0, false, 0, 0},    // trailing space
		{"127.0.0.1", "65536", inet, stream, 0, 0, false, 0, 0},  // port range
		{"127.0.0.1", "http", inet, stream, 0, 0, false, 0, 0},   // service name
		{"127.0.0.1", "", inet, stream, 0, 0, false, 0, 0},       // empty service
		{"127.0.0.1.", "80", inet, stream, 0, 0, false, 0, 0},    // trailing dot
		{"1.2.3.4.5", "80", inet, stream, 0, 0, false, 0, 0},     // five parts
		{"localhost", "80", inet, stream, 0, 0, false, 0, 0},     // a name
		{"::1", "80", unspec, stream, 0, 0, false, 0, 0},         // IPv6
		{"1234567.0.0.1", "80", inet, stream, 0, 0, false, 0, 0}, // long number
		{"-", "80", inet, stream, 0, aiPassive, false, 0, 0},     // no host
	} {
		name := fmt.Sprintf("%q:%q/%d/%d/%d/%#x", c.host, c.port, c.family, c.socktype, c.prot, c.flags)
		var host, port *byte
		if c.host != "-" {
			host = cstr(c.host)
		}
		if c.port != "-" {
			port = cstr(c.port)
		}
		l, fast := NumericAddrInfo(host, port, c.family, c.socktype, c.prot, c.flags)
		var ai AddrInfo
		if fast != c.fast {
			t.Errorf("%s: answered without the C library: %v, want %v", name, fast, c.fast)
			continue
		}
		if !fast {
			if l.Next(&ai) {
				t.Errorf("%s: a query left to the C library has a result", name)
			}
			continue
		}
		want := AddrInfo{Family: unix.AF_INET, Socktype: c.socktype, Protocol: c.wantProto}
		(&Inet4{Addr: netip.MustParseAddr(c.host).As4(), Port: c.wantPort}).Put(&want.Addr)
		if !l.Next(&ai) {
			t.Errorf("%s: no result", name)
		} else if ai != want {
			t.Errorf("%s: got %+v, want %+v", name, ai, want)
		}
		if l.Next(&ai) {
			t.Errorf("%s: more than one result", name)
		}
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
