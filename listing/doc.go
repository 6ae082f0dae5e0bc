// Package listing describes, for people, what a server lists: the rows of
// `cognito-mcp tools` (Rows, Print), walked from the inventory's answer,
// and what tools/list costs a client for `tools --stats` (Measure,
// PrintStats), measured on the responses an in-process mcp-go server
// writes.
//
// It never opens a registry or builds a server itself, never decides which
// tools exist (package inventory does), and never touches the network or
// the disk.
package listing
