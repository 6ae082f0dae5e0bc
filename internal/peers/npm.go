package peers

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// npmCIArgs is how the peers are installed: exactly what package-lock.json pins,
// from the npm registry only. Install scripts are off: none of the peers needs
// one, and the two that declare one (a usage-analytics ping and a deprecation
// notice) would reach past the registry. .ci/run runs the same command.
var npmCIArgs = []string{"ci", "--no-audit", "--no-fund", "--ignore-scripts"}

var (
	modulesMu   sync.Mutex
	modulesDone = map[string]bool{}
)

// EnsureNodeModules makes sure the repository's node_modules holds exactly the
// packages package-lock.json pins, running `npm ci` once when it doesn't, and
// returns the node_modules path. Test binaries running in parallel take turns
// through a lock on package-lock.json, so only one of them installs. It fails the
// test when Node.js or npm is missing or the install fails.
func EnsureNodeModules(tb testing.TB) string {
	tb.Helper()
	return ensureModules(tb, Root(tb))
}

// EnsureBenchModules is EnsureNodeModules for bench/: the packages only
// benchmarks need (GitHub's REST description, 385 MB installed), kept out of
// the default install and installed by the first benchmark that asks.
func EnsureBenchModules(tb testing.TB) string {
	tb.Helper()
	return ensureModules(tb, filepath.Join(Root(tb), "bench"))
}

// ensureModules installs dir/package-lock.json into dir/node_modules when
// it does not match, and returns dir/node_modules.
func ensureModules(tb testing.TB, root string) string {
	tb.Helper()
	Node(tb)
	modules := filepath.Join(root, "node_modules")

	modulesMu.Lock()
	defer modulesMu.Unlock()
	if modulesDone[root] {
		return modules
	}
	if err := checkInstalled(root); err == nil {
		modulesDone[root] = true
		return modules
	}

	npm, err := exec.LookPath("npm")
	if err != nil {
		tb.Fatal("npm not found on PATH: install Node.js (with npm) 20 or later, or run `npm " +
			strings.Join(npmCIArgs, " ") + "` in " + root)
	}
	unlock, err := lockFile(filepath.Join(root, "package-lock.json"))
	if err != nil {
		tb.Fatalf("lock package-lock.json before installing the npm packages: %v", err)
	}
	defer unlock()
	// Another test binary may have installed them while this one waited.
	err = checkInstalled(root)
	if err == nil {
		modulesDone[root] = true
		return modules
	}
	tb.Logf("installing the npm packages of %s (%v): npm %s", root, err, strings.Join(npmCIArgs, " "))

	start := time.Now()
	cmd := exec.Command(npm, npmCIArgs...)
	cmd.Dir = root
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		tb.Fatalf("npm %s in %s: %v\n%s\nThe tests need the npm registry reachable once, or node_modules installed beforehand.",
			strings.Join(npmCIArgs, " "), root, err, tail(out.Bytes(), 3000))
	}
	if err := checkInstalled(root); err != nil {
		tb.Fatalf("after npm ci, node_modules still does not match package-lock.json: %v", err)
	}
	tb.Logf("installed the npm packages of %s in %s", root, time.Since(start).Round(time.Second))
	modulesDone[root] = true
	return modules
}

// lockFile takes an exclusive flock on path (waiting for it) and returns the
// function that releases it.
func lockFile(path string) (unlock func(), err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

// lockPackage is one entry of a lock file's "packages" map.
type lockPackage struct {
	Version   string `json:"version"`
	Integrity string `json:"integrity"`
	Optional  bool   `json:"optional"`
	Link      bool   `json:"link"`
}

// checkInstalled compares package-lock.json with the lock file npm writes into
// node_modules after every install (node_modules/.package-lock.json): same
// packages, same versions, same integrity. Optional packages for other platforms
// (fsevents) are never installed and don't count.
func checkInstalled(root string) error {
	want, err := readLockPackages(filepath.Join(root, "package-lock.json"))
	if err != nil {
		return err
	}
	got, err := readLockPackages(filepath.Join(root, "node_modules", ".package-lock.json"))
	if errors.Is(err, os.ErrNotExist) {
		return errors.New("node_modules is not installed")
	}
	if err != nil {
		return err
	}
	delete(want, "") // the root project itself
	for _, path := range slices.Sorted(maps.Keys(want)) {
		w := want[path]
		g, ok := got[path]
		switch {
		case !ok && w.Optional:
		case !ok:
			return fmt.Errorf("%s is missing", path)
		case g.Version != w.Version || g.Integrity != w.Integrity:
			return fmt.Errorf("%s is %s, package-lock.json pins %s", path, g.Version, w.Version)
		}
	}
	for _, path := range slices.Sorted(maps.Keys(got)) {
		if _, ok := want[path]; !ok {
			return fmt.Errorf("%s is installed but not in package-lock.json", path)
		}
	}
	return nil
}

func readLockPackages(path string) (map[string]lockPackage, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var lock struct {
		LockfileVersion int                    `json:"lockfileVersion"`
		Packages        map[string]lockPackage `json:"packages"`
	}
	if err := json.Unmarshal(data, &lock); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if lock.LockfileVersion < 2 || lock.Packages == nil {
		return nil, fmt.Errorf("read %s: lockfileVersion %d has no packages map; regenerate it with npm 7 or later", path, lock.LockfileVersion)
	}
	return lock.Packages, nil
}

// tail returns the last n bytes of b, starting at a line boundary when it can.
func tail(b []byte, n int) string {
	if len(b) <= n {
		return string(b)
	}
	b = b[len(b)-n:]
	if i := bytes.IndexByte(b, '\n'); i >= 0 && i < len(b)-1 {
		b = b[i+1:]
	}
	return "…" + string(b)
}
