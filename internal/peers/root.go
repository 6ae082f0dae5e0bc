package peers

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// MinNodeMajor is the oldest Node.js major version the peers are run with.
const MinNodeMajor = 20

var (
	rootOnce sync.Once
	rootDir  string
	rootErr  string
)

// Root returns the repository root: the nearest directory at or above the working
// directory that holds go.mod. Go runs each package's tests in the package's
// directory, so this works from any package.
func Root(tb testing.TB) string {
	tb.Helper()
	rootOnce.Do(func() {
		dir, err := os.Getwd()
		if err != nil {
			rootErr = "get working directory: " + err.Error()
			return
		}
		for d := dir; ; d = filepath.Dir(d) {
			if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
				rootDir = d
				return
			}
			if filepath.Dir(d) == d {
				rootErr = "no go.mod found at or above " + dir + "; run the tests from inside the repository"
				return
			}
		}
	})
	if rootErr != "" {
		tb.Fatal(rootErr)
	}
	return rootDir
}

var (
	nodeOnce sync.Once
	nodePath string
	nodeErr  string
)

// Node returns the path of the node executable found on PATH. It fails the test
// when Node.js is missing or older than MinNodeMajor.
func Node(tb testing.TB) string {
	tb.Helper()
	nodeOnce.Do(func() {
		path, err := exec.LookPath("node")
		if err != nil {
			nodeErr = "node not found on PATH: install Node.js " + strconv.Itoa(MinNodeMajor) +
				" or later; the tests run cognito-local, Prism and the MCP TypeScript client with it"
			return
		}
		out, err := exec.Command(path, "--version").Output()
		if err != nil {
			nodeErr = path + " --version: " + err.Error()
			return
		}
		version := strings.TrimSpace(string(out))
		if major, ok := nodeMajor(version); !ok || major < MinNodeMajor {
			nodeErr = path + " is Node.js " + version + "; the tests need Node.js " +
				strconv.Itoa(MinNodeMajor) + " or later"
			return
		}
		nodePath = path
	})
	if nodeErr != "" {
		tb.Fatal(nodeErr)
	}
	return nodePath
}

// nodeMajor reads the major version out of `node --version` output ("v20.20.2").
func nodeMajor(version string) (int, bool) {
	major, _, _ := strings.Cut(strings.TrimPrefix(version, "v"), ".")
	n, err := strconv.Atoi(major)
	return n, err == nil
}
