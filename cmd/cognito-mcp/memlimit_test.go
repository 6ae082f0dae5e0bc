package main

import (
	"runtime/debug"
	"strings"
	"testing"
)

// TestMemoryLimit: --memory-limit sets the runtime's soft limit unless
// GOMEMLIMIT is set or the flag is 0, and a negative one is refused.
func TestMemoryLimit(t *testing.T) {
	saved := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(saved) })
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == "GOMEMLIMIT" {
				return v
			}
			return ""
		}
	}
	applyMemoryLimit(123<<20, env(""))
	if got := debug.SetMemoryLimit(-1); got != 123<<20 {
		t.Errorf("limit %d after --memory-limit 123 MiB", got)
	}
	applyMemoryLimit(456<<20, env("1GiB"))
	applyMemoryLimit(0, env(""))
	if got := debug.SetMemoryLimit(-1); got != 123<<20 {
		t.Errorf("limit %d: GOMEMLIMIT or --memory-limit 0 changed it", got)
	}
	if err := checkMemoryLimit(-1); err == nil || !strings.Contains(err.Error(), "--memory-limit") {
		t.Errorf("a negative limit: %v", err)
	}
}
