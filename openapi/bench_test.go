package openapi

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// BenchmarkLoadCognito measures Load of the embedded document; compare it
// with BenchmarkKinLoadCognito, kin-openapi's parse and $ref resolution
// alone, which Load cannot avoid.
func BenchmarkLoadCognito(b *testing.B) {
	data := readBench(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(data, Options{Namespace: "cognito"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkKinLoadCognito is the baseline: kin-openapi's LoadFromData.
func BenchmarkKinLoadCognito(b *testing.B) {
	data := readBench(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := openapi3.NewLoader().LoadFromData(data); err != nil {
			b.Fatal(err)
		}
	}
}

func readBench(b *testing.B) []byte {
	b.Helper()
	data, err := os.ReadFile("testdata/cognito-idp.openapi.yaml")
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// BenchmarkCatalogBytes measures, in one run, what the model reads of the
// Cognito catalog: the name, title, description and input schema of every
// tool, JSON-encoded as tools/list sends them. The baseline is the verbose
// form (SchemasVerbose), recomputed here; full and short are the compact
// schemas with full and short descriptions. The notes the compact forms
// move out of the tools (for the server's instructions) are reported
// separately and in a ratio that counts them.
func BenchmarkCatalogBytes(b *testing.B) {
	data := readBench(b)
	var verbose, full, short *Catalog
	for b.Loop() {
		var err error
		if verbose, err = Load(data, Options{Namespace: "cognito", Schemas: SchemasVerbose}); err != nil {
			b.Fatal(err)
		}
		if full, err = Load(data, Options{Namespace: "cognito"}); err != nil {
			b.Fatal(err)
		}
		if short, err = Load(data, Options{Namespace: "cognito", Descriptions: DescriptionsShort}); err != nil {
			b.Fatal(err)
		}
	}
	base := float64(modelFacingBytes(b, verbose))
	b.ReportMetric(base, "verbose-bytes")
	for _, m := range []struct {
		name string
		cat  *Catalog
	}{{"full", full}, {"short", short}} {
		n, notes := float64(modelFacingBytes(b, m.cat)), float64(notesBytes(m.cat))
		b.ReportMetric(n, m.name+"-bytes")
		b.ReportMetric(n/base, m.name+"-ratio")
		b.ReportMetric(notes, m.name+"-notes-bytes")
		b.ReportMetric((n+notes)/base, m.name+"+notes-ratio")
	}
}

// modelFacingBytes is the size of the tools as a host puts them in the
// model's context: name, title, description and inputSchema of each.
func modelFacingBytes(tb testing.TB, cat *Catalog) int {
	tb.Helper()
	n := 0
	for _, t := range cat.Tools {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		err := enc.Encode(struct {
			Name        string          `json:"name"`
			Title       string          `json:"title"`
			Description string          `json:"description"`
			InputSchema json.RawMessage `json:"inputSchema"`
		}{t.Name, t.Title, t.Description, t.InputSchema})
		if err != nil {
			tb.Fatal(err)
		}
		n += buf.Len() - 1 // the encoder's newline
	}
	return n
}

// notesBytes is the size of the notes written as "<id>: <text>" lines.
func notesBytes(cat *Catalog) int {
	n := 0
	for _, note := range cat.Notes {
		n += len(note.ID) + 2 + len(note.Text) + 1
	}
	return n
}
