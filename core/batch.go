package core

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// MaxBatch is the most messages one sendmmsg/recvmmsg call handles: the
// kernel's UIO_MAXIOV, which it silently caps vlen at.
const MaxBatch = 1024

// The batch datagram calls, behind variables like sys.go's so tests can
// inject errnos. vec is an array of n struct mmsghdr in C memory.
var (
	sysSendmmsg = func(fd int, vec unsafe.Pointer, n, flags int) (int, unix.Errno) {
		r, _, e := unix.Syscall6(unix.SYS_SENDMMSG, uintptr(fd), uintptr(vec), uintptr(n), uintptr(flags), 0, 0)
		return int(r), e
	}
	sysRecvmmsg = func(fd int, vec unsafe.Pointer, n, flags int) (int, unix.Errno) {
		r, _, e := unix.Syscall6(unix.SYS_RECVMMSG, uintptr(fd), uintptr(vec), uintptr(n), uintptr(flags), 0, 0)
		return int(r), e
	}
)

// SendMmsg sends the n messages of vec (struct mmsghdr[n], each msg_len
// filled in by the kernel) with one sendmmsg call per try and returns how
// many were sent. Like Send it goes through the retry loop: a socket with a
// deadline waits for POLLOUT after EAGAIN; the kernel reports an error only
// when it sent nothing.
func SendMmsg(fd int, vec unsafe.Pointer, n, flags int, dl Deadline) (int, error) {
	return run(fd, unix.POLLOUT, dl, func() (int, unix.Errno) {
		return sysSendmmsg(fd, vec, n, flags)
	})
}

// RecvMmsg receives up to n datagrams into vec (struct mmsghdr[n] whose
// msg_namelen and msg_controllen the caller resets before each call) and
// returns how many arrived. MSG_WAITFORONE is added to flags, so a blocking
// socket returns as soon as one datagram is there instead of waiting for n.
func RecvMmsg(fd int, vec unsafe.Pointer, n, flags int, dl Deadline) (int, error) {
	return run(fd, unix.POLLIN, dl, func() (int, unix.Errno) {
		return sysRecvmmsg(fd, vec, n, flags|unix.MSG_WAITFORONE)
	})
}
