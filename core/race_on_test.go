//go:build race

package core

// raceEnabled tells the allocation tests that the race detector, which
// allocates on its own, is on.
const raceEnabled = true
