package main

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// snapshotTargets are the platforms TestSnapshot builds: each OS of a
// release once, and each architecture. The six of the README's command
// (defaultTargets) cost about 11 minutes of CPU from a cold build cache, a
// full compile each (BENCHMARKS.md), too much for every CI run; these three
// half that, and each of the other three differs from one of them only in
// GOARCH.
var snapshotTargets = []target{{"linux", "amd64"}, {"darwin", "arm64"}, {"windows", "amd64"}}

// TestSnapshot builds the release snapshot as the README's command does,
// with -targets for snapshotTargets (and the machine's own platform, to run
// it), checks the archives with the README's `sha256sum -c checksums.txt`
// and their contents, and runs the unpacked binary's --version and tools.
func TestSnapshot(t *testing.T) {
	host := target{runtime.GOOS, runtime.GOARCH}
	targets := append(slices.Clone(snapshotTargets), host)
	out := t.TempDir()
	ctx := context.Background()
	if err := run(ctx, []string{"-out", out, "-targets", strings.Join(targetNames(targets), ",")}); err != nil {
		t.Fatal(err)
	}
	checkSums(t, out)
	root, err := gitOutput(ctx, ".", "rev-parse", "--show-toplevel")
	if err != nil {
		t.Fatal(err)
	}
	st, err := stampFromGit(ctx, root, "")
	if err != nil {
		t.Fatal(err)
	}

	sums, err := os.ReadFile(filepath.Join(out, "checksums.txt"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(sums)), "\n")
	want := map[string]bool{}
	for _, tg := range targets {
		want[archiveName(st, tg)] = true
	}
	if len(lines) != len(want) {
		t.Fatalf("checksums.txt has %d lines, want %d:\n%s", len(lines), len(want), sums)
	}
	for _, l := range lines {
		sum, name, ok := strings.Cut(l, "  ")
		if !ok || !want[name] {
			t.Fatalf("checksums.txt line %q", l)
		}
		data, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		if h := sha256.Sum256(data); hex.EncodeToString(h[:]) != sum {
			t.Errorf("%s: checksum does not match", name)
		}
		files := archiveFiles(t, filepath.Join(out, name))
		for _, f := range append([]string{"cognito-mcp"}, extraFiles...) {
			if strings.HasSuffix(name, ".zip") && f == "cognito-mcp" {
				f += ".exe"
			}
			if !files[f] {
				t.Errorf("%s lacks %s (has %v)", name, f, files)
			}
		}
	}

	// Unpack and run the machine's own binary.
	bin := unpackBinary(t, filepath.Join(out, archiveName(st, target{runtime.GOOS, runtime.GOARCH})))
	home := t.TempDir()
	env := []string{"HOME=" + home, "XDG_STATE_HOME=" + filepath.Join(home, "state"), "PATH=" + os.Getenv("PATH")}
	version := runBin(t, bin, env, "--version")
	for _, w := range []string{"cognito-mcp " + st.Version, "commit " + st.Commit, "built " + st.Date.Format("2006-01-02T15:04:05Z")} {
		if !strings.Contains(version, w) {
			t.Errorf("--version = %q, lacks %q", version, w)
		}
	}
	tools := runBin(t, bin, env, "tools")
	if !strings.Contains(tools, "cognito_admin_create_user") || !regexp.MustCompile(`(?m)^\d+ tools\b`).MatchString(tools) {
		t.Errorf("tools printed:\n%s", tools)
	}
}

// checkSums runs the README's check in dir: sha256sum -c checksums.txt
// (shasum -a 256 -c where there is no sha256sum, as on older macOS).
func checkSums(t *testing.T, dir string) {
	t.Helper()
	args := []string{"sha256sum", "-c", "checksums.txt"}
	if _, err := exec.LookPath("sha256sum"); err != nil {
		args = []string{"shasum", "-a", "256", "-c", "checksums.txt"}
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s in the output directory: %v\n%s", strings.Join(args, " "), err, out)
	}
	if n := strings.Count(string(out), ": OK\n"); n != strings.Count(string(out), "\n") || n == 0 {
		t.Errorf("%s:\n%s", strings.Join(args, " "), out)
	}
}

// TestDefaultTargets: without -targets the command builds the six
// platforms the README names.
func TestDefaultTargets(t *testing.T) {
	want := []string{"linux/amd64", "linux/arm64", "darwin/amd64", "darwin/arm64", "windows/amd64", "windows/arm64"}
	if got := targetNames(defaultTargets); !slices.Equal(got, want) {
		t.Errorf("default targets %q, want %q", got, want)
	}
}

func runBin(t *testing.T, bin string, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %v: %v", bin, args, err)
	}
	return string(out)
}

// archiveFiles lists the base names of an archive's entries.
func archiveFiles(t *testing.T, path string) map[string]bool {
	t.Helper()
	got := map[string]bool{}
	if strings.HasSuffix(path, ".zip") {
		zr, err := zip.OpenReader(path)
		if err != nil {
			t.Fatal(err)
		}
		defer zr.Close()
		for _, f := range zr.File {
			got[filepath.Base(f.Name)] = true
		}
		return got
	}
	forTar(t, path, func(h *tar.Header, _ io.Reader) { got[filepath.Base(h.Name)] = true })
	return got
}

// unpackBinary writes the archive's binary to a temporary directory.
func unpackBinary(t *testing.T, path string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "cognito-mcp")
	if strings.HasSuffix(path, ".zip") {
		dst += ".exe"
		zr, err := zip.OpenReader(path)
		if err != nil {
			t.Fatal(err)
		}
		defer zr.Close()
		for _, f := range zr.File {
			if filepath.Base(f.Name) == "cognito-mcp.exe" {
				r, err := f.Open()
				if err != nil {
					t.Fatal(err)
				}
				writeExec(t, dst, r)
				r.Close()
			}
		}
		return dst
	}
	forTar(t, path, func(h *tar.Header, r io.Reader) {
		if filepath.Base(h.Name) == "cognito-mcp" {
			if h.Mode&0o111 == 0 {
				t.Errorf("binary mode %o is not executable", h.Mode)
			}
			writeExec(t, dst, r)
		}
	})
	return dst
}

func forTar(t *testing.T, path string, fn func(*tar.Header, io.Reader)) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		fn(h, tr)
	}
}

func writeExec(t *testing.T, dst string, r io.Reader) {
	t.Helper()
	data, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, data, 0o755); err != nil {
		t.Fatal(err)
	}
}

func TestParseTargets(t *testing.T) {
	got, err := parseTargets("linux/amd64, darwin/arm64,linux/amd64")
	if err != nil || len(got) != 2 || got[1] != (target{"darwin", "arm64"}) {
		t.Errorf("parseTargets = %v, %v", got, err)
	}
	if _, err := parseTargets("linux"); err == nil || !strings.Contains(err.Error(), "want os/arch") {
		t.Errorf("parseTargets(linux) error = %v", err)
	}
}
