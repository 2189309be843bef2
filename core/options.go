package core

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// GetsockoptInt reads an integer socket option.
func GetsockoptInt(fd, level, opt int) (int, error) {
	var v int32
	l := uint32(4)
	_, _, e := unix.Syscall6(unix.SYS_GETSOCKOPT, uintptr(fd), uintptr(level), uintptr(opt), uintptr(unsafe.Pointer(&v)), uintptr(unsafe.Pointer(&l)), 0)
	return int(v), errno(e)
}

// GetsockoptBytes reads a socket option into buf and returns its length, for
// getsockopt(level, optname, buflen).
func GetsockoptBytes(fd, level, opt int, buf []byte) (int, error) {
	l := uint32(len(buf))
	var p unsafe.Pointer
	if len(buf) > 0 {
		p = unsafe.Pointer(&buf[0])
	}
	_, _, e := unix.Syscall6(unix.SYS_GETSOCKOPT, uintptr(fd), uintptr(level), uintptr(opt), uintptr(p), uintptr(unsafe.Pointer(&l)), 0)
	return int(l), errno(e)
}

// SetsockoptInt sets an integer socket option.
func SetsockoptInt(fd, level, opt, value int) error {
	v := int32(value)
	_, _, e := unix.Syscall6(unix.SYS_SETSOCKOPT, uintptr(fd), uintptr(level), uintptr(opt), uintptr(unsafe.Pointer(&v)), 4, 0)
	return errno(e)
}

// SetsockoptBytes sets a socket option from raw bytes; a nil buf with a
// non-zero n passes NULL and n, as setsockopt(level, opt, None, optlen) does.
func SetsockoptBytes(fd, level, opt int, buf unsafe.Pointer, n int) error {
	_, _, e := unix.Syscall6(unix.SYS_SETSOCKOPT, uintptr(fd), uintptr(level), uintptr(opt), uintptr(buf), uintptr(n), 0)
	return errno(e)
}
