// Package registry owns the set of live OpenAPI sources: the embedded
// Cognito default and the sources added at run time. It previews, adds,
// removes and persists sources and hands their tool definitions to the MCP
// server in batches. It never builds or sends API requests.
//
// # Reading
//
// Snapshot returns the current, immutable set of sources without locking.
// Subscribe is told of every change, in order, one call per change.
//
// # Sources
//
// A spec is an http(s) URL (fetched within a size limit, a timeout and a
// redirect limit), the document text (JSON or YAML), or a local file under
// one of Options.AllowDirs. Relative external $refs resolve against the
// document's URL with the same limits.
//
// # Persistence
//
// Added sources are saved under Options.Dir: sources.json (versioned; auth
// holds references such as {"env": "NAME"}, never secrets) and, under
// documents/, every document and $ref target by the SHA-256 of its bytes,
// so a restart needs no network. Every file is written atomically. A saved
// source that fails to load is reported in Snapshot.Problems and skipped;
// an unreadable state file is reported and never overwritten.
package registry
