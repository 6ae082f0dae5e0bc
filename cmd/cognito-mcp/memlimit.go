package main

import (
	"fmt"
	"runtime/debug"
)

// defaultMemoryLimit is the server's soft memory limit unless GOMEMLIMIT or
// --memory-limit says otherwise. Adding a source the size of Microsoft
// Graph v1.0 (11,422 tools) holds about 400 MB at its peak, which the
// collector's default pacing let grow to between 0.8 and 1.1 GB of RSS; with
// this limit it stays near 780 MiB. A server whose sources need more than
// the limit still gets the memory, the collector working harder for it.
const defaultMemoryLimit = 768 << 20

// checkMemoryLimit refuses a negative --memory-limit.
func checkMemoryLimit(limit int) error {
	if limit < 0 {
		return fmt.Errorf("--memory-limit %d: want a size in bytes, or 0 for none", limit)
	}
	return nil
}

// applyMemoryLimit sets the runtime's soft memory limit to limit bytes,
// unless limit is 0 or GOMEMLIMIT is set: the runtime read that at start,
// and it wins.
func applyMemoryLimit(limit int, getenv func(string) string) {
	if limit > 0 && getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(int64(limit))
	}
}
