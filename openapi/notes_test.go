package openapi

import (
	"encoding/json"
	"testing"
)

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
