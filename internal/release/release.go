package main

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// target is one platform a release is built for.
type target struct{ OS, Arch string }

func (t target) String() string { return t.OS + "/" + t.Arch }

// defaultTargets are the platforms of a release.
var defaultTargets = []target{
	{"linux", "amd64"}, {"linux", "arm64"},
	{"darwin", "amd64"}, {"darwin", "arm64"},
	{"windows", "amd64"}, {"windows", "arm64"},
}

func targetNames(ts []target) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.String())
	}
	return out
}

// parseTargets reads "linux/amd64,darwin/arm64".
func parseTargets(s string) ([]target, error) {
	var out []target
	for _, p := range strings.Split(s, ",") {
		osName, arch, ok := strings.Cut(strings.TrimSpace(p), "/")
		if !ok || osName == "" || arch == "" {
			return nil, fmt.Errorf("target %q: want os/arch, e.g. linux/amd64", p)
		}
		t := target{osName, arch}
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out, nil
}

// stamp is what the binary is stamped with.
type stamp struct {
	Version string
	Commit  string
	Date    time.Time
}

func (s stamp) ldflags() string {
	return fmt.Sprintf("-s -w -X main.version=%s -X main.commit=%s -X main.date=%s",
		s.Version, s.Commit, s.Date.Format(time.RFC3339))
}

// extraFiles go into every archive beside the binary.
var extraFiles = []string{"LICENSE", "NOTICE", "README.md", "CHANGELOG.md"}

// archiveName is cognito-mcp_<version>_<os>_<arch>.tar.gz (.zip on Windows).
func archiveName(st stamp, t target) string {
	ext := ".tar.gz"
	if t.OS == "windows" {
		ext = ".zip"
	}
	return fmt.Sprintf("cognito-mcp_%s_%s_%s%s", strings.TrimPrefix(st.Version, "v"), t.OS, t.Arch, ext)
}

// build empties out, builds every target from the module at root and
// writes its archive and checksums.txt there; it returns their names.
func build(ctx context.Context, root, out string, st stamp, ts []target) ([]string, error) {
	if err := os.RemoveAll(out); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, err
	}
	var names []string
	for _, t := range ts {
		name, err := buildTarget(ctx, root, out, st, t)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", t, err)
		}
		names = append(names, name)
	}
	if err := writeChecksums(out, names); err != nil {
		return nil, err
	}
	return append(names, "checksums.txt"), nil
}

// buildTarget compiles the binary for t and packs it with extraFiles.
func buildTarget(ctx context.Context, root, out string, st stamp, t target) (string, error) {
	bin := "cognito-mcp"
	if t.OS == "windows" {
		bin += ".exe"
	}
	work, err := os.MkdirTemp(out, ".build-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(work)
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-buildvcs=false",
		"-ldflags", st.ldflags(), "-o", filepath.Join(work, bin), "./cmd/cognito-mcp")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS="+t.OS, "GOARCH="+t.Arch)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go build: %w", err)
	}
	files := []packed{{name: bin, path: filepath.Join(work, bin), mode: 0o755}}
	for _, f := range extraFiles {
		files = append(files, packed{name: f, path: filepath.Join(root, f), mode: 0o644})
	}
	name := archiveName(st, t)
	dir := strings.TrimSuffix(strings.TrimSuffix(name, ".tar.gz"), ".zip")
	if t.OS == "windows" {
		err = writeZip(filepath.Join(out, name), dir, files, st.Date)
	} else {
		err = writeTarGz(filepath.Join(out, name), dir, files, st.Date)
	}
	return name, err
}

// packed is one file to put in an archive.
type packed struct {
	name, path string
	mode       int64
}

// writeTarGz packs files under dir/ in a gzipped tar, every entry dated
// mtime so the same commit gives the same bytes.
func writeTarGz(path, dir string, files []packed, mtime time.Time) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer closeInto(f, &err)
	gz := gzip.NewWriter(f)
	defer closeInto(gz, &err)
	tw := tar.NewWriter(gz)
	defer closeInto(tw, &err)
	for _, p := range files {
		data, err := os.ReadFile(p.path)
		if err != nil {
			return err
		}
		hdr := &tar.Header{Name: dir + "/" + p.name, Mode: p.mode, Size: int64(len(data)), ModTime: mtime, Typeflag: tar.TypeReg, Format: tar.FormatPAX}
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		if _, err := tw.Write(data); err != nil {
			return err
		}
	}
	return nil
}

// writeZip is writeTarGz for Windows.
func writeZip(path, dir string, files []packed, mtime time.Time) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer closeInto(f, &err)
	zw := zip.NewWriter(f)
	defer closeInto(zw, &err)
	for _, p := range files {
		data, err := os.ReadFile(p.path)
		if err != nil {
			return err
		}
		hdr := &zip.FileHeader{Name: dir + "/" + p.name, Method: zip.Deflate, Modified: mtime}
		hdr.SetMode(os.FileMode(p.mode))
		w, err := zw.CreateHeader(hdr)
		if err != nil {
			return err
		}
		if _, err := w.Write(data); err != nil {
			return err
		}
	}
	return nil
}

// writeChecksums writes checksums.txt: "<sha256>  <name>" per archive, as
// sha256sum prints it.
func writeChecksums(out string, names []string) error {
	var b strings.Builder
	for _, n := range names {
		f, err := os.Open(filepath.Join(out, n))
		if err != nil {
			return err
		}
		h := sha256.New()
		_, err = io.Copy(h, f)
		f.Close()
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s  %s\n", hex.EncodeToString(h.Sum(nil)), n)
	}
	return os.WriteFile(filepath.Join(out, "checksums.txt"), []byte(b.String()), 0o644)
}

// closeInto closes c and keeps its error when none came before.
func closeInto(c io.Closer, err *error) {
	if cerr := c.Close(); *err == nil {
		*err = cerr
	}
}
