package core

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Tests of the socket address codecs: Raw's layout, each family's Put/Get
// round trip and exact kernel bytes, and agreement with the kernel and with
// golang.org/x/sys/unix through real bind/getsockname calls on loopback.

func TestRawLayout(t *testing.T) {
	// gs_raw in the binding is struct { struct sockaddr_storage ss;
	// socklen_t len; }: len sits right after the 128-byte storage.
	if off := unsafe.Offsetof(Raw{}.Len); off != 128 {
		t.Errorf("offsetof(Raw.Len) = %d, want 128", off)
	}
	if sz := unsafe.Sizeof(Raw{}); sz < 132 || sz > 136 {
		t.Errorf("sizeof(Raw) = %d, want 132..136", sz)
	}
	if unixPathOffset != 2 {
		t.Errorf("offsetof(sun_path) = %d, want 2", unixPathOffset)
	}
	var r Raw
	if uintptr(unsafe.Pointer(r.bytes())) != uintptr(unsafe.Pointer(&r)) || r.ptr() != unsafe.Pointer(&r) {
		t.Error("Raw's storage does not start at its address")
	}
	r.reset()
	if r.Len != 128 || r.Family() != unix.AF_UNSPEC {
		t.Errorf("reset: len %d family %d", r.Len, r.Family())
	}
}

// dirty returns a Raw whose bytes are all 0xff, to show Put overwrites
// everything the kernel reads.
func dirty() *Raw {
	r := new(Raw)
	b := r.bytes()
	for i := range b {
		b[i] = 0xff
	}
	r.Len = 0xffff
	return r
}

func TestInet4Codec(t *testing.T) {
	tests := []Inet4{
		{Addr: [4]byte{127, 0, 0, 1}, Port: 80},
		{Addr: [4]byte{0, 0, 0, 0}, Port: 0},
		{Addr: [4]byte{255, 255, 255, 255}, Port: 65535},
		{Addr: [4]byte{127, 1, 2, 3}, Port: 0x1234},
	}
	for _, a := range tests {
		t.Run(fmt.Sprint(a), func(t *testing.T) {
			r := dirty()
			a.Put(r)
			b := r.bytes()
			if r.Len != unix.SizeofSockaddrInet4 || r.Family() != unix.AF_INET {
				t.Fatalf("len %d family %d", r.Len, r.Family())
			}
			if f := binary.NativeEndian.Uint16(b[0:2]); f != unix.AF_INET {
				t.Errorf("sin_family bytes % x", b[0:2])
			}
			if p := binary.BigEndian.Uint16(b[2:4]); p != a.Port {
				t.Errorf("sin_port bytes % x, want %#04x big-endian", b[2:4], a.Port)
			}
			if !bytes.Equal(b[4:8], a.Addr[:]) {
				t.Errorf("sin_addr bytes % x", b[4:8])
			}
			if !bytes.Equal(b[8:16], make([]byte, 8)) {
				t.Errorf("sin_zero bytes % x, want zeros", b[8:16])
			}
			var got Inet4
			got.Get(r)
			if got != a {
				t.Errorf("round trip %v, want %v", got, a)
			}
		})
	}
}

func TestInet6Codec(t *testing.T) {
	tests := []Inet6{
		{Addr: [16]byte{15: 1}, Port: 443},
		{},
		{Addr: [16]byte{0xfe, 0x80, 15: 1}, Port: 65535, Flowinfo: 0x000fffff, ScopeID: 1},
		{Addr: [16]byte{0x20, 0x01, 0x0d, 0xb8, 15: 0x42}, Port: 0x1234, Flowinfo: 0x01020304, ScopeID: 0xdeadbeef},
	}
	for _, a := range tests {
		t.Run(fmt.Sprint(a), func(t *testing.T) {
			r := dirty()
			a.Put(r)
			b := r.bytes()
			if r.Len != unix.SizeofSockaddrInet6 || r.Family() != unix.AF_INET6 {
				t.Fatalf("len %d family %d", r.Len, r.Family())
			}
			if f := binary.NativeEndian.Uint16(b[0:2]); f != unix.AF_INET6 {
				t.Errorf("sin6_family bytes % x", b[0:2])
			}
			if p := binary.BigEndian.Uint16(b[2:4]); p != a.Port {
				t.Errorf("sin6_port bytes % x, want %#04x big-endian", b[2:4], a.Port)
			}
			if f := binary.BigEndian.Uint32(b[4:8]); f != a.Flowinfo {
				t.Errorf("sin6_flowinfo bytes % x, want %#08x big-endian", b[4:8], a.Flowinfo)
			}
			if !bytes.Equal(b[8:24], a.Addr[:]) {
				t.Errorf("sin6_addr bytes % x", b[8:24])
			}
			if s := binary.NativeEndian.Uint32(b[24:28]); s != a.ScopeID {
				t.Errorf("sin6_scope_id bytes % x, want %d in host order", b[24:28], a.ScopeID)
			}
			var got Inet6
			got.Get(r)
			if got != a {
				t.Errorf("round trip %v, want %v", got, a)
			}
		})
	}
}

func TestNetlinkCodec(t *testing.T) {
	for _, a := range []Netlink{{}, {Pid: 1234, Groups: 1}, {Pid: 0xffffffff, Groups: 0x80000001}} {
		t.Run(fmt.Sprint(a), func(t *testing.T) {
			r := dirty()
			a.Put(r)
			b := r.bytes()
			if r.Len != unix.SizeofSockaddrNetlink || r.Family() != unix.AF_NETLINK {
				t.Fatalf("len %d family %d", r.Len, r.Family())
			}
			if f := binary.NativeEndian.Uint16(b[0:2]); f != unix.AF_NETLINK {
				t.Errorf("nl_family bytes % x", b[0:2])
			}
			if !bytes.Equal(b[2:4], []byte{0, 0}) {
				t.Errorf("nl_pad bytes % x, want zeros", b[2:4])
			}
			if p := binary.NativeEndian.Uint32(b[4:8]); p != a.Pid {
				t.Errorf("nl_pid bytes % x", b[4:8])
			}
			if g := binary.NativeEndian.Uint32(b[8:12]); g != a.Groups {
				t.Errorf("nl_groups bytes % x", b[8:12])
			}
			var got Netlink
			got.Get(r)
			if got != a {
				t.Errorf("round trip %v, want %v", got, a)
			}
		})
	}
}

func TestUnixCodec(t *testing.T) {
	long108 := bytes.Repeat([]byte{'a'}, 108)
	abstract108 := append([]byte{0}, bytes.Repeat([]byte{'z'}, 107)...)
	tests := []struct {
		name    string
		path    []byte
		err     error
		wantLen uint32
		want    []byte // GetUnix
	}{
		{name: "filesystem", path: []byte("/tmp/sock"), wantLen: 2 + 9, want: []byte("/tmp/sock")},
		{name: "abstract", path: []byte("\x00gosocket"), wantLen: 2 + 9, want: []byte("\x00gosocket")},
		{name: "abstract-embedded-NULs", path: []byte("\x00a\x00b\x00"), wantLen: 2 + 5, want: []byte("\x00a\x00b\x00")},
		{name: "empty", path: nil, wantLen: 2, want: nil},
		{name: "107", path: long108[:107], wantLen: 109, want: long108[:107]},
		{name: "exactly-108-no-room-for-NUL", path: long108, err: ErrUnixPathTooLong},
		{name: "abstract-exactly-108", path: abstract108, wantLen: 110, want: abstract108},
		{name: "109-too-long", path: bytes.Repeat([]byte{'a'}, 109), err: ErrUnixPathTooLong},
		{name: "abstract-109-too-long", path: append([]byte{0}, long108...), err: ErrUnixPathTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := dirty()
			err := PutUnix(r, tt.path)
			if err != tt.err {
				t.Fatalf("PutUnix = %v, want %v", err, tt.err)
			}
			if err != nil {
				if err.Error() != "AF_UNIX path too long" {
					t.Errorf("message %q", err.Error())
				}
				return
			}
			b := r.bytes()
			if r.Len != tt.wantLen || binary.NativeEndian.Uint16(b[0:2]) != unix.AF_UNIX {
				t.Fatalf("len %d family bytes % x, want len %d AF_UNIX", r.Len, b[0:2], tt.wantLen)
			}
			if !bytes.Equal(b[2:2+len(tt.path)], tt.path) {
				t.Errorf("sun_path bytes %q, want %q", b[2:2+len(tt.path)], tt.path)
			}
			if len(tt.path) < 108 && b[2+len(tt.path)] != 0 {
				t.Errorf("no NUL stored after the path")
			}
			if got := GetUnix(r); !bytes.Equal(got, tt.want) || (got == nil) != (tt.want == nil) {
				t.Errorf("GetUnix = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestGetUnixKernelForms decodes the lengths the kernel reports: a filesystem
// path whose length counts the NUL, and the full 128 of an untouched Raw.
func TestGetUnixKernelForms(t *testing.T) {
	tests := []struct {
		name string
		raw  []byte // sun_path bytes
		len  uint32
		want []byte
	}{
		{"length-counts-NUL", []byte("/tmp/s\x00"), 2 + 7, []byte("/tmp/s")},
		{"stops-at-first-NUL", []byte("ab\x00cd"), 2 + 5, []byte("ab")},
		{"length-beyond-sun_path", []byte("abc\x00junk"), 128, []byte("abc")},
		{"abstract-keeps-length", []byte("\x00ab\x00"), 2 + 4, []byte("\x00ab\x00")},
		{"family-only", nil, 2, nil},
		{"zero-length", nil, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := dirty()
			r.Any.Addr.Family = unix.AF_UNIX
			copy(r.bytes()[2:], tt.raw)
			r.Len = tt.len
			if got := GetUnix(r); !bytes.Equal(got, tt.want) {
				t.Errorf("GetUnix = %q, want %q", got, tt.want)
			}
			if got := GetUnix(r); len(got) > 108 {
				t.Errorf("GetUnix returned %d bytes", len(got))
			}
		})
	}
}

// TestUnixKernelRoundTrip binds real AF_UNIX sockets to a filesystem path and
// an abstract name with PutUnix and reads them back through both
// Getsockname+GetUnix and x/sys/unix's own decoder.
func TestUnixKernelRoundTrip(t *testing.T) {
	fsPath := filepath.Join(t.TempDir(), "s")
	if len(fsPath) > 100 {
		fsPath = fmt.Sprintf("/tmp/gosocket-core-%d.sock", os.Getpid())
		t.Cleanup(func() { os.Remove(fsPath) })
	}
	abstract := fmt.Sprintf("\x00gosocket-core-test-%d", os.Getpid())
	tests := []struct {
		name     string
		path     string
		wantUnix string // unix.SockaddrUnix.Name
	}{
		{"filesystem", fsPath, fsPath},
		{"abstract", abstract, "@" + abstract[1:]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fd := newSocket(t, unix.AF_UNIX, unix.SOCK_STREAM, 0, false)
			r := new(Raw)
			if err := PutUnix(r, []byte(tt.path)); err != nil {
				t.Fatal(err)
			}
			if err := Bind(fd, r); err != nil {
				t.Fatalf("bind %q: %v", tt.path, err)
			}
			got := new(Raw)
			if err := Getsockname(fd, got); err != nil {
				t.Fatal(err)
			}
			if p := GetUnix(got); string(p) != tt.path {
				t.Errorf("GetUnix(getsockname) = %q, want %q", p, tt.path)
			}
			sa, err := unix.Getsockname(fd)
			if err != nil {
				t.Fatal(err)
			}
			if su, ok := sa.(*unix.SockaddrUnix); !ok || su.Name != tt.wantUnix {
				t.Errorf("x/sys/unix decodes %#v, want name %q", sa, tt.wantUnix)
			}
		})
	}
	t.Run("unnamed-socketpair", func(t *testing.T) {
		a, _ := pair(t, unix.SOCK_STREAM, false)
		r := new(Raw)
		if err := Getsockname(a, r); err != nil {
			t.Fatal(err)
		}
		if r.Family() != unix.AF_UNIX || GetUnix(r) != nil {
			t.Errorf("unnamed socket: family %d path %q len %d", r.Family(), GetUnix(r), r.Len)
		}
	})
}

// TestInetKernelRoundTrip checks the IP codecs against the kernel and
// x/sys/unix both ways: bound by core and read by x/sys/unix, bound by
// x/sys/unix and read by core.
func TestInetKernelRoundTrip(t *testing.T) {
	for _, lb := range loopbacks {
		t.Run(lb.name+"/core-to-unix", func(t *testing.T) {
			fd, r := bound(t, lb.family, unix.SOCK_DGRAM, false)
			sa, err := unix.Getsockname(fd)
			if err != nil {
				t.Fatal(err)
			}
			switch s := sa.(type) {
			case *unix.SockaddrInet4:
				var a Inet4
				a.Get(r)
				if s.Addr != a.Addr || s.Port != int(a.Port) || a.Port == 0 || a.Addr != [4]byte{127, 0, 0, 1} {
					t.Errorf("core %v, x/sys/unix %v", a, s)
				}
			case *unix.SockaddrInet6:
				var a Inet6
				a.Get(r)
				if s.Addr != a.Addr || s.Port != int(a.Port) || s.ZoneId != a.ScopeID || a.Port == 0 || a.Addr != [16]byte{15: 1} {
					t.Errorf("core %v, x/sys/unix %v", a, s)
				}
			default:
				t.Fatalf("x/sys/unix decoded %T", sa)
			}
		})
		t.Run(lb.name+"/unix-to-core", func(t *testing.T) {
			fd := newSocket(t, lb.family, unix.SOCK_DGRAM, 0, false)
			var sa unix.Sockaddr
			if lb.family == unix.AF_INET {
				sa = &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}
			} else {
				sa = &unix.SockaddrInet6{Addr: [16]byte{15: 1}}
			}
			if err := unix.Bind(fd, sa); err != nil {
				if errors.Is(err, unix.EADDRNOTAVAIL) {
					t.Skip(err)
				}
				t.Fatal(err)
			}
			back, err := unix.Getsockname(fd)
			if err != nil {
				t.Fatal(err)
			}
			r := new(Raw)
			if err := Getsockname(fd, r); err != nil {
				t.Fatal(err)
			}
			switch s := back.(type) {
			case *unix.SockaddrInet4:
				var a Inet4
				a.Get(r)
				if r.Len != unix.SizeofSockaddrInet4 || s.Addr != a.Addr || s.Port != int(a.Port) {
					t.Errorf("core %v (len %d), x/sys/unix %v", a, r.Len, s)
				}
				// Our encoding of what we decoded is the kernel's, byte for byte.
				var again Raw
				a.Put(&again)
				if !bytes.Equal(again.bytes()[:again.Len], r.bytes()[:r.Len]) {
					t.Errorf("re-encoded % x, kernel % x", again.bytes()[:again.Len], r.bytes()[:r.Len])
				}
			case *unix.SockaddrInet6:
				var a Inet6
				a.Get(r)
				if r.Len != unix.SizeofSockaddrInet6 || s.Addr != a.Addr || s.Port != int(a.Port) {
					t.Errorf("core %v (len %d), x/sys/unix %v", a, r.Len, s)
				}
				var again Raw
				a.Put(&again)
				if !bytes.Equal(again.bytes()[:again.Len], r.bytes()[:r.Len]) {
					t.Errorf("re-encoded % x, kernel % x", again.bytes()[:again.Len], r.bytes()[:r.Len])
				}
			}
		})
	}
}

func TestNetlinkKernelRoundTrip(t *testing.T) {
	fd := newSocket(t, unix.AF_NETLINK, unix.SOCK_RAW, unix.NETLINK_ROUTE, false)
	r := new(Raw)
	(&Netlink{}).Put(r)
	if err := Bind(fd, r); err != nil {
		t.Skipf("bind netlink: %v", err)
	}
	if err := Getsockname(fd, r); err != nil {
		t.Fatal(err)
	}
	var a Netlink
	a.Get(r)
	sa, err := unix.Getsockname(fd)
	if err != nil {
		t.Fatal(err)
	}
	s, ok := sa.(*unix.SockaddrNetlink)
	if !ok || r.Family() != unix.AF_NETLINK || s.Pid != a.Pid || s.Groups != a.Groups || a.Pid == 0 {
		t.Errorf("core %+v, x/sys/unix %#v", a, sa)
	}
}
