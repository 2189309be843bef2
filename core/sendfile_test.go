package core

import (
	"bytes"
	"os"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// TestSendFile sends part of a file over a socketpair with SendFile: the
// bytes from the offset arrive, the offset advances and the file's own
// position does not move; the end of the file gives 0.
func TestSendFile(t *testing.T) {
	data := bytes.Repeat([]byte("0123456789abcdef"), 1024)
	f, err := os.CreateTemp(t.TempDir(), "sendfile")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Write(data); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Seek(0, 0); err != nil {
		t.Fatal(err)
	}
	for _, dl := range []int{dlNone, dlFar} {
		a, b := pair(t, unix.SOCK_STREAM, dl != dlNone)
		off := new(int64)
		*off = 100
		n, err := SendFile(a, int(f.Fd()), off, 1000, makeDeadline(dl))
		if err != nil || n != 1000 || *off != 1100 {
			t.Fatalf("SendFile = (%d, %v), offset %d", n, err, *off)
		}
		buf := make([]byte, 2000)
		got := 0
		for got < 1000 {
			k, err := Recv(b, ptr(buf[got:]), len(buf)-got, 0, makeDeadline(dlFar))
			if err != nil {
				t.Fatal(err)
			}
			got += k
		}
		if !bytes.Equal(buf[:got], data[100:1100]) {
			t.Fatalf("received %q", buf[:got])
		}
		if pos, _ := f.Seek(0, 1); pos != 0 {
			t.Fatalf("file position moved to %d", pos)
		}
		*off = int64(len(data))
		if n, err := SendFile(a, int(f.Fd()), off, 10, makeDeadline(dl)); n != 0 || err != nil {
			t.Fatalf("SendFile at EOF = (%d, %v)", n, err)
		}
	}
}

// TestSendFileTimeout: a full socket buffer ends in ErrTimeout at the
// deadline; a bad input descriptor is an errno.
func TestSendFileTimeout(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "sendfile")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Write(make([]byte, 4096)); err != nil {
		t.Fatal(err)
	}
	a, _ := pair(t, unix.SOCK_STREAM, true)
	fillSendBuffer(t, a)
	off := new(int64)
	start := time.Now()
	if _, err := SendFile(a, int(f.Fd()), off, 4096, After(int64(50*time.Millisecond))); err != ErrTimeout {
		t.Fatalf("err = %v, want ErrTimeout", err)
	}
	if el := time.Since(start); el < 50*time.Millisecond || el > 5*time.Second {
		t.Errorf("timed out after %v", el)
	}
	if _, err := SendFile(a, -1, off, 10, makeDeadline(dlNone)); err != unix.EBADF {
		t.Fatalf("bad fd: err = %v, want EBADF", err)
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

// TestSendFileAllocs: SendFile and the inheritability calls allocate
// nothing on the Go heap (see alloc_test.go).
func TestSendFileAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	f, err := os.CreateTemp(t.TempDir(), "sendfile")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Write(make([]byte, 64)); err != nil {
		t.Fatal(err)
	}
	a, b := pair(t, unix.SOCK_STREAM, true)
	in := int(f.Fd())
	off := new(int64)
	buf := make([]byte, 64)
	allocs := testing.AllocsPerRun(allocRuns, func() {
		*off = 0
		_, err := SendFile(a, in, off, 64, After(1e9))
		check(t, "sendfile", err)
		_, err = Recv(b, ptr(buf), 64, 0, After(1e9))
		check(t, "recv", err)
		_, err = Inheritable(a)
		check(t, "inheritable", err)
		check(t, "set_inheritable", SetInheritable(a, false))
	})
	if allocs != 0 {
		t.Errorf("%v allocations per run, want 0", allocs)
	}
}
