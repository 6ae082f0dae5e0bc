package openapi

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"testing"

	"github.com/cognito-mcp/cognito-mcp/internal/peers"
)

// largeDocs are the large documents of issue 12 with the SHA-256 of the
// JSON of the catalog Load makes of each (namespace and path prefix the
// document's name, as a preview gives them), recorded when compaction
// stopped encoding and decoding schemas between its passes: the catalogs
// must stay what they were. When a deliberate change of the loader's
// output changes them (registry.LoaderVersion goes up then), record the
// new digests.
var largeDocs = []struct {
	name   string
	path   func(testing.TB) string
	digest string
}{
	{"github", peers.GitHubOpenAPI, "eadda735f6555797b22e0f46d65e5e3742c630203ea34d99277c5aba9e709558"},
	{"graph", peers.GraphOpenAPI, "528168f137c77a2298a11c6aa94418b462f88c0fe5df63cff36c91fbe5496f9e"},
}

// BenchmarkLargeDocuments loads GitHub's REST description and Microsoft Graph
// v1.0 as a preview does, in-process, and fails unless each catalog is the
// one recorded. Profiles show where a large document's time and memory go:
//
//	go test ./openapi -run '^$' -bench LargeDocuments/graph -benchtime 1x -cpuprofile cpu.out -memprofile mem.out
func BenchmarkLargeDocuments(b *testing.B) {
	for _, d := range largeDocs {
		b.Run(d.name, func(b *testing.B) {
			data, err := os.ReadFile(d.path(b))
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			var cat *Catalog
			for b.Loop() {
				if cat, err = Load(data, Options{Namespace: d.name, PathPrefix: d.name}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(cat.Tools)), "tools")
			whole, err := json.Marshal(cat)
			if err != nil {
				b.Fatal(err)
			}
			if sum := sha256.Sum256(whole); hex.EncodeToString(sum[:]) != d.digest {
				b.Errorf("the %s catalog's SHA-256 is %x, not %s as recorded: the loader's output changed", d.name, sum, d.digest)
			}
		})
	}
}
