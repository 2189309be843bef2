//go:build pysocket && !gosocket_runtime

package main

// runtimePatched: build.py built this extension with Go's runtime as it is
// (its anchors were not found), so fork.c runs its own steps.
const runtimePatched = false
