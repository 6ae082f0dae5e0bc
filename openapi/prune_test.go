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

// TestPruneGitHubSameTools: GitHub's REST description loads into exactly the
// same tools pruned and whole.
func TestPruneGitHubSameTools(t *testing.T) {
	data, err := os.ReadFile(peers.GitHubOpenAPI(t))
	if err != nil {
		t.Fatal(err)
	}
	pruned, err := Load(data, Options{Namespace: "github"})
	if err != nil {
		t.Fatal(err)
	}
	whole, err := Load(data, Options{Namespace: "github", noPrune: true})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(pruned.Tools)
	b, _ := json.Marshal(whole.Tools)
	if len(pruned.Tools) < 1000 || !bytes.Equal(a, b) {
		t.Fatalf("pruned: %d tools, whole: %d tools; identical JSON: %v", len(pruned.Tools), len(whole.Tools), bytes.Equal(a, b))
	}
}
