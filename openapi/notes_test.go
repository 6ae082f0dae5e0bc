package openapi

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

// TestExpandNotes puts the text of cited notes back in a tool's
// description and input schema, escaped as JSON where it lands in the
// schema, and leaves the tool it was given and unknown pointers alone.
func TestExpandNotes(t *testing.T) {
	notes := []Note{{ID: "w-7", Text: "Out of order."}, {ID: "w-1", Text: `Say "please" & wait <1 s>.`}}
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

// TestExpandPointers: pointers are found as the regular expression
// \(note ([a-z0-9]+-[0-9]+)\) finds them, leftmost first.
func TestExpandPointers(t *testing.T) {
	re := regexp.MustCompile(`\(note ([a-z0-9]+-[0-9]+)\)`)
	for _, s := range []string{
		"", "(note a-1)", "x (note a-1)(note b2-30) y", "(note (note a-1)", "(note a-1-2)", "(note a-)",
		"(note -1)", "(note A-1)", "(note a-1", "(note a1-1) (note zz-9) end (note a-12)", "((note a-1))",
	} {
		want := re.ReplaceAllStringFunc(s, func(m string) string { return "<" + re.FindStringSubmatch(m)[1] + ">" })
		got := expandPointers([]byte(s), func(id []byte) ([]byte, bool) {
			return []byte("<" + string(id) + ">"), string(id) != "zz-9"
		})
		want = strings.ReplaceAll(want, "<zz-9>", "(note zz-9)")
		if string(got) != want {
			t.Errorf("expandPointers(%q) = %q, want %q", s, got, want)
		}
	}
}
