package core

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"testing"

	"golang.org/x/sys/unix"
)

func TestVsockCodec(t *testing.T) {
	tests := []Vsock{
		{},
		{CID: unix.VMADDR_CID_ANY, Port: unix.VMADDR_PORT_ANY},
		{CID: unix.VMADDR_CID_HOST, Port: 1234},
		{CID: 0x01020304, Port: 0x0a0b0c0d},
	}
	for _, a := range tests {
		t.Run(fmt.Sprint(a), func(t *testing.T) {
			r := dirty()
			a.Put(r)
			b := r.bytes()
			if r.Len != unix.SizeofSockaddrVM || r.Family() != unix.AF_VSOCK {
				t.Fatalf("len %d family %d", r.Len, r.Family())
			}
			// struct sockaddr_vm: svm_family, svm_reserved1 (zero),
			// svm_port and svm_cid in host order, svm_flags and svm_zero
			// (zero): 16 bytes.
			want := binary.NativeEndian.AppendUint16(nil, unix.AF_VSOCK)
			want = append(want, 0, 0)
			want = binary.NativeEndian.AppendUint32(want, a.Port)
			want = binary.NativeEndian.AppendUint32(want, a.CID)
			want = append(want, 0, 0, 0, 0)
			if !bytes.Equal(b[:16], want) {
				t.Errorf("sockaddr_vm bytes % x, want % x", b[:16], want)
			}
			var got Vsock
			got.Get(r)
			if got != a {
				t.Errorf("round trip %v, want %v", got, a)
			}
		})
	}
}

// TestVsockKernelRoundTrip binds an AF_VSOCK socket where the kernel has
// the family (skipped elsewhere) and reads it back through core and
// x/sys/unix's own decoder.
func TestVsockKernelRoundTrip(t *testing.T) {
	fd, err := unix.Socket(unix.AF_VSOCK, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Skipf("no AF_VSOCK: %v", err)
	}
	t.Cleanup(func() { unix.Close(fd) })
	r := new(Raw)
	if err := Getsockname(fd, r); err != nil {
		t.Fatal(err)
	}
	var a Vsock
	a.Get(r)
	sa, err := unix.Getsockname(fd)
	if err != nil {
		t.Fatal(err)
	}
	s, ok := sa.(*unix.SockaddrVM)
	if !ok || r.Family() != unix.AF_VSOCK || r.Len != unix.SizeofSockaddrVM || s.CID != a.CID || s.Port != a.Port {
		t.Errorf("core %+v (len %d), x/sys/unix %#v", a, r.Len, sa)
	}
	// Binding (VMADDR_CID_ANY, VMADDR_PORT_ANY) needs a vsock transport;
	// where there is one, the kernel's answer decodes the same both ways.
	(&Vsock{CID: unix.VMADDR_CID_ANY, Port: unix.VMADDR_PORT_ANY}).Put(r)
	if err := Bind(fd, r); err != nil {
		t.Skipf("bind vsock: %v", err)
	}
	if err := Getsockname(fd, r); err != nil {
		t.Fatal(err)
	}
	a.Get(r)
	if sa, err = unix.Getsockname(fd); err != nil {
		t.Fatal(err)
	}
	if s, ok := sa.(*unix.SockaddrVM); !ok || s.CID != a.CID || s.Port != a.Port {
		t.Errorf("after bind: core %+v, x/sys/unix %#v", a, sa)
	}
}
