package openapi

import (
	"bytes"
	"encoding/json"
	"regexp"
)

// notePointer is how a description refers to a Note.
var notePointer = regexp.MustCompile(`\(note ([a-z0-9]+-[0-9]+)\)`)

// ExpandNotes returns t with each "(note ID)" its description and input
// schema cite replaced by the note's text, as the description read before
// the text was shared: for a client that has no other way to read the
// notes. Pointers to notes not in notes are left as they are. t is not
// modified.
func ExpandNotes(t Tool, notes []Note) Tool {
	if len(notes) == 0 {
		return t
	}
	texts := make(map[string]string, len(notes))
	for _, n := range notes {
		texts[n.ID] = n.Text
	}
	text := func(m []byte) ([]byte, bool) {
		s, ok := texts[string(notePointer.FindSubmatch(m)[1])]
		return []byte(s), ok
	}
	t.Description = string(notePointer.ReplaceAllFunc([]byte(t.Description), func(m []byte) []byte {
		if s, ok := text(m); ok {
			return s
		}
		return m
	}))
	if bytes.Contains(t.InputSchema, []byte("(note ")) {
		// Pointers stand inside JSON strings; the text goes in escaped.
		t.InputSchema = notePointer.ReplaceAllFunc(t.InputSchema, func(m []byte) []byte {
			s, ok := text(m)
			if !ok {
				return m
			}
			quoted, _ := json.Marshal(string(s)) // a string always marshals
			return quoted[1 : len(quoted)-1]
		})
	}
	return t
}
