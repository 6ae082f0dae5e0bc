package openapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"sync"
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

// catalogDocs are the two Cognito documents the byte targets of issue 9
// hold for: the APIs.guru one (101 operations) and the one generated from
// AWS's current model (129 operations, with much longer documentation).
var catalogDocs = []struct {
	name, file string
	tools      int
}{
	{"apisguru", "testdata/cognito-idp.openapi.yaml", 101},
	{"aws", cognitoModelDoc, 129},
}

// The targets of issue 9: what the model reads of the compact catalog, as
// a share of the verbose one, with full and with short descriptions.
const (
	maxFullRatio  = 0.60
	maxShortRatio = 0.35
)

// catalogSizes is what the model reads of one document's catalog in each
// form: the verbose baseline, compact with full descriptions and compact
// with short ones, each with the bytes of its notes.
type catalogSizes struct {
	verbose, full, short, fullNotes, shortNotes int
}

func (c catalogSizes) ratio(n int) float64 { return float64(n) / float64(c.verbose) }

// catalogForms are one document's catalog in the three forms.
type catalogForms struct{ verbose, full, short *Catalog }

// loadForms loads data in the three forms.
func loadForms(data []byte) (catalogForms, error) {
	var f catalogForms
	for _, l := range []struct {
		cat  **Catalog
		opts Options
	}{
		{&f.verbose, Options{Namespace: "cognito", Schemas: SchemasVerbose}},
		{&f.full, Options{Namespace: "cognito"}},
		{&f.short, Options{Namespace: "cognito", Descriptions: DescriptionsShort}},
	} {
		cat, err := Load(data, l.opts)
		if err != nil {
			return f, err
		}
		*l.cat = cat
	}
	return f, nil
}

// cognitoForms loads each of catalogDocs once for the tests, which only
// read the catalogs.
var cognitoForms = sync.OnceValues(func() (map[string]catalogForms, error) {
	out := map[string]catalogForms{}
	for _, doc := range catalogDocs {
		data, err := os.ReadFile(doc.file)
		if err != nil {
			return nil, err
		}
		if out[doc.name], err = loadForms(data); err != nil {
			return nil, fmt.Errorf("load %s: %w", doc.file, err)
		}
	}
	return out, nil
})

// formsOf is cognitoForms for one of catalogDocs, or fails the test.
func formsOf(t testing.TB, name string) catalogForms {
	t.Helper()
	all, err := cognitoForms()
	if err != nil {
		t.Fatal(err)
	}
	return all[name]
}

// measure measures the three forms of one catalog.
func (f catalogForms) measure(tb testing.TB) catalogSizes {
	tb.Helper()
	return catalogSizes{
		verbose: modelFacingBytes(tb, f.verbose),
		full:    modelFacingBytes(tb, f.full), fullNotes: notesBytes(f.full),
		short: modelFacingBytes(tb, f.short), shortNotes: notesBytes(f.short),
	}
}

// TestCatalogBytesTargets holds both Cognito catalogs to the targets of
// issue 9. Bytes are deterministic, so this is a fair test. The notes the
// server's instructions add are logged, not held to the targets.
func TestCatalogBytesTargets(t *testing.T) {
	for _, doc := range catalogDocs {
		m := formsOf(t, doc.name).measure(t)
		t.Logf("%s: verbose %d bytes; full %d (%.1f%%, %.1f%% with %d bytes of notes); short %d (%.1f%%, %.1f%% with %d bytes of notes)",
			doc.name, m.verbose,
			m.full, 100*m.ratio(m.full), 100*m.ratio(m.full+m.fullNotes), m.fullNotes,
			m.short, 100*m.ratio(m.short), 100*m.ratio(m.short+m.shortNotes), m.shortNotes)
		if r := m.ratio(m.full); r > maxFullRatio {
			t.Errorf("%s: full mode is %.1f%% of the verbose catalog, want at most %.0f%%", doc.name, 100*r, 100*maxFullRatio)
		}
		if r := m.ratio(m.short); r > maxShortRatio {
			t.Errorf("%s: short descriptions are %.1f%% of the verbose catalog, want at most %.0f%%", doc.name, 100*r, 100*maxShortRatio)
		}
		// Notes are said once beside the tools; in short mode they must
		// stay a small part of what the model reads.
		if m.shortNotes > m.short/10 {
			t.Errorf("%s: short mode's notes are %d bytes, more than a tenth of its %d bytes of tools", doc.name, m.shortNotes, m.short)
		}
	}
}

// BenchmarkCatalogBytes measures, in one run, what the model reads of each
// Cognito catalog: the name, title, description and input schema of every
// tool, JSON-encoded as tools/list sends them. The baseline is the verbose
// form (SchemasVerbose), recomputed here; full and short are the compact
// schemas with full and short descriptions. The notes the compact forms
// move out of the tools (for the server's instructions) are reported
// separately and in a ratio that counts them.
func BenchmarkCatalogBytes(b *testing.B) {
	for _, doc := range catalogDocs {
		b.Run(doc.name, func(b *testing.B) {
			data, err := os.ReadFile(doc.file)
			if err != nil {
				b.Fatal(err)
			}
			var m catalogSizes
			for b.Loop() {
				f, err := loadForms(data)
				if err != nil {
					b.Fatal(err)
				}
				m = f.measure(b)
			}
			b.ReportMetric(float64(m.verbose), "verbose-bytes")
			for _, f := range []struct {
				name     string
				n, notes int
			}{{"full", m.full, m.fullNotes}, {"short", m.short, m.shortNotes}} {
				b.ReportMetric(float64(f.n), f.name+"-bytes")
				b.ReportMetric(m.ratio(f.n), f.name+"-ratio")
				b.ReportMetric(float64(f.notes), f.name+"-notes-bytes")
				b.ReportMetric(m.ratio(f.n+f.notes), f.name+"+notes-ratio")
			}
		})
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
