package peers

import (
	"os"
	"path/filepath"
	"testing"
)

// GitHubOpenAPI returns the path of GitHub's REST API description
// (api.github.com.json from @octokit/openapi: about 13 MB, 1,200 operations), a
// large real document for benchmarks. It comes from bench/package.json,
// installed on demand (EnsureBenchModules), not with the test peers.
func GitHubOpenAPI(tb testing.TB) string {
	tb.Helper()
	path := filepath.Join(EnsureBenchModules(tb), "@octokit", "openapi", "generated", "api.github.com.json")
	if _, err := os.Stat(path); err != nil {
		tb.Fatalf("GitHub's OpenAPI document: %v", err)
	}
	return path
}
