package core

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// The system calls the operations make (one attempt each, see once), behind variables so tests can
// inject errnos. A call that can block goes through unix.Syscall/Syscall6:
// the Go scheduler must know a thread is blocked in the kernel, or two blocked
// threads on two cores freeze every other thread's call into Go. A recvfrom
// or sendto with MSG_DONTWAIT cannot block (the binding's try-first attempt,
// made with the GIL held), so it goes through RawSyscall6, which skips the
// scheduler's entersyscall/exitsyscall pair; TestDesignRules allows
// RawSyscall only under a test of MSG_DONTWAIT.
//
// Pointer arguments must point at C memory or the Go heap, never at a Go
// stack local: calls through a variable make the pointee escape, and an
// escaping local would be a heap allocation on every operation. Helpers that
// need scratch space (SO_ERROR) take and return scalars instead.
var (
	sysRecvfrom = func(fd int, p unsafe.Pointer, n int, flags int, from unsafe.Pointer, fromlen unsafe.Pointer) (int, unix.Errno) {
		if flags&unix.MSG_DONTWAIT != 0 {
			r, _, e := unix.RawSyscall6(unix.SYS_RECVFROM, uintptr(fd), uintptr(p), uintptr(n), uintptr(flags), uintptr(from), uintptr(fromlen))
			return int(r), e
		}
		r, _, e := unix.Syscall6(unix.SYS_RECVFROM, uintptr(fd), uintptr(p), uintptr(n), uintptr(flags), uintptr(from), uintptr(fromlen))
		return int(r), e
	}
	sysSendto = func(fd int, p unsafe.Pointer, n int, flags int, to unsafe.Pointer, tolen uint32) (int, unix.Errno) {
		if flags&unix.MSG_DONTWAIT != 0 {
			r, _, e := unix.RawSyscall6(unix.SYS_SENDTO, uintptr(fd), uintptr(p), uintptr(n), uintptr(flags), uintptr(to), uintptr(tolen))
			return int(r), e
		}
		r, _, e := unix.Syscall6(unix.SYS_SENDTO, uintptr(fd), uintptr(p), uintptr(n), uintptr(flags), uintptr(to), uintptr(tolen))
		return int(r), e
	}
	sysAccept4 = func(fd int, sa unsafe.Pointer, salen unsafe.Pointer, flags int) (int, unix.Errno) {
		r, _, e := unix.Syscall6(unix.SYS_ACCEPT4, uintptr(fd), uintptr(sa), uintptr(salen), uintptr(flags), 0, 0)
		return int(r), e
	}
	sysConnect = func(fd int, sa unsafe.Pointer, salen uint32) (int, unix.Errno) {
		_, _, e := unix.Syscall(unix.SYS_CONNECT, uintptr(fd), uintptr(sa), uintptr(salen))
		return 0, e
	}
	sysSendmsg = func(fd int, msg unsafe.Pointer, flags int) (int, unix.Errno) {
		if flags&unix.MSG_DONTWAIT != 0 {
			r, _, e := unix.RawSyscall(unix.SYS_SENDMSG, uintptr(fd), uintptr(msg), uintptr(flags))
			return int(r), e
		}
		r, _, e := unix.Syscall(unix.SYS_SENDMSG, uintptr(fd), uintptr(msg), uintptr(flags))
		return int(r), e
	}
	sysRecvmsg = func(fd int, msg unsafe.Pointer, flags int) (int, unix.Errno) {
		if flags&unix.MSG_DONTWAIT != 0 {
			r, _, e := unix.RawSyscall(unix.SYS_RECVMSG, uintptr(fd), uintptr(msg), uintptr(flags))
			return int(r), e
		}
		r, _, e := unix.Syscall(unix.SYS_RECVMSG, uintptr(fd), uintptr(msg), uintptr(flags))
		return int(r), e
	}
	// sysSoError reads and clears SO_ERROR, the outcome of a pending connect.
	sysSoError = func(fd int) (int, unix.Errno) {
		var v int32
		l := uint32(4)
		_, _, e := unix.Syscall6(unix.SYS_GETSOCKOPT, uintptr(fd), unix.SOL_SOCKET, unix.SO_ERROR, uintptr(unsafe.Pointer(&v)), uintptr(unsafe.Pointer(&l)), 0)
		return int(v), e
	}
)
