package core

import (
	"encoding/binary"
	"net"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

type iface struct {
	Index uint32
	Name  string
}

func listIfaces(t *testing.T) []iface {
	t.Helper()
	var got []iface
	if err := IfNameIndex(func(index uint32, name []byte) {
		got = append(got, iface{index, string(name)})
	}); err != nil {
		t.Fatalf("IfNameIndex: %v", err)
	}
	return got
}

// TestIfNameIndexMatchesNet compares the list with the standard library's
// net.Interfaces, which reads the same RTM_GETLINK dump.
func TestIfNameIndexMatchesNet(t *testing.T) {
	got := listIfaces(t)
	if len(got) == 0 {
		t.Fatal("no interfaces (not even lo)")
	}
	ifs, err := net.Interfaces()
	if err != nil {
		t.Skipf("net.Interfaces: %v", err)
	}
	want := make([]iface, 0, len(ifs))
	for _, i := range ifs {
		want = append(want, iface{uint32(i.Index), i.Name})
	}
	if len(got) != len(want) {
		t.Fatalf("IfNameIndex %v, net.Interfaces %v", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("entry %d: %v, net.Interfaces has %v", i, got[i], want[i])
		}
	}
}

func TestIfNameIndexRoundTrip(t *testing.T) {
	for _, i := range listIfaces(t) {
		if i.Index == 0 || i.Name == "" {
			t.Errorf("entry %v", i)
		}
		if got := IfNameToIndex([]byte(i.Name)); got != i.Index {
			t.Errorf("IfNameToIndex(%q) = %d, want %d", i.Name, got, i.Index)
		}
		buf := make([]byte, unix.IFNAMSIZ)
		n, err := IfIndexToName(i.Index, buf)
		if err != nil || string(buf[:n]) != i.Name || buf[n] != 0 {
			t.Errorf("IfIndexToName(%d) = %q, %v; want %q", i.Index, buf[:n], err, i.Name)
		}
	}
}

func TestIfNameToIndexMisses(t *testing.T) {
	for _, name := range []string{"", "_DEADBEEF", "0123456789abcdef", "a-name-much-longer-than-ifnamsiz"} {
		if got := IfNameToIndex([]byte(name)); got != 0 {
			t.Errorf("IfNameToIndex(%q) = %d, want 0", name, got)
		}
	}
}

func TestIfIndexToNameMisses(t *testing.T) {
	known := map[uint32]bool{}
	for _, i := range listIfaces(t) {
		known[i.Index] = true
	}
	for _, index := range []uint32{0, 1 << 31, 0xffffffff, 99999} {
		if known[index] {
			continue
		}
		buf := make([]byte, unix.IFNAMSIZ)
		if _, err := IfIndexToName(index, buf); err != unix.ENXIO {
			t.Errorf("IfIndexToName(%d): %v, want ENXIO", index, err)
		}
	}
}

func TestIfIndexToNameTruncates(t *testing.T) {
	buf := []byte{0xff, 0xff}
	n, err := IfIndexToName(uint32(listIfaces(t)[0].Index), buf)
	if err != nil || n != 1 || buf[1] != 0 {
		t.Errorf("into 2 bytes: n %d, bytes % x, %v", n, buf, err)
	}
}

// nlmsg builds one netlink message: header then body, padded to 4 bytes.
func nlmsg(typ uint16, pid, seq uint32, body []byte) []byte {
	b := make([]byte, unix.NLMSG_HDRLEN, nlmAlign(unix.NLMSG_HDRLEN+len(body)))
	*(*unix.NlMsghdr)(unsafe.Pointer(&b[0])) = unix.NlMsghdr{Len: uint32(unix.NLMSG_HDRLEN + len(body)), Type: typ, Seq: seq, Pid: pid}
	b = append(b, body...)
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	return b
}

// link builds an RTM_NEWLINK body for index with the given attributes.
func link(index int32, attrs ...[]byte) []byte {
	b := make([]byte, unix.SizeofIfInfomsg)
	(*unix.IfInfomsg)(unsafe.Pointer(&b[0])).Index = index
	for _, a := range attrs {
		b = append(b, a...)
	}
	return b
}

// rtattr builds one attribute, padded.
func rtattr(typ uint16, v []byte) []byte {
	b := binary.NativeEndian.AppendUint16(nil, uint16(unix.SizeofRtAttr+len(v)))
	b = binary.NativeEndian.AppendUint16(b, typ)
	b = append(b, v...)
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	return b
}

func nlerr(e int32) []byte {
	b := binary.NativeEndian.AppendUint32(nil, uint32(e))
	return append(b, make([]byte, unix.SizeofNlMsghdr)...)
}

func cat(parts ...[]byte) []byte {
	var b []byte
	for _, p := range parts {
		b = append(b, p...)
	}
	return b
}

func TestIfaceMessages(t *testing.T) {
	const pid, seq = 77, 1
	name := func(s string) []byte { return rtattr(unix.IFLA_IFNAME, append([]byte(s), 0)) }
	other := rtattr(unix.IFLA_MTU, []byte{0, 5, 0, 0})
	tests := []struct {
		name string
		in   []byte
		want []iface
		done bool
		err  error
	}{
		{"two-links", cat(nlmsg(unix.RTM_NEWLINK, pid, seq, link(1, name("lo"))), nlmsg(unix.RTM_NEWLINK, pid, seq, link(2, other, name("eth0"), other))),
			[]iface{{1, "lo"}, {2, "eth0"}}, false, nil},
		{"done", cat(nlmsg(unix.RTM_NEWLINK, pid, seq, link(3, name("x"))), nlmsg(unix.NLMSG_DONE, pid, seq, []byte{0, 0, 0, 0}), nlmsg(unix.RTM_NEWLINK, pid, seq, link(4, name("after")))),
			[]iface{{3, "x"}}, true, nil},
		{"error", nlmsg(unix.NLMSG_ERROR, pid, seq, nlerr(-int32(unix.EPERM))), nil, true, unix.EPERM},
		{"short-error", nlmsg(unix.NLMSG_ERROR, pid, seq, []byte{1, 2}), nil, true, unix.EIO},
		{"foreign-pid-and-seq-skipped", cat(nlmsg(unix.NLMSG_DONE, pid+1, seq, nil), nlmsg(unix.RTM_NEWLINK, pid, seq+1, link(5, name("no"))), nlmsg(unix.RTM_NEWLINK, pid, seq, link(6, name("yes")))),
			[]iface{{6, "yes"}}, false, nil},
		{"no-name", nlmsg(unix.RTM_NEWLINK, pid, seq, link(7, other)), []iface{{7, ""}}, false, nil},
		{"name-without-NUL", nlmsg(unix.RTM_NEWLINK, pid, seq, link(8, rtattr(unix.IFLA_IFNAME, []byte("abc")))), []iface{{8, "abc"}}, false, nil},
		{"other-message-types", nlmsg(unix.RTM_NEWADDR, pid, seq, link(9, name("addr"))), nil, false, nil},
		{"short-body", nlmsg(unix.RTM_NEWLINK, pid, seq, []byte{1, 2, 3, 4}), nil, false, nil},
		{"truncated-header", []byte{1, 2, 3}, nil, false, nil},
		{"length-beyond-datagram", nlmsg(unix.RTM_NEWLINK, pid, seq, link(10, name("x")))[:20], nil, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []iface
			done, err := ifaceMessages(tt.in, pid, seq, func(index uint32, name []byte) {
				got = append(got, iface{index, string(name)})
			})
			if done != tt.done || err != tt.err {
				t.Errorf("done %v err %v, want %v %v", done, err, tt.done, tt.err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("got %v, want %v", got, tt.want)
				}
			}
		})
	}
}

// TestIfaceLookupsAllocate checks that the by-name and by-index lookups
// allocate nothing on the Go heap: their scratch ifreq lives on the stack.
func TestIfaceLookupsAllocate(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	name := []byte("lo")
	buf := make([]byte, unix.IFNAMSIZ)
	if n := testing.AllocsPerRun(50, func() { IfNameToIndex(name) }); n != 0 {
		t.Errorf("IfNameToIndex: %v allocations", n)
	}
	if n := testing.AllocsPerRun(50, func() { IfIndexToName(1, buf) }); n != 0 {
		t.Errorf("IfIndexToName: %v allocations", n)
	}
}
