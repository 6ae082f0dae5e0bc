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

// TestExpandNotes puts the text of cited notes back in a tool's
// description and input schema, escaped as JSON where it lands in the
// schema, and leaves the tool it was given and unknown pointers alone.
func TestExpandNotes(t *testing.T) {
	notes := []Note{{ID: "w-1", Text: `Say "please" & wait <1 s>.`}}
	tool := Tool{
		Description: "Make a widget. (note w-1) (note w-9)",
		InputSchema: json.RawMessage(`{"type":"object","properties":{"name":{"type":"string","description":"The name. (note w-1)"}}}`),
	}
	got := ExpandNotes(tool, notes)
	if want := `Make a widget. Say "please" & wait <1 s>. (note w-9)`; got.Description != want {
		t.Errorf("description %q, want %q", got.Description, want)
	}
	var schema struct {
		Properties map[string]struct{ Description string } `json:"properties"`
	}
	if err := json.Unmarshal(got.InputSchema, &schema); err != nil {
		t.Fatalf("expanded schema %s: %v", got.InputSchema, err)
	}
	if d := schema.Properties["name"].Description; d != `The name. Say "please" & wait <1 s>.` {
		t.Errorf("schema description %q", d)
	}
	if tool.Description != "Make a widget. (note w-1) (note w-9)" || !json.Valid(tool.InputSchema) || string(tool.InputSchema) == string(got.InputSchema) {
		t.Errorf("the given tool changed, or the schema did not: %+v", tool)
	}
}
