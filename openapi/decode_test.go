package openapi

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"reflect"
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

// TestPathDecoderSameItems: pathDecoder gives each path item exactly what
// kin-openapi's UnmarshalJSON gives, extensions, repeated parameters and
// bodies, fields it leaves to kin-openapi and nulls included.
func TestPathDecoderSameItems(t *testing.T) {
	param := `{"name":"$top","in":"query","schema":{"type":"integer","minimum":0},"x-ms-docs":"p"}`
	body := `{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/a"}}},"required":true}`
	items := []string{
		`{"summary":"s","description":"d","x-ms-docs-grouped-path":["/b"],"parameters":[` + param + `],
		  "get":{"tags":["t"],"summary":"g","operationId":"get","parameters":[` + param + `,{"$ref":"#/components/parameters/p"}],
		    "responses":{"200":{"description":"ok"}},"deprecated":true,"security":[{"k":[]}],"servers":[{"url":"https://x"}],
		    "externalDocs":{"url":"https://docs"},"x-ms-pageable":{"nextLinkName":"n"}},
		  "post":{"operationId":"post","requestBody":` + body + `,"callbacks":{},"responses":{}},
		  "patch":{"operationId":"patch","requestBody":` + body + `,"parameters":[],"responses":{"default":{"description":"x"}}},
		  "delete":null}`,
		`{"$ref":"#/components/pathItems/x"}`,
		`{"get":{"operationId":"a","responses":null}}`,
		`{"get":{"operationId":"a","Tags":["upper"],"responses":{}}}`,
		`{"GET":{"operationId":"upper"},"parameters":null}`,
		`{"query":{"operationId":"q","responses":{}}}`,
	}
	d := newPathDecoder()
	for _, raw := range items {
		var want openapi3.PathItem
		wantErr := json.Unmarshal([]byte(raw), &want)
		got, err := d.item([]byte(raw))
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("%s: error %v, kin-openapi's %v", raw, err, wantErr)
		}
		if err == nil && !reflect.DeepEqual(got, &want) {
			t.Errorf("%s: decoded\n%#v\nkin-openapi\n%#v", raw, got, &want)
		}
	}
	if len(d.params) != 2 || len(d.bodies) != 1 {
		t.Errorf("%d distinct parameters and %d bodies decoded, want 2 and 1", len(d.params), len(d.bodies))
	}
	for _, bad := range []string{`{"get":7}`, `{"parameters":{}}`, `{"get":{"tags":"t"}}`, `{"get":{"requestBody":[]}}`} {
		if _, err := d.item([]byte(bad)); err == nil {
			t.Errorf("%s decoded without error", bad)
		}
	}
}
