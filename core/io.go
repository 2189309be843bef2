package core

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// Buffers passed to these functions are C memory or Go heap memory that the
// caller keeps alive for the call; nothing here keeps a pointer afterwards.

// Recv receives into buf[:n] (recv/recv_into): one attempt (see once).
func Recv(fd int, buf unsafe.Pointer, n, flags int) (int, error) {
	return once(sysRecvfrom(fd, buf, n, flags, nil, nil))
}

// RecvFrom receives into buf[:n] and stores the sender's address in from
// (recvfrom/recvfrom_into). from.Len is 0 when the kernel reported none.
func RecvFrom(fd int, buf unsafe.Pointer, n, flags int, from *Raw) (int, error) {
	from.reset()
	return once(sysRecvfrom(fd, buf, n, flags, from.ptr(), from.lenPtr()))
}

// Send sends buf[:n] and returns how much the kernel took (send).
func Send(fd int, buf unsafe.Pointer, n, flags int) (int, error) {
	return once(sysSendto(fd, buf, n, flags, nil, 0))
}

// SendTo sends buf[:n] to the address in to (sendto).
func SendTo(fd int, buf unsafe.Pointer, n, flags int, to *Raw) (int, error) {
	return once(sysSendto(fd, buf, n, flags, to.ptr(), to.Len))
}

// Accept accepts a connection, storing the peer's address in from. The
// binding calls it on a blocking listening socket only once poll has said a
// connection is waiting.
func Accept(fd int, from *Raw, cloexec bool) (int, error) {
	flags := 0
	if cloexec {
		flags = unix.SOCK_CLOEXEC
	}
	from.reset()
	return once(sysAccept4(fd, from.ptr(), from.lenPtr(), flags))
}

// Connect starts connecting fd to the address in to. With nonblock set (a
// blocking socket: CPython's blocking connect) the descriptor is made
// non-blocking for the one connect(2) and given its flags back right after
// (nonblockFor), so the call cannot wait: the kernel goes on connecting and
// EINPROGRESS comes back, for the binding to wait for POLLOUT and then ask
// ConnectResult, as CPython's internal_connect does after EINTR.
func Connect(fd int, to *Raw, nonblock bool) error {
	fl := -1
	if nonblock {
		var err error
		if fl, err = nonblockFor(fd); err != nil {
			return err
		}
	}
	_, e := sysConnect(fd, to.ptr(), to.Len)
	restoreFlags(fd, fl)
	return errno(e)
}

// nonblockFor sets O_NONBLOCK on fd for one call and returns the flags to
// give back with restoreFlags. The flag belongs to the open file, so it is
// visible meanwhile to its other descriptors; the window is one system
// call long.
func nonblockFor(fd int) (int, error) {
	fl, _, e := unix.Syscall(unix.SYS_FCNTL, uintptr(fd), unix.F_GETFL, 0)
	if e != 0 {
		return -1, e
	}
	if fl&unix.O_NONBLOCK != 0 {
		return -1, nil // non-blocking already: nothing to give back
	}
	if _, _, e = unix.Syscall(unix.SYS_FCNTL, uintptr(fd), unix.F_SETFL, fl|unix.O_NONBLOCK); e != 0 {
		return -1, e
	}
	return int(fl), nil
}

// restoreFlags gives fd back the flags nonblockFor saved (none when fl is
// negative). A failure (the descriptor closed meanwhile) leaves the error
// to the descriptor's next call.
func restoreFlags(fd, fl int) {
	if fl >= 0 {
		unix.Syscall(unix.SYS_FCNTL, uintptr(fd), unix.F_SETFL, uintptr(fl))
	}
}

// ConnectResult returns the outcome of a connect that went on in the
// background (SO_ERROR), once poll has said the socket is writable.
func ConnectResult(fd int) error {
	v, e := sysSoError(fd)
	if e != 0 {
		return e
	}
	return errno(unix.Errno(v))
}

// SendMsg sends the message described by msg (a struct msghdr in C memory).
func SendMsg(fd int, msg unsafe.Pointer, flags int) (int, error) {
	return once(sysSendmsg(fd, msg, flags))
}

// RecvMsg receives into the message described by msg (a struct msghdr in C
// memory, whose msg_namelen and msg_controllen the caller sets before each
// call).
func RecvMsg(fd int, msg unsafe.Pointer, flags int) (int, error) {
	return once(sysRecvmsg(fd, msg, flags))
}
