package buildinfo

import (
	"fmt"
	"runtime/debug"
)

// Resolve is the version, commit and build date of this binary: the
// stamped values where set, else the VCS settings the go command records
// (absent under -buildvcs=false), with "-dirty" on a commit built from a
// modified tree; commit and date are "unknown" when nothing recorded them.
func Resolve(version, commit, date string) (v, c, d string) {
	v, c, d = version, commit, date
	if c == "" || d == "" {
		if bi, ok := debug.ReadBuildInfo(); ok {
			c, d = fromSettings(bi.Settings, c, d, commit == "")
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

// fromSettings fills in an unset commit c and date d from the VCS
// settings; a commit read there is marked -dirty when the tree was
// modified and markDirty says no commit was stamped.
func fromSettings(settings []debug.BuildSetting, c, d string, markDirty bool) (string, string) {
	var modified bool
	for _, s := range settings {
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
	if modified && c != "" && markDirty {
		c += "-dirty"
	}
	return c, d
}

// Line is what --version prints: "cognito-mcp v1.2.3 (commit abc, built
// 2026-01-02T03:04:05Z)" for name "cognito-mcp".
func Line(name, version, commit, date string) string {
	v, c, d := Resolve(version, commit, date)
	return fmt.Sprintf("%s %s (commit %s, built %s)", name, v, c, d)
}
