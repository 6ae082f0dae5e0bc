package openapi

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"

	"github.com/cognito-mcp/cognito-mcp/internal/peers"
)

func TestPruneKeepsWhatIsReferenced(t *testing.T) {
	doc := `{"openapi":"3.0.3","info":{"title":"t","version":"1"},
	"paths":{"/a":{"post":{"operationId":"postA",
		"parameters":[{"name":"q","in":"query","schema":{"type":"string"},"example":"x","examples":{"one":{"$ref":"#/components/examples/Ex"}}}],
		"requestBody":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Pet"},"examples":{"e":{"value":{}}}}}},
		"responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Big"}}}}}}}},
	"components":{
		"schemas":{
			"Pet":{"oneOf":[{"$ref":"#/components/schemas/Cat"}],"discriminator":{"propertyName":"kind","mapping":{"dog":"#/components/schemas/Dog"}}},
			"Cat":{"type":"object","properties":{"owner":{"$ref":"#/components/schemas/a~1b"}}},
			"Dog":{"type":"object"},
			"a/b":{"type":"string"},
			"Big":{"type":"object","properties":{"x":{"$ref":"#/components/schemas/OnlyBig"}}},
			"OnlyBig":{"type":"object"},
			"Unused":{"type":"object"}},
		"examples":{"Ex":{"value":"x"}},
		"securitySchemes":{"k":{"type":"apiKey","in":"header","name":"k"}}}}`
	split, ok := prune([]byte(doc))
	if !ok {
		t.Fatal("prune refused a JSON document")
	}
	out := joinJSON(t, split)
	var got map[string]any
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	schemas := got["components"].(map[string]any)["schemas"].(map[string]any)
	for _, keep := range []string{"Pet", "Cat", "Dog", "a/b"} {
		if schemas[keep] == nil {
			t.Errorf("schema %s was referenced and is gone", keep)
		}
	}
	for _, gone := range []string{"Big", "OnlyBig", "Unused"} {
		if schemas[gone] != nil {
			t.Errorf("schema %s is referenced only by responses or not at all, and was kept", gone)
		}
	}
	comps := got["components"].(map[string]any)
	if comps["examples"] != nil || comps["securitySchemes"] == nil {
		t.Errorf("components after pruning: %v", comps)
	}
	if bytes.Contains(out, []byte(`"example"`)) || bytes.Contains(out, []byte(`"examples"`)) {
		t.Errorf("examples left: %s", out)
	}

	// With a $ref to another file, components stay whole.
	ext := bytes.Replace([]byte(doc), []byte(`"#/components/schemas/Dog"}`), []byte(`"#/components/schemas/Dog"},"x-other":{"$ref":"other.json#/X"}`), 1)
	split, _ = prune(ext)
	out = joinJSON(t, split)
	if !bytes.Contains(out, []byte(`"Unused"`)) {
		t.Error("components pruned although the document refers to another file")
	}
}

// TestPruneSameTools: the real documents the repository holds (the
// botocore-generated Cognito document, the APIs.guru one, the Petstore) load
// into exactly the same tools pruned and whole. BenchmarkPruneGitHub checks
// the same on GitHub's 13 MB description, which only benchmarks install.
func TestPruneSameTools(t *testing.T) {
	for _, path := range []string{
		"../registry/embedded/cognito-idp.openapi.json",
		"testdata/cognito-idp.openapi.yaml",
		"testdata/petstore.openapi.yaml",
	} {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		pruned, whole := loadPrunedAndWhole(t, data, "doc")
		if len(pruned.Tools) < 19 || !sameTools(pruned, whole) {
			t.Errorf("%s: pruned %d tools, whole %d; identical JSON: %v", path, len(pruned.Tools), len(whole.Tools), sameTools(pruned, whole))
		}
	}
}

// BenchmarkPruneGitHub fails unless GitHub's REST description loads into
// exactly the same tools pruned and whole, then measures the pruned load.
//
//	go test ./openapi -run '^$' -bench PruneGitHub -benchtime 3x
func BenchmarkPruneGitHub(b *testing.B) {
	data, err := os.ReadFile(peers.GitHubOpenAPI(b))
	if err != nil {
		b.Fatal(err)
	}
	pruned, whole := loadPrunedAndWhole(b, data, "github")
	if len(pruned.Tools) < 1000 || !sameTools(pruned, whole) {
		b.Fatalf("pruned: %d tools, whole: %d tools; identical JSON: %v", len(pruned.Tools), len(whole.Tools), sameTools(pruned, whole))
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(data, Options{Namespace: "github"}); err != nil {
			b.Fatal(err)
		}
	}
}

func loadPrunedAndWhole(tb testing.TB, data []byte, ns string) (pruned, whole *Catalog) {
	tb.Helper()
	pruned, err := Load(data, Options{Namespace: ns})
	if err != nil {
		tb.Fatal(err)
	}
	whole, err = Load(data, Options{Namespace: ns, noPrune: true})
	if err != nil {
		tb.Fatal(err)
	}
	return pruned, whole
}

func sameTools(a, b *Catalog) bool {
	x, _ := json.Marshal(a.Tools)
	y, _ := json.Marshal(b.Tools)
	return bytes.Equal(x, y)
}
