package main

import "github.com/cognito-mcp/cognito-mcp/internal/buildinfo"

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

// versionLine is what --version prints.
func versionLine() string {
	return buildinfo.Line("cognito-mcp", version, commit, date)
}
