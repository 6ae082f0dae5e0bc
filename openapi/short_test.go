package openapi

import (
	"encoding/json"
	"reflect"
	"testing"
)

// TestShortenMatchesLoad derives short descriptions from the full Cognito
// catalog and compares them with Load's: the same schemas once descriptions
// are set aside, and about the same size.
func TestShortenMatchesLoad(t *testing.T) {
	full := loadCognito(t)
	loaded := loadFile(t, "cognito-idp.openapi.yaml", Options{Namespace: "cognito", Descriptions: DescriptionsShort})
	fullBefore, _ := json.Marshal(full)
	derived, err := Shorten(full, "cognito")
	if err != nil {
		t.Fatal(err)
	}
	if after, _ := json.Marshal(full); string(after) != string(fullBefore) {
		t.Fatal("Shorten modified its argument")
	}
	if len(derived.Tools) != len(loaded.Tools) {
		t.Fatalf("%d tools, want %d", len(derived.Tools), len(loaded.Tools))
	}
	size := func(c *Catalog) int {
		n := 0
		for _, tl := range c.Tools {
			n += len(tl.Description) + len(tl.InputSchema)
		}
		for _, note := range c.Notes {
			n += len(note.Text)
		}
		return n
	}
	same := 0
	for i := range derived.Tools {
		d, l := &derived.Tools[i], &loaded.Tools[i]
		if d.Name != l.Name || !reflect.DeepEqual(stripDescriptions(t, d.InputSchema), stripDescriptions(t, l.InputSchema)) {
			t.Errorf("%s: schema differs from Load's beyond descriptions", d.Name)
		}
		if string(d.InputSchema) == string(l.InputSchema) && d.Description == l.Description {
			same++
		}
	}
	ds, ls := size(derived), size(loaded)
	t.Logf("derived %d bytes, loaded %d; %d of %d tools byte-identical", ds, ls, same, len(derived.Tools))
	if ds > ls*105/100 || ds < ls*95/100 {
		t.Errorf("derived short catalog is %d bytes, Load's %d: want within 5%%", ds, ls)
	}
	if same < len(derived.Tools)*3/4 {
		t.Errorf("only %d of %d tools identical to Load's", same, len(derived.Tools))
	}
}

// stripDescriptions is a schema without its description keywords.
func stripDescriptions(t *testing.T, raw json.RawMessage) map[string]any {
	t.Helper()
	s, err := decodeSchema(raw)
	if err != nil {
		t.Fatal(err)
	}
	eachSchema(s, "", func(_ string, s map[string]any) { delete(s, "description") })
	return s
}

// BenchmarkShorten is what --descriptions short adds to the start of the
// server: shortening the embedded Cognito catalog in memory.
//
//	go test ./openapi -run '^$' -bench Shorten
func BenchmarkShorten(b *testing.B) {
	full := loadCognito(b)
	for b.Loop() {
		if _, err := Shorten(full, "cognito"); err != nil {
			b.Fatal(err)
		}
	}
}
