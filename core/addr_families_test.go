package core

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"testing"

	"golang.org/x/sys/unix"
)

// le32, le16 and le64 append v in host order (the sockaddr fields that are
// not in network order).
func le16(b []byte, v uint16) []byte { return binary.NativeEndian.AppendUint16(b, v) }
func le32(b []byte, v uint32) []byte { return binary.NativeEndian.AppendUint32(b, v) }
func le64(b []byte, v uint64) []byte { return binary.NativeEndian.AppendUint64(b, v) }

func TestPacketCodec(t *testing.T) {
	tests := []struct {
		a    Packet
		want []byte // struct sockaddr_ll, 20 bytes
	}{
		{Packet{}, append(le16(nil, unix.AF_PACKET), make([]byte, 18)...)},
		{Packet{Ifindex: 1, Protocol: 0x88b5},
			append(append(le16(nil, unix.AF_PACKET), 0x88, 0xb5), append(le32(nil, 1), make([]byte, 12)...)...)},
		{Packet{Ifindex: 7, Protocol: 0x0800, Pkttype: unix.PACKET_OUTGOING, Hatype: 1, Halen: 6, Addr: [8]byte{1, 2, 3, 4, 5, 6}},
			append(append(append(le16(nil, unix.AF_PACKET), 0x08, 0x00), le16(le32(nil, 7), 1)...), 4, 6, 1, 2, 3, 4, 5, 6, 0, 0)},
		{Packet{Ifindex: -1, Protocol: 0xffff, Pkttype: 0xff, Hatype: 0xffff, Halen: 8, Addr: [8]byte{9, 9, 9, 9, 9, 9, 9, 9}},
			append(append(append(le16(nil, unix.AF_PACKET), 0xff, 0xff), le16(le32(nil, 0xffffffff), 0xffff)...), 0xff, 8, 9, 9, 9, 9, 9, 9, 9, 9)},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.a), func(t *testing.T) {
			r := dirty()
			tt.a.Put(r)
			if r.Len != unix.SizeofSockaddrLinklayer || r.Family() != unix.AF_PACKET {
				t.Fatalf("len %d family %d", r.Len, r.Family())
			}
			if b := r.bytes(); !bytes.Equal(b[:20], tt.want) {
				t.Errorf("sockaddr_ll bytes % x, want % x", b[:20], tt.want)
			}
			var got Packet
			got.Get(r)
			if got != tt.a {
				t.Errorf("round trip %+v, want %+v", got, tt.a)
			}
		})
	}
	// The kernel's sll_halen beyond the 8 bytes of sll_addr is capped.
	r := dirty()
	(&Packet{Halen: 8}).Put(r)
	r.bytes()[11] = 20
	var got Packet
	got.Get(r)
	if got.Halen != 8 {
		t.Errorf("halen %d, want 8", got.Halen)
	}
}

func TestTipcCodec(t *testing.T) {
	tests := []struct {
		a    Tipc
		want []byte // the 12-byte union after family, addrtype, scope
		back Tipc
	}{
		{Tipc{Addrtype: unix.TIPC_ADDR_NAMESEQ, Scope: 2, V1: 1, V2: 2, V3: 3},
			le32(le32(le32(nil, 1), 2), 3), Tipc{Addrtype: unix.TIPC_ADDR_NAMESEQ, Scope: 2, V1: 1, V2: 2, V3: 3}},
		{Tipc{Addrtype: unix.TIPC_ADDR_NAME, Scope: 3, V1: 0xdeadbeef, V2: 5, V3: 99},
			le32(le32(le32(nil, 0xdeadbeef), 5), 0), Tipc{Addrtype: unix.TIPC_ADDR_NAME, Scope: 3, V1: 0xdeadbeef, V2: 5, V3: 5}},
		{Tipc{Addrtype: unix.TIPC_ADDR_ID, Scope: -1, V1: 0x01001001, V2: 77, V3: 99},
			le32(le32(le32(nil, 77), 0x01001001), 0), Tipc{Addrtype: unix.TIPC_ADDR_ID, Scope: -1, V1: 0x01001001, V2: 77}},
		{Tipc{Addrtype: 9, V1: 1, V2: 2, V3: 3}, make([]byte, 12), Tipc{Addrtype: 9}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.a), func(t *testing.T) {
			r := dirty()
			tt.a.Put(r)
			if r.Len != unix.SizeofSockaddrTIPC || r.Family() != unix.AF_TIPC {
				t.Fatalf("len %d family %d", r.Len, r.Family())
			}
			want := append(le16(nil, unix.AF_TIPC), tt.a.Addrtype, byte(tt.a.Scope))
			want = append(want, tt.want...)
			if b := r.bytes(); !bytes.Equal(b[:16], want) {
				t.Errorf("sockaddr_tipc bytes % x, want % x", b[:16], want)
			}
			var got Tipc
			got.Get(r)
			if got != tt.back {
				t.Errorf("decoded %+v, want %+v", got, tt.back)
			}
		})
	}
}

func TestCANCodec(t *testing.T) {
	tests := []struct {
		a     CAN
		union []byte
	}{
		{CAN{Ifindex: 3}, make([]byte, 16)},
		{CAN{Ifindex: 3, RxID: 1, TxID: 2, Name: 5}, make([]byte, 16)}, // plain: the union stays zero
		{CAN{Ifindex: 4, Form: CANISOTP, RxID: 0x123, TxID: 0x80000456}, append(le32(le32(nil, 0x123), 0x80000456), make([]byte, 8)...)},
		{CAN{Ifindex: 5, Form: CANJ1939, Name: 0x0102030405060708, PGN: 0x3ffff, Addr: 0xfe},
			append(le32(le64(nil, 0x0102030405060708), 0x3ffff), 0xfe, 0, 0, 0)},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.a), func(t *testing.T) {
			r := dirty()
			tt.a.Put(r)
			if r.Len != unix.SizeofSockaddrCAN || r.Family() != unix.AF_CAN {
				t.Fatalf("len %d family %d", r.Len, r.Family())
			}
			want := append(append(le16(nil, unix.AF_CAN), 0, 0), le32(nil, uint32(tt.a.Ifindex))...)
			want = append(want, tt.union...)
			if b := r.bytes(); !bytes.Equal(b[:24], want) {
				t.Errorf("sockaddr_can bytes % x, want % x", b[:24], want)
			}
			var got CAN
			got.Get(r)
			switch {
			case got.Ifindex != tt.a.Ifindex:
				t.Errorf("ifindex %d", got.Ifindex)
			case tt.a.Form == CANISOTP && (got.RxID != tt.a.RxID || got.TxID != tt.a.TxID):
				t.Errorf("isotp %+v", got)
			case tt.a.Form == CANJ1939 && (got.Name != tt.a.Name || got.PGN != tt.a.PGN || got.Addr != tt.a.Addr):
				t.Errorf("j1939 %+v", got)
			}
		})
	}
}

func TestAlgCodec(t *testing.T) {
	tests := []struct {
		typ, name  string
		feat, mask uint32
		wantType   string
	}{
		{"hash", "sha256", 0, 0, "hash"},
		{"skcipher", "cbc(aes)", 1, 0xffffffff, "skcipher"},
		{"aead\x00junk", "gcm(aes)", 0, 0, "aead"}, // strncpy stops at the NUL
		{"1234567890123", string(bytes.Repeat([]byte{'n'}, 63)), 7, 8, "1234567890123"},
	}
	for _, tt := range tests {
		t.Run(tt.typ, func(t *testing.T) {
			var a Alg
			a.SetType([]byte(tt.typ))
			a.SetName([]byte(tt.name))
			a.Feat, a.Mask = tt.feat, tt.mask
			r := dirty()
			a.Put(r)
			if r.Len != unix.SizeofSockaddrALG || r.Family() != unix.AF_ALG {
				t.Fatalf("len %d family %d", r.Len, r.Family())
			}
			want := le16(nil, unix.AF_ALG)
			want = append(want, append([]byte(tt.wantType), make([]byte, 14-len(tt.wantType))...)...)
			want = le32(le32(want, tt.feat), tt.mask)
			want = append(want, append([]byte(tt.name), make([]byte, 64-len(tt.name))...)...)
			if b := r.bytes(); !bytes.Equal(b[:88], want) {
				t.Errorf("sockaddr_alg bytes % x, want % x", b[:88], want)
			}
			var got Alg
			got.Get(r)
			if got != a || got.TypeLen() != len(tt.wantType) || got.NameLen() != len(tt.name) {
				t.Errorf("round trip %+v", got)
			}
		})
	}
}

func TestQipcrtrCodec(t *testing.T) {
	for _, a := range []Qipcrtr{{}, {Node: 1, Port: 2}, {Node: 0xffffffff, Port: 0xfffffffe}} {
		r := dirty()
		a.Put(r)
		want := le32(le32(append(le16(nil, unix.AF_QIPCRTR), 0, 0), a.Node), a.Port)
		if b := r.bytes(); r.Len != 12 || !bytes.Equal(b[:12], want) {
			t.Errorf("%+v: len %d bytes % x, want % x", a, r.Len, b[:12], want)
		}
		var got Qipcrtr
		got.Get(r)
		if got != a {
			t.Errorf("round trip %+v, want %+v", got, a)
		}
	}
}

// TestIfIndexOn looks lo up through an ioctl on a socket, as getsockaddrarg
// does, both ways; a name of 16 bytes or more asks for its first 15.
func TestIfIndexOn(t *testing.T) {
	fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(fd)
	lo := int32(IfNameToIndex([]byte("lo")))
	if lo == 0 {
		t.Skip("no lo")
	}
	tests := []struct {
		name string
		idx  int32
		err  error
	}{
		{"lo", lo, nil},
		{"lo\x00x", lo, nil},
		{"", 0, unix.ENODEV},
		{"no-such-if0", 0, unix.ENODEV},
		{"lo" + string(bytes.Repeat([]byte{' '}, 20)), 0, unix.ENODEV},
	}
	for _, tt := range tests {
		idx, err := IfIndexOn(fd, []byte(tt.name))
		if idx != tt.idx || err != tt.err {
			t.Errorf("IfIndexOn(%q) = %d, %v; want %d, %v", tt.name, idx, err, tt.idx, tt.err)
		}
	}
	if _, err := IfIndexOn(-1, []byte("lo")); err != unix.EBADF {
		t.Errorf("closed fd: %v", err)
	}
	name := make([]byte, 16)
	if n := IfNameOn(fd, lo, name); string(name[:n]) != "lo" || name[n] != 0 {
		t.Errorf("IfNameOn(%d) = %q", lo, name[:n])
	}
	for _, idx := range []int32{0, 0x7fffffff} {
		if n := IfNameOn(fd, idx, name); n != 0 || name[0] != 0 {
			t.Errorf("IfNameOn(%d) = %q", idx, name[:n])
		}
	}
}

// TestPacketKernelRoundTrip binds an AF_PACKET socket to lo (root only)
// and reads the address back through the decoder.
func TestPacketKernelRoundTrip(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("AF_PACKET needs root")
	}
	fd, err := unix.Socket(unix.AF_PACKET, unix.SOCK_RAW|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Skipf("no AF_PACKET: %v", err)
	}
	defer unix.Close(fd)
	lo, err := IfIndexOn(fd, []byte("lo"))
	if err != nil {
		t.Fatal(err)
	}
	r := new(Raw)
	(&Packet{Ifindex: lo, Protocol: 0x88b5}).Put(r)
	if err := Bind(fd, r); err != nil {
		t.Fatal(err)
	}
	if err := Getsockname(fd, r); err != nil {
		t.Fatal(err)
	}
	var got Packet
	got.Get(r)
	// lo is ARPHRD_LOOPBACK (772) with a 6-byte all-zero address.
	want := Packet{Ifindex: lo, Protocol: 0x88b5, Hatype: unix.ARPHRD_LOOPBACK, Halen: 6}
	if got != want {
		t.Errorf("getsockname %+v, want %+v", got, want)
	}
}

func TestBluetoothCodec(t *testing.T) {
	bd := [6]byte{0x66, 0x55, 0x44, 0x33, 0x22, 0x11} // 11:22:33:44:55:66
	fam := func() []byte { return le16(nil, unix.AF_BLUETOOTH) }
	tests := []struct {
		a    Bluetooth
		want []byte
	}{
		{Bluetooth{Proto: BTProtoL2CAP, Bdaddr: bd, PSM: 0x1001, CID: 0x40, BdaddrType: 1},
			append(append(le16(fam(), 0x1001), bd[:]...), append(le16(nil, 0x40), 1, 0)...)},
		{Bluetooth{Proto: BTProtoL2CAP, Bdaddr: bd, PSM: 1},
			append(append(le16(fam(), 1), bd[:]...), 0, 0, 0, 0)},
		{Bluetooth{Proto: BTProtoRFCOMM, Bdaddr: bd, Channel: 30}, append(append(fam(), bd[:]...), 30, 0)},
		{Bluetooth{Proto: BTProtoHCI, Dev: 3, Channel: 1}, le16(le16(fam(), 3), 1)},
		{Bluetooth{Proto: BTProtoSCO, Bdaddr: bd}, append(fam(), bd[:]...)},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.a), func(t *testing.T) {
			r := dirty()
			tt.a.Put(r)
			if int(r.Len) != len(tt.want) || r.Family() != unix.AF_BLUETOOTH {
				t.Fatalf("len %d family %d", r.Len, r.Family())
			}
			if b := r.bytes(); !bytes.Equal(b[:r.Len], tt.want) {
				t.Errorf("bytes % x, want % x", b[:r.Len], tt.want)
			}
			got := Bluetooth{Proto: tt.a.Proto}
			got.Get(r)
			if got != tt.a {
				t.Errorf("round trip %+v, want %+v", got, tt.a)
			}
		})
	}
	r := dirty()
	(&Bluetooth{Proto: 9}).Put(r)
	if r.Len != 0 {
		t.Errorf("unknown protocol encoded %d bytes", r.Len)
	}
}

// TestFamilyPathsAllocateNothing holds the per-operation rule for what a
// bind, connect, sendto or receive on these families runs in Go: the
// interface ioctls (an unknown name too) and every codec both ways.
func TestFamilyPathsAllocateNothing(t *testing.T) {
	fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(fd)
	lo, nosuch := []byte("lo"), []byte("nosuch0")
	name := make([]byte, 16)
	r := new(Raw)
	var alg Alg
	alg.SetType([]byte("hash"))
	alg.SetName([]byte("sha256"))
	ops := map[string]func(){
		"IfIndexOn": func() { IfIndexOn(fd, lo) },
		"IfIndexOn unknown": func() {
			if _, err := IfIndexOn(fd, nosuch); err != unix.ENODEV {
				t.Fatal(err)
			}
		},
		"IfNameOn": func() { IfNameOn(fd, 1, name) },
		"Packet":   func() { p := Packet{Ifindex: 1, Protocol: 0x88b5, Halen: 6}; p.Put(r); p.Get(r) },
		"Tipc":     func() { a := Tipc{Addrtype: unix.TIPC_ADDR_NAME, V1: 1}; a.Put(r); a.Get(r) },
		"CAN":      func() { a := CAN{Ifindex: 1, Form: CANJ1939, Name: 1}; a.Put(r); a.Get(r) },
		"Alg":      func() { a := alg; a.Put(r); a.Get(r) },
		"Qipcrtr":  func() { a := Qipcrtr{Node: 1, Port: 2}; a.Put(r); a.Get(r) },
		"Bluetooth": func() {
			a := Bluetooth{Proto: BTProtoL2CAP, PSM: 1}
			a.Put(r)
			a.Get(r)
		},
	}
	for name, op := range ops {
		if n := testing.AllocsPerRun(50, op); n != 0 {
			t.Errorf("%s: %v allocations per run", name, n)
		}
	}
}
