// Command lib is the Go half of make bench-crossing: a c-shared library
// whose exports driver.c calls, to price a call from C into Go with and
// without a system call inside it, against the same work done in C.
package main

import "C"

import "syscall"

// cc_nop is a call into Go that does nothing: the crossing alone.
//
//export cc_nop
func cc_nop(x C.int) C.int { return x + 1 }

// cc_raw makes getppid inside the crossing with RawSyscall (what gosocket's
// try-first attempt does: it cannot block).
//
//export cc_raw
func cc_raw() C.int {
	r, _, _ := syscall.RawSyscall(syscall.SYS_GETPPID, 0, 0, 0)
	return C.int(r)
}

// cc_sys makes getppid inside the crossing with Syscall (a call that can
// block: the scheduler is told).
//
//export cc_sys
func cc_sys() C.int {
	r, _, _ := syscall.Syscall(syscall.SYS_GETPPID, 0, 0, 0)
	return C.int(r)
}

//go:noinline
func deep(d int) int {
	if d == 0 {
		r, _, _ := syscall.RawSyscall(syscall.SYS_GETPPID, 0, 0, 0)
		return int(r)
	}
	return deep(d-1) + 1
}

// cc_deep is cc_raw with d Go frames between the export and the system
// call, as gosocket's export, core's loop and x/sys add.
//
//export cc_deep
func cc_deep(d C.int) C.int { return C.int(deep(int(d))) }

func main() {}
