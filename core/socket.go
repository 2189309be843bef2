package core

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// Socket creates a socket. With cloexec the descriptor is created
// non-inheritable (CPython 3.4+, PEP 446); Python 2.7 leaves it inheritable.
func Socket(family, typ, proto int, cloexec bool) (int, error) {
	if cloexec {
		typ |= unix.SOCK_CLOEXEC
	}
	fd, _, e := unix.Syscall(unix.SYS_SOCKET, uintptr(family), uintptr(typ), uintptr(proto))
	return int(fd), errno(e)
}

// Socketpair creates a connected pair of sockets into fds.
func Socketpair(family, typ, proto int, cloexec bool, fds *[2]int32) error {
	if cloexec {
		typ |= unix.SOCK_CLOEXEC
	}
	_, _, e := unix.Syscall6(unix.SYS_SOCKETPAIR, uintptr(family), uintptr(typ), uintptr(proto), uintptr(unsafe.Pointer(fds)), 0, 0)
	return errno(e)
}

// Close closes fd. The descriptor is released even when close reports an
// error; the caller decides which errors to report (CPython ignores
// ECONNRESET).
func Close(fd int) error {
	_, _, e := unix.Syscall(unix.SYS_CLOSE, uintptr(fd), 0, 0)
	return errno(e)
}

// Dup duplicates fd, non-inheritable when cloexec is set (socket.dup on 3.4+).
func Dup(fd int, cloexec bool) (int, error) {
	cmd := unix.F_DUPFD
	if cloexec {
		cmd = unix.F_DUPFD_CLOEXEC
	}
	r, _, e := unix.Syscall(unix.SYS_FCNTL, uintptr(fd), uintptr(cmd), 0)
	return int(r), errno(e)
}

// DupOnto makes newfd refer to oldfd's open file (dup3, close-on-exec set
// when cloexec), closing what newfd referred to in the same step. Used
// where a descriptor number others hold must start naming a new socket.
func DupOnto(oldfd, newfd int, cloexec bool) error {
	flags := 0
	if cloexec {
		flags = unix.O_CLOEXEC
	}
	_, _, e := unix.Syscall(unix.SYS_DUP3, uintptr(oldfd), uintptr(newfd), uintptr(flags))
	return errno(e)
}

// SetNonblock sets or clears O_NONBLOCK on fd. CPython keeps O_NONBLOCK set
// exactly when the socket's timeout is not None.
func SetNonblock(fd int, nonblock bool) error {
	fl, _, e := unix.Syscall(unix.SYS_FCNTL, uintptr(fd), unix.F_GETFL, 0)
	if e != 0 {
		return e
	}
	nfl := fl &^ unix.O_NONBLOCK
	if nonblock {
		nfl |= unix.O_NONBLOCK
	}
	if nfl == fl {
		return nil
	}
	_, _, e = unix.Syscall(unix.SYS_FCNTL, uintptr(fd), unix.F_SETFL, nfl)
	return errno(e)
}

// Info reads the family, type and protocol of an existing socket, for
// socket(fileno=...) on 3.7+.
func Info(fd int) (family, typ, proto int, err error) {
	if family, err = GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_DOMAIN); err != nil {
		return
	}
	if typ, err = GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_TYPE); err != nil {
		return
	}
	proto, err = GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_PROTOCOL)
	return
}

// Bind binds fd to the address in r.
func Bind(fd int, r *Raw) error {
	_, _, e := unix.Syscall(unix.SYS_BIND, uintptr(fd), uintptr(r.ptr()), uintptr(r.Len))
	return errno(e)
}

// Listen marks fd as accepting connections.
func Listen(fd, backlog int) error {
	_, _, e := unix.Syscall(unix.SYS_LISTEN, uintptr(fd), uintptr(backlog), 0)
	return errno(e)
}

// Shutdown shuts down one or both halves of the connection.
func Shutdown(fd, how int) error {
	_, _, e := unix.Syscall(unix.SYS_SHUTDOWN, uintptr(fd), uintptr(how), 0)
	return errno(e)
}

// Getsockname stores fd's local address in r.
func Getsockname(fd int, r *Raw) error {
	r.reset()
	_, _, e := unix.Syscall(unix.SYS_GETSOCKNAME, uintptr(fd), uintptr(r.ptr()), uintptr(r.lenPtr()))
	return errno(e)
}

// Getpeername stores the address of fd's peer in r.
func Getpeername(fd int, r *Raw) error {
	r.reset()
	_, _, e := unix.Syscall(unix.SYS_GETPEERNAME, uintptr(fd), uintptr(r.ptr()), uintptr(r.lenPtr()))
	return errno(e)
}
