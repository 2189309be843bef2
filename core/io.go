package core

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// Buffers passed to these functions are C memory or Go heap memory that the
// caller keeps alive for the call; nothing here keeps a pointer afterwards.

// Recv receives into buf[:n] (recv/recv_into).
func Recv(fd int, buf unsafe.Pointer, n, flags int, dl Deadline) (int, error) {
	return run(fd, unix.POLLIN, dl, func() (int, unix.Errno) {
		return sysRecvfrom(fd, buf, n, flags, nil, nil)
	})
}

// RecvFrom receives into buf[:n] and stores the sender's address in from
// (recvfrom/recvfrom_into). from.Len is 0 when the kernel reported none.
func RecvFrom(fd int, buf unsafe.Pointer, n, flags int, from *Raw, dl Deadline) (int, error) {
	return run(fd, unix.POLLIN, dl, func() (int, unix.Errno) {
		from.reset()
		return sysRecvfrom(fd, buf, n, flags, from.ptr(), from.lenPtr())
	})
}

// Send sends buf[:n] and returns how much the kernel took (send).
func Send(fd int, buf unsafe.Pointer, n, flags int, dl Deadline) (int, error) {
	return run(fd, unix.POLLOUT, dl, func() (int, unix.Errno) {
		return sysSendto(fd, buf, n, flags, nil, 0)
	})
}

// SendTo sends buf[:n] to the address in to (sendto).
func SendTo(fd int, buf unsafe.Pointer, n, flags int, to *Raw, dl Deadline) (int, error) {
	return run(fd, unix.POLLOUT, dl, func() (int, unix.Errno) {
		return sysSendto(fd, buf, n, flags, to.ptr(), to.Len)
	})
}

// SendAll sends buf[:n], as sendall does, and returns how much was sent.
// It returns early, so the caller can run signal handlers and continue from
// the returned count with the time left, at the first error (EINTR among
// them) and after a short write on a socket without a deadline: a blocking
// send interrupted by a signal reports the partial count, not EINTR. With
// a deadline the whole call shares it, as in CPython 3.5+. Empty data is
// still one send(2), as in CPython, so a closed or broken socket reports
// its error.
func SendAll(fd int, buf unsafe.Pointer, n, flags int, dl Deadline) (int, error) {
	sent := 0
	for {
		k, err := Send(fd, unsafe.Add(buf, sent), n-sent, flags, dl)
		if err != nil {
			return sent, err
		}
		sent += k
		if sent >= n || dl < 0 {
			return sent, nil
		}
	}
}

// Accept accepts a connection, storing the peer's address in from.
func Accept(fd int, from *Raw, cloexec bool, dl Deadline) (int, error) {
	flags := 0
	if cloexec {
		flags = unix.SOCK_CLOEXEC
	}
	return run(fd, unix.POLLIN, dl, func() (int, unix.Errno) {
		from.reset()
		return sysAccept4(fd, from.ptr(), from.lenPtr(), flags)
	})
}

// Connect connects fd to the address in to. On a socket with a deadline an
// EINPROGRESS connect is waited for until the deadline and its outcome read
// from SO_ERROR. EINTR is returned as is: the caller runs signal handlers
// and then calls ConnectWait, as CPython's internal_connect does, since the
// kernel goes on connecting in the background.
func Connect(fd int, to *Raw, dl Deadline) error {
	_, e := sysConnect(fd, to.ptr(), to.Len)
	if e == unix.EINPROGRESS && dl >= 0 {
		return ConnectWait(fd, dl)
	}
	return errno(e)
}

// ConnectWait waits until dl (forever if negative) for a pending connect on
// fd to finish and returns its outcome.
func ConnectWait(fd int, dl Deadline) error {
	if err := wait(fd, unix.POLLOUT, dl); err != nil {
		return err
	}
	v, e := sysSoError(fd)
	if e != 0 {
		return e
	}
	return errno(unix.Errno(v))
}

// SendMsg sends the message described by msg (a struct msghdr in C memory).
func SendMsg(fd int, msg unsafe.Pointer, flags int, dl Deadline) (int, error) {
	return run(fd, unix.POLLOUT, dl, func() (int, unix.Errno) {
		return sysSendmsg(fd, msg, flags)
	})
}

// RecvMsg receives into the message described by msg (a struct msghdr in C
// memory, whose msg_namelen and msg_controllen the caller sets before each
// call).
func RecvMsg(fd int, msg unsafe.Pointer, flags int, dl Deadline) (int, error) {
	return run(fd, unix.POLLIN, dl, func() (int, unix.Errno) {
		return sysRecvmsg(fd, msg, flags)
	})
}
