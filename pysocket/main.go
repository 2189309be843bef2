//go:build pysocket

// Command pysocket is gosocket's CPython binding, built with
// `go build -buildmode=c-shared` into the extension module. The C files
// beside this one are the Python side (module init, the socket type,
// argument parsing, exceptions); the Go files export one function per
// operation, taking and returning plain C types, and call core.
package main

/*
#cgo CFLAGS: -O2 -Wall -Wno-missing-field-initializers -fno-strict-aliasing
#cgo LDFLAGS: -Wl,--unresolved-symbols=ignore-all
*/
import "C"

// main is required by -buildmode=c-shared and never runs.
func main() {}
