package peers

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"
)

// StartPrism serves a Prism mock of the OpenAPI document at specPath (a file) on
// a free 127.0.0.1 port until the test ends, and returns its base URL,
// "http://127.0.0.1:PORT". Prism answers each operation with an example or a
// response generated from the document's schemas and validates every request
// against the document: a request that breaks it gets 4xx with the problem in
// the body, or in the sl-violations header.
func StartPrism(tb testing.TB, specPath string) string {
	tb.Helper()
	spec, err := filepath.Abs(specPath)
	if err != nil {
		tb.Fatalf("prism spec path %q: %v", specPath, err)
	}
	script := binScript(tb, "@stoplight/prism-cli", "prism")
	return peer{
		name: "prism",
		dir:  tb.TempDir(),
		command: func(port int) ([]string, []string) {
			return []string{script, "mock", "-h", "127.0.0.1", "-p", strconv.Itoa(port), spec}, nil
		},
		ready: func(ctx context.Context, base string) bool {
			return answers(ctx, base+"/", func(int) bool { return true })
		},
	}.start(tb)
}
