// Package peers starts the real programs the tests run against: cognito-local (a
// Cognito user pools emulator), Prism (a mock server for any OpenAPI document) and
// the official MCP TypeScript clients (interop/client.mjs with SDK 1.x,
// interop/client-v2.mjs with @modelcontextprotocol/client 2.x), which are npm
// packages pinned in the repository's package.json and package-lock.json (what
// only benchmarks need, GitHub's REST description, is pinned in
// bench/package.json and installed on first use; Microsoft Graph's, from a
// 45 MB package, is fetched once into a cache outside the repository by
// GraphOpenAPI), throwaway PostgreSQL clusters (StartPostgres) made with the
// system's server binaries, and the MCP hosts the README configures
// (ClaudeCode, and the mcp-remote bridge: pinned in .ci/hosts, installed apart
// from the other packages by .ci/run or on first use; see EnsureHosts).
//
// Every helper takes a testing.TB, binds 127.0.0.1 on a free port, stops what it
// started when the test ends, and fails the test (never skips it) when Node.js,
// the packages or PostgreSQL are missing, saying what to install.
//
//	url := peers.StartCognitoLocal(t) // "http://127.0.0.1:PORT"
//
// It is used only by tests; nothing in the shipped binary imports it.
package peers
