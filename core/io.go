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
// non-blocking for the one connect(2) and blocking again right after, so the
// call cannot wait: the kernel goes on connecting and EINPROGRESS comes
// back, for the binding to wait for POLLOUT and then ask ConnectResult, as
// CPython's internal_connect does after EINTR. Users never see the flag
// change: it is restored before Connect returns.
func Connect(fd int, to *Raw, nonblock bool) error {
	if nonblock {
		if err := SetNonblock(fd, true); err != nil {
			return err
		}
	}
	_, e := sysConnect(fd, to.ptr(), to.Len)
	if nonblock {
		if err := SetNonblock(fd, false); err != nil && e == 0 {
			return err
		}
	}
	return errno(e)
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
