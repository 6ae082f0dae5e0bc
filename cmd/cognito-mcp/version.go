package main

import (
	"fmt"
	"runtime/debug"
)

// Stamped by the release build (go run ./internal/release) with
//
//	-ldflags "-X main.version=v1.2.3 -X main.commit=<sha> -X main.date=<RFC 3339>"
//
// Any other build says "devel", and takes the commit and its time from the
// VCS settings the go command records (absent under -buildvcs=false).
var (
	version = "devel"
	commit  = ""
	date    = ""
)

// buildInfo is the version, commit and build date this binary carries;
// commit and date are "unknown" when nothing recorded them.
func buildInfo() (v, c, d string) {
	v, c, d = version, commit, date
	if c == "" || d == "" {
		if bi, ok := debug.ReadBuildInfo(); ok {
			var modified bool
			for _, s := range bi.Settings {
				switch s.Key {
				case "vcs.revision":
					if c == "" {
						c = s.Value
					}
				case "vcs.time":
					if d == "" {
						d = s.Value
					}
				case "vcs.modified":
					modified = s.Value == "true"
				}
			}
			if modified && c != "" && commit == "" {
				c += "-dirty"
			}
		}
	}
	if c == "" {
		c = "unknown"
	}
	if d == "" {
		d = "unknown"
	}
	return v, c, d
}

// versionLine is what --version prints.
func versionLine() string {
	v, c, d := buildInfo()
	return fmt.Sprintf("cognito-mcp %s (commit %s, built %s)", v, c, d)
}
