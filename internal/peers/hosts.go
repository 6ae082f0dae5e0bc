package peers

import (
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
)

// hostsInstall is how a person installs the MCP hosts by hand, from the
// repository root: .ci/run's command, npmCIArgs for .ci/hosts.
const hostsInstall = "npm ci --prefix .ci/hosts --no-audit --no-fund --ignore-scripts"

// EnsureHosts makes sure .ci/hosts/node_modules holds exactly what
// .ci/hosts/package-lock.json pins (Claude Code's CLI and the mcp-remote
// bridge: the MCP hosts the README configures) and returns that path. They
// are kept out of the default install: Claude Code's native binary is a
// 186 MB download, 400 MB installed.
//
// On a developer's machine it installs them the first time, as
// EnsureNodeModules does. On CI (CI=true) it never does: .ci/run installs
// them before the tests, so finding them missing means that step is gone, and
// the test fails saying so instead of downloading them unseen.
func EnsureHosts(tb testing.TB) string {
	tb.Helper()
	dir := filepath.Join(Root(tb), ".ci", "hosts")
	if err := checkInstalled(dir); err != nil {
		if onCI() {
			tb.Fatalf("the MCP hosts of .ci/hosts are not installed (%v); on CI, .ci/run installs them before the tests: %s", err, hostsInstall)
		}
		tb.Logf("the MCP hosts of .ci/hosts are not installed (%v): installing them (a 186 MB download) as `%s` does", err, hostsInstall)
	}
	return ensureModules(tb, dir)
}

// onCI reports whether CI says this is a CI machine, as GitHub Actions and
// most CI services do with CI=true.
func onCI() bool {
	ci, _ := strconv.ParseBool(os.Getenv("CI"))
	return ci
}

// ClaudeCode returns the path of Claude Code's native binary for this
// machine (from the optional package @anthropic-ai/claude-code-<platform>
// npm picked), the program `claude` runs: Claude Code's postinstall, which
// npm ci --ignore-scripts does not run, only links it in place of the
// package's bin/claude.exe stub.
func ClaudeCode(tb testing.TB) string {
	tb.Helper()
	modules := EnsureHosts(tb)
	platform := nodePlatform()
	exe := "claude"
	if runtime.GOOS == "windows" {
		exe += ".exe"
	}
	for _, p := range []string{platform, platform + "-musl"} {
		bin := filepath.Join(modules, "@anthropic-ai", "claude-code-"+p, exe)
		if _, err := os.Stat(bin); err == nil {
			return bin
		}
	}
	tb.Fatalf("npm installed no Claude Code binary for %s under %s: Claude Code 2.1.332 ships darwin, linux and win32 on x64 and arm64", platform, modules)
	return ""
}

// nodePlatform is Node.js's name for this machine, as npm's platform
// packages use it: linux-x64, darwin-arm64, win32-x64...
func nodePlatform() string {
	goos, arch := runtime.GOOS, runtime.GOARCH
	if goos == "windows" {
		goos = "win32"
	}
	if arch == "amd64" {
		arch = "x64"
	}
	return goos + "-" + arch
}
