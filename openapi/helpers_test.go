package openapi

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"regexp"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

var nameRE = regexp.MustCompile(`^[a-z0-9_]{1,48}$`)

// loadFile loads a testdata document or fails the test.
func loadFile(t testing.TB, file string, opts Options) *Catalog {
	t.Helper()
	data, err := os.ReadFile("testdata/" + file)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := Load(data, opts)
	if err != nil {
		t.Fatalf("Load(%s): %v", file, err)
	}
	return cat
}

// loadString loads an inline document or fails the test.
func loadString(t testing.TB, doc string) *Catalog {
	t.Helper()
	return loadStringWith(t, doc, Options{Namespace: "t"})
}

// loadStringWith loads an inline document with opts or fails the test.
func loadStringWith(t testing.TB, doc string, opts Options) *Catalog {
	t.Helper()
	cat, err := Load([]byte(doc), opts)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return cat
}

// compileSchema compiles raw as a JSON Schema 2020-12 document with the
// validator the executor uses.
func compileSchema(t testing.TB, raw json.RawMessage) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("schema is not JSON: %v", err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource("mem:///schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("mem:///schema.json")
	if err != nil {
		t.Fatalf("schema does not compile: %v\n%s", err, raw)
	}
	return s
}

// schemaMap decodes a tool schema.
func schemaMap(t testing.TB, raw json.RawMessage) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// toolByTitle finds a tool by operationId or fails the test.
func toolByTitle(t testing.TB, cat *Catalog, title string) *Tool {
	t.Helper()
	for i := range cat.Tools {
		if cat.Tools[i].Title == title {
			return &cat.Tools[i]
		}
	}
	t.Fatalf("no tool %s", title)
	return nil
}

// validates reports whether args (JSON) satisfy the tool's input schema.
func validates(t testing.TB, tool *Tool, args string) error {
	t.Helper()
	s := compileSchema(t, tool.InputSchema)
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader([]byte(args)))
	if err != nil {
		t.Fatal(err)
	}
	return s.Validate(v)
}
