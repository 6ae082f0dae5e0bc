// Command release builds the release archives of cognito-mcp: one archive
// per platform (tar.gz, zip for Windows) holding the binary, LICENSE,
// NOTICE, README.md and CHANGELOG.md, and a checksums.txt of SHA-256 sums
// in the format sha256sum -c reads. From the repository root:
//
//	go run ./internal/release                         # all six platforms into dist/
//	go run ./internal/release -targets linux/amd64    # one platform
//	go run ./internal/release -version v0.2.0         # a tagged release
//
// Without -version the version is the tag on HEAD (git describe
// --exact-match), else a snapshot "0.0.0-SNAPSHOT-<short commit>". The
// binary is built with CGO_ENABLED=0 and -trimpath, and stamped with the
// version, the commit and its time, which --version prints.
//
// It only needs Go and git: no tool to install, nothing fetched. It never
// publishes, tags or pushes anything.
//
// Why not GoReleaser, the ecosystem's standard: it would have to be
// installed by the command that needs it, and that is heavy for CI.
// Its newest version (v2.18.2) needs Go 1.27.1, newer than go.mod's; the
// newest that builds with Go 1.26 (v2.15.0) pulls about 370 modules, and
// `go install` of it took 261 s of CPU (24 min of wall time on a shared
// 2-core machine) and 1.6 GB of memory, against a few seconds for this
// program. Everything a release needs here (cross-compiling a pure-Go
// binary, archives, checksums, stamping) is two hundred lines of the
// standard library.
package main
