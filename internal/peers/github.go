package peers

import (
	"os"
	"path/filepath"
	"testing"
)

// GitHubOpenAPI returns the path of GitHub's REST API description
// (api.github.com.json from @octokit/openapi: about 13 MB, 1,200 operations), a
// large real document for load tests and benchmarks.
func GitHubOpenAPI(tb testing.TB) string {
	tb.Helper()
	path := filepath.Join(EnsureNodeModules(tb), "@octokit", "openapi", "generated", "api.github.com.json")
	if _, err := os.Stat(path); err != nil {
		tb.Fatalf("GitHub's OpenAPI document: %v", err)
	}
	return path
}
