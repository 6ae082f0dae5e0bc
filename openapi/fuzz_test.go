package openapi

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// maxFuzzDocument bounds the documents the fuzzer tries, so one input
// can't take the target's time: the loader's limits are the registry's.
const maxFuzzDocument = 64 << 10

// compactName is what every MCP name must look like.
var compactName = regexp.MustCompile(`^[a-z0-9_]{1,48}$`)

// FuzzLoad: any bytes give a catalog or an error, never a panic or a hang;
// a catalog's tools have safe names and JSON input schemas.
func FuzzLoad(f *testing.F) {
	for _, file := range []string{"petstore.openapi.yaml", "petstore.swagger2.json"} {
		data, err := os.ReadFile(filepath.Join("testdata", file))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add(cognitoExcerpt(f, "AdminCreateUser", "ListUsers", "InitiateAuth", "AdminListUserAuthEvents"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzDocument {
			return
		}
		cat, err := Load(data, Options{Namespace: "fuzz", PathPrefix: "fuzz"})
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an error without a message")
			}
			return
		}
		if cat == nil {
			t.Fatal("no catalog and no error")
		}
		seen := map[string]bool{}
		for _, tool := range cat.Tools {
			if !compactName.MatchString(tool.Name) || strings.Contains(tool.Name, "__") {
				t.Errorf("tool name %q is not a safe MCP name", tool.Name)
			}
			if seen[tool.Name] {
				t.Errorf("tool name %q twice", tool.Name)
			}
			seen[tool.Name] = true
			if !json.Valid(tool.InputSchema) {
				t.Errorf("%s: input schema is not JSON", tool.Name)
			}
			if len(tool.OutputSchema) > 0 && !json.Valid(tool.OutputSchema) {
				t.Errorf("%s: output schema is not JSON", tool.Name)
			}
		}
	})
}

// cognitoExcerpt is the Cognito document cut down to the named
// operations and the components they refer to, as JSON: small enough for
// the fuzzer, with every trap of the whole (the #fragment paths, the fixed
// X-Amz-Target, the signing headers, DateType, the lookbehind pattern).
func cognitoExcerpt(tb testing.TB, ops ...string) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "cognito-idp.openapi.yaml"))
	if err != nil {
		tb.Fatal(err)
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(data)
	if err != nil {
		tb.Fatal(err)
	}
	raw, err := doc.MarshalJSON()
	if err != nil {
		tb.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		tb.Fatal(err)
	}
	paths := map[string]any{}
	for p, item := range m["paths"].(map[string]any) {
		if slices.ContainsFunc(ops, func(op string) bool { return strings.HasSuffix(p, "."+op) }) {
			paths[p] = item
		}
	}
	m["paths"] = paths
	components, _ := m["components"].(map[string]any)
	kept := map[string]map[string]any{}
	queue := []any{paths}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		switch x := v.(type) {
		case map[string]any:
			if ref, ok := x["$ref"].(string); ok {
				if parts := strings.Split(ref, "/"); len(parts) == 4 && parts[0] == "#" && parts[1] == "components" {
					section, name := parts[2], parts[3]
					if kept[section] == nil {
						kept[section] = map[string]any{}
					}
					if _, done := kept[section][name]; !done {
						if sec, ok := components[section].(map[string]any); ok && sec[name] != nil {
							kept[section][name] = sec[name]
							queue = append(queue, sec[name])
						}
					}
				}
			}
			for _, val := range x {
				queue = append(queue, val)
			}
		case []any:
			queue = append(queue, x...)
		}
	}
	out := map[string]any{}
	for section, entries := range kept {
		out[section] = entries
	}
	if sec, ok := components["securitySchemes"]; ok {
		out["securitySchemes"] = sec
	}
	m["components"] = out
	b, err := json.Marshal(m)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// TestCognitoExcerptLoads: the fuzzer's Cognito seed is a working document.
func TestCognitoExcerptLoads(t *testing.T) {
	seed := cognitoExcerpt(t, "AdminCreateUser", "ListUsers", "InitiateAuth", "AdminListUserAuthEvents")
	if len(seed) > maxFuzzDocument {
		t.Fatalf("the seed is %d bytes, more than the fuzz target reads", len(seed))
	}
	cat, err := Load(seed, Options{Namespace: "cognito"})
	if err != nil {
		t.Fatal(err)
	}
	if len(cat.Tools) != 4 {
		t.Errorf("%d tools, want 4", len(cat.Tools))
	}
}
