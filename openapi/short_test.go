package openapi

import (
	"encoding/json"
	"os"
	"testing"
)

// TestShortenMatchesLoad derives short descriptions from the full Cognito
// catalogs (the 2016 document and AWS's current model) and compares them
// with what Load gives with DescriptionsShort: the same catalog, byte for
// byte.
func TestShortenMatchesLoad(t *testing.T) {
	for _, doc := range []string{"testdata/cognito-idp.openapi.yaml", cognitoModelDoc} {
		t.Run(doc, func(t *testing.T) {
			data, err := os.ReadFile(doc)
			if err != nil {
				t.Fatal(err)
			}
			full, err := Load(data, Options{Namespace: "cognito"})
			if err != nil {
				t.Fatal(err)
			}
			loaded, err := Load(data, Options{Namespace: "cognito", Descriptions: DescriptionsShort})
			if err != nil {
				t.Fatal(err)
			}
			fullBefore, _ := json.Marshal(full)
			derived, err := Shorten(full, "cognito")
			if err != nil {
				t.Fatal(err)
			}
			if after, _ := json.Marshal(full); string(after) != string(fullBefore) {
				t.Fatal("Shorten modified its argument")
			}
			for i := range min(len(derived.Tools), len(loaded.Tools)) {
				d, l := &derived.Tools[i], &loaded.Tools[i]
				if d.Description != l.Description || string(d.InputSchema) != string(l.InputSchema) {
					t.Errorf("%s differs from Load's:\n%s\n%s\nLoad:\n%s\n%s", d.Name, d.Description, d.InputSchema, l.Description, l.InputSchema)
				}
			}
			got, _ := json.Marshal(derived)
			want, _ := json.Marshal(loaded)
			if string(got) != string(want) {
				t.Errorf("the derived catalog (%d bytes) differs from Load's (%d bytes)", len(got), len(want))
			}
		})
	}
}

// BenchmarkShorten is what --descriptions short adds to the start of the
// server: shortening the embedded Cognito catalog in memory.
//
//	go test ./openapi -run '^$' -bench Shorten
func BenchmarkShorten(b *testing.B) {
	full := loadCognitoModel(b)
	for b.Loop() {
		if _, err := Shorten(full, "cognito"); err != nil {
			b.Fatal(err)
		}
	}
}
