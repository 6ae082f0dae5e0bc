package openapi

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// TestDecodeLargeSameDocument: decodeLarge gives the document json.Unmarshal
// gives, extensions included.
func TestDecodeLargeSameDocument(t *testing.T) {
	for _, file := range []string{"cognito-idp.openapi.yaml", "petstore.openapi.yaml"} {
		data, err := os.ReadFile("testdata/" + file)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := openapi3.NewLoader().LoadFromData(data)
		if err != nil {
			t.Fatal(err)
		}
		doc.Extensions = map[string]any{"x-top": "t"}
		doc.Paths.Extensions = map[string]any{"x-paths": []any{1.0}}
		doc.Components.Extensions = map[string]any{"x-comp": map[string]any{"a": true}}
		asJSON, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		var want openapi3.T
		if err := json.Unmarshal(asJSON, &want); err != nil {
			t.Fatal(err)
		}
		got, err := decodeLarge(splitJSON(t, asJSON))
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		a, _ := json.Marshal(&want)
		b, _ := json.Marshal(got)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: decodeLarge differs from json.Unmarshal", file)
		}
	}
	if _, err := decodeLarge(splitJSON(t, []byte(`{"openapi":"3.0.3","paths":{"/a":{"get":7}}}`))); err == nil {
		t.Error("a malformed path item decoded without error")
	}
}

// splitJSON splits a document as prune does, without pruning anything.
func splitJSON(t *testing.T, data []byte) *splitDoc {
	t.Helper()
	d := &splitDoc{}
	if err := json.Unmarshal(data, &d.top); err != nil {
		t.Fatal(err)
	}
	if raw, ok := d.top["paths"]; ok {
		if err := json.Unmarshal(raw, &d.paths); err != nil {
			t.Fatal(err)
		}
		delete(d.top, "paths")
	}
	if raw, ok := d.top["components"]; ok {
		if err := json.Unmarshal(raw, &d.comps); err != nil {
			t.Fatal(err)
		}
		delete(d.top, "components")
	}
	return d
}

// joinJSON is the document a splitDoc stands for.
func joinJSON(t *testing.T, d *splitDoc) []byte {
	t.Helper()
	top := maps.Clone(d.top)
	for key, part := range map[string]map[string]json.RawMessage{"paths": d.paths, "components": d.comps} {
		if part != nil {
			b, err := json.Marshal(part)
			if err != nil {
				t.Fatal(err)
			}
			top[key] = b
		}
	}
	b, err := json.Marshal(top)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
