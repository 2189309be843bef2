package core

import (
	"bytes"
	"os"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// tempFile returns the descriptor of a temporary file holding data, its
// position at 0, closed when the test ends.
func tempFile(t testing.TB, data []byte) int {
	t.Helper()
	f, err := os.CreateTemp(t.TempDir(), "sendfile")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	if _, err := f.Write(data); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Seek(0, 0); err != nil {
		t.Fatal(err)
	}
	return int(f.Fd())
}

// TestSendFile sends part of a file over a socketpair with SendFile: the
// bytes from the offset arrive, the offset advances, the file's own position
// does not move and the socket's O_NONBLOCK is as it was; the end of the
// file gives 0.
func TestSendFile(t *testing.T) {
	data := bytes.Repeat([]byte("0123456789abcdef"), 1024)
	in := tempFile(t, data)
	for _, mode := range []struct {
		name     string
		nonblock bool // the socket's own mode
		arg      bool // SendFile's nonblock argument
	}{
		{"blocking+nonblock", false, true},
		{"nonblocking", true, false},
		{"blocking", false, false},
	} {
		t.Run(mode.name, func(t *testing.T) {
			a, b := pair(t, unix.SOCK_STREAM, mode.nonblock)
			off := new(int64)
			*off = 100
			n, err := SendFile(a, in, off, 1000, mode.arg)
			if err != nil || n != 1000 || *off != 1100 {
				t.Fatalf("SendFile = (%d, %v), offset %d", n, err, *off)
			}
			if nonblocking(t, a) != mode.nonblock {
				t.Errorf("O_NONBLOCK is %v after SendFile", !mode.nonblock)
			}
			buf := make([]byte, 2000)
			got := 0
			for got < 1000 {
				k, err := Recv(b, ptr(buf[got:]), len(buf)-got, unix.MSG_DONTWAIT)
				if err == unix.EAGAIN {
					waitReady(t, b, unix.POLLIN)
					continue
				}
				if err != nil {
					t.Fatal(err)
				}
				got += k
			}
			if !bytes.Equal(buf[:got], data[100:1100]) {
				t.Fatalf("received %q", buf[:got])
			}
			if pos, err := unix.Seek(in, 0, 1); pos != 0 || err != nil {
				t.Fatalf("file position moved to %d (%v)", pos, err)
			}
			*off = int64(len(data))
			if n, err := SendFile(a, in, off, 10, mode.arg); n != 0 || err != nil {
				t.Fatalf("SendFile at EOF = (%d, %v)", n, err)
			}
		})
	}
}

// TestSendFileFullBuffer: on a full socket buffer SendFile comes back at
// once with EAGAIN, on a blocking socket with nonblock set (which it leaves
// blocking) and on a non-blocking one, and nothing of the file is consumed;
// bad descriptors are errnos.
func TestSendFileFullBuffer(t *testing.T) {
	in := tempFile(t, make([]byte, 4096))
	for _, mode := range []struct {
		name     string
		nonblock bool
		arg      bool
	}{{"blocking+nonblock", false, true}, {"nonblocking", true, false}} {
		t.Run(mode.name, func(t *testing.T) {
			a, _ := pair(t, unix.SOCK_STREAM, mode.nonblock)
			fillSendBuffer(t, a)
			off := new(int64)
			start := time.Now()
			if _, err := SendFile(a, in, off, 4096, mode.arg); err != unix.EAGAIN {
				t.Fatalf("err = %v, want EAGAIN", err)
			}
			if el := time.Since(start); el > 500*time.Millisecond {
				t.Errorf("SendFile took %v", el)
			}
			if *off != 0 {
				t.Errorf("offset moved to %d", *off)
			}
			if nonblocking(t, a) != mode.nonblock {
				t.Errorf("O_NONBLOCK is %v after SendFile", !mode.nonblock)
			}
			if _, err := SendFile(a, -1, off, 10, mode.arg); err != unix.EBADF {
				t.Errorf("bad input fd: err = %v, want EBADF", err)
			}
			if nonblocking(t, a) != mode.nonblock {
				t.Errorf("O_NONBLOCK is %v after a failed SendFile", !mode.nonblock)
			}
		})
	}
	for _, arg := range []bool{true, false} {
		if _, err := SendFile(-1, in, new(int64), 10, arg); err != unix.EBADF {
			t.Errorf("bad socket (nonblock=%v): err = %v, want EBADF", arg, err)
		}
	}
}

// TestInheritable flips FD_CLOEXEC both ways.
func TestInheritable(t *testing.T) {
	fd := newSocket(t, unix.AF_INET, unix.SOCK_STREAM, 0, false)
	if v, err := Inheritable(fd); err != nil || v {
		t.Fatalf("Inheritable = (%v, %v), want false", v, err)
	}
	for _, want := range []bool{true, true, false} {
		if err := SetInheritable(fd, want); err != nil {
			t.Fatal(err)
		}
		if v, err := Inheritable(fd); err != nil || v != want {
			t.Fatalf("Inheritable = (%v, %v), want %v", v, err, want)
		}
	}
	if _, err := Inheritable(-1); err != unix.EBADF {
		t.Fatalf("Inheritable(-1): %v", err)
	}
	if err := SetInheritable(-1, true); err != unix.EBADF {
		t.Fatalf("SetInheritable(-1): %v", err)
	}
}
