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
package main
