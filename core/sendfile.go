package core

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// What socket.py adds to the socket class and the extension does natively:
// sendfile's zero-copy path and the descriptor's inheritability (PEP 446).

// sysSendfile is sendfile(2): up to n bytes of in, from *off (which the
// kernel advances; off points at C memory), to out.
var sysSendfile = func(out, in int, off unsafe.Pointer, n int) (int, unix.Errno) {
	r, _, e := unix.Syscall6(unix.SYS_SENDFILE, uintptr(out), uintptr(in), uintptr(off), uintptr(n), 0, 0)
	return int(r), e
}

// SendFile is one os.sendfile call of socket.sendfile's zero-copy loop:
// it sends up to n bytes of the file in from *offset to the socket out and
// advances *offset by the count sent, in one attempt (see once). With
// nonblock set (a blocking socket) the socket is non-blocking for that one
// call (nonblockFor), as in Connect, so a full send buffer says EAGAIN instead of waiting.
func SendFile(out, in int, offset *int64, n int, nonblock bool) (int, error) {
	fl := -1
	if nonblock {
		var err error
		if fl, err = nonblockFor(out); err != nil {
			return 0, err
		}
	}
	k, e := sysSendfile(out, in, unsafe.Pointer(offset), n)
	restoreFlags(out, fl)
	return once(k, e)
}

// Inheritable reports whether fd stays open across exec (FD_CLOEXEC clear),
// as os.get_inheritable.
func Inheritable(fd int) (bool, error) {
	fl, _, e := unix.Syscall(unix.SYS_FCNTL, uintptr(fd), unix.F_GETFD, 0)
	if e != 0 {
		return false, e
	}
	return fl&unix.FD_CLOEXEC == 0, nil
}

// SetInheritable sets or clears FD_CLOEXEC on fd, as os.set_inheritable.
func SetInheritable(fd int, inheritable bool) error {
	fl, _, e := unix.Syscall(unix.SYS_FCNTL, uintptr(fd), unix.F_GETFD, 0)
	if e != 0 {
		return e
	}
	nfl := fl | unix.FD_CLOEXEC
	if inheritable {
		nfl = fl &^ unix.FD_CLOEXEC
	}
	if nfl == fl {
		return nil
	}
	_, _, e = unix.Syscall(unix.SYS_FCNTL, uintptr(fd), unix.F_SETFD, nfl)
	return errno(e)
}
