// Package startgc keeps the garbage collector out of the way while the
// program starts. Start-up allocates a few megabytes that it keeps (the
// JSON Schema meta-schemas the validator compiles in its package
// initializer, the AWS SDK's endpoint tables, the embedded catalog):
// collecting while it does is wasted work, and with the default setting
// the collector ran once during package initialization, costing a cold
// server about 2 ms before it could answer.
//
// Importing the package raises the collector's target (GOGC) to Percent
// from its own initializer, which runs before those of the heavy
// dependencies: it imports only the standard library, and Go initializes
// a package as soon as its imports are. End puts back the setting in force
// before (the GOGC environment variable, or 100).
package startgc

import (
	"runtime/debug"
	"sync"
)

// Percent is the collector's target during start-up, as GOGC.
const Percent = 400

var (
	mu    sync.Mutex
	held  bool
	saved int
)

func init() { Begin() }

// Begin raises the collector's target to Percent, unless it is raised
// already.
func Begin() {
	mu.Lock()
	defer mu.Unlock()
	if !held {
		saved = debug.SetGCPercent(Percent)
		held = true
	}
}

// End puts back the target that was in force before Begin. It does
// nothing when the target is not raised.
func End() {
	mu.Lock()
	defer mu.Unlock()
	if held {
		debug.SetGCPercent(saved)
		held = false
	}
}
