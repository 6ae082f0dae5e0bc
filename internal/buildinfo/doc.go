// Package buildinfo says which build a binary is: the version, commit and
// date the release build stamps into package main, else the commit and
// its time the go command records from version control.
//
// It never stamps anything itself (internal/release does) and never reads
// more than runtime/debug's build information.
package buildinfo
