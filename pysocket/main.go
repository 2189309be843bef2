//go:build pysocket

// Command pysocket is gosocket's CPython binding, built with
// `go build -buildmode=c-shared` into the extension module. The C files
// beside this one are the Python side (module init, the socket type,
// argument parsing, exceptions); the Go files export one function per
// operation, taking and returning plain C types, and call core.
package main

// The C files' thread-locals (the fork guard's per-thread flags, read on
// every call) use the initial-exec model: an access is one load from the
// thread pointer, where the default for a shared object calls
// __tls_get_addr (callgrind, 2.7 ping-pong: 44 instructions a round trip).
// The few bytes come from the static TLS space glibc keeps for libraries
// loaded later, as the Go runtime's own thread-local does.

/*
#cgo CFLAGS: -O2 -Wall -Wno-missing-field-initializers -fno-strict-aliasing -ftls-model=initial-exec
#cgo LDFLAGS: -Wl,--unresolved-symbols=ignore-all
*/
import "C"

// main is required by -buildmode=c-shared and never runs.
func main() {}
