// Package core is gosocket's socket layer: pure Go over golang.org/x/sys/unix,
// with nothing about Python in it. It owns the socket lifecycle, the one retry
// loop every operation goes through, the socket address codecs (one file per
// family), socket options, errors as values, and the resolver (libc through
// cgo, in resolver.go).
//
// Per-operation paths allocate nothing on the Go heap and start no goroutine:
// a process that forks while gosocket is loaded must be able to keep using it
// in the child, where the Go runtime has lost its threads.
package core
