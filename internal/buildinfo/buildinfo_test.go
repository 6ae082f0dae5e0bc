package buildinfo

import (
	"runtime/debug"
	"strings"
	"testing"
)

// TestStamped: stamped values are printed as they are.
func TestStamped(t *testing.T) {
	got := Line("cognito-mcp", "v1.2.3", "abc123", "2026-01-02T03:04:05Z")
	if want := "cognito-mcp v1.2.3 (commit abc123, built 2026-01-02T03:04:05Z)"; got != want {
		t.Errorf("Line = %q, want %q", got, want)
	}
}

// TestUnstamped: a devel build says unknown, or what the VCS recorded.
func TestUnstamped(t *testing.T) {
	v, c, d := Resolve("devel", "", "")
	if v != "devel" || c == "" || d == "" {
		t.Errorf("Resolve = %q, %q, %q", v, c, d)
	}
	if !strings.HasPrefix(Line("cognito-mcp", "devel", "", ""), "cognito-mcp devel (commit ") {
		t.Error("devel line")
	}
}

// TestFromSettings: the VCS settings fill in what was not stamped, a
// modified tree marks the commit -dirty unless a commit was stamped.
func TestFromSettings(t *testing.T) {
	s := []debug.BuildSetting{{Key: "vcs.revision", Value: "f00"}, {Key: "vcs.time", Value: "T"}, {Key: "vcs.modified", Value: "true"}}
	if c, d := fromSettings(s, "", "", true); c != "f00-dirty" || d != "T" {
		t.Errorf("unstamped: %q, %q", c, d)
	}
	if c, d := fromSettings(s, "abc", "", false); c != "abc" || d != "T" {
		t.Errorf("stamped commit: %q, %q", c, d)
	}
}
