package openapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// notePointer is how a description refers to a Note.
var notePointer = regexp.MustCompile(`\(note ([a-z0-9]+-[0-9]+)\)`)

// Shorten derives short descriptions from a catalog loaded with full ones
// (DescriptionsFull, SchemasCompact): the first sentence of each operation
// and property description, the constraint sentences kept, and notes shared
// again among what remains, as Load with DescriptionsShort does (a test
// holds the two byte-identical for the Cognito documents). It parses no
// document, so a precomputed catalog gets short descriptions in
// milliseconds. namespace names the new notes. cat is not modified.
func Shorten(cat *Catalog, namespace string) (*Catalog, error) {
	notes := make(map[string]string, len(cat.Notes))
	for _, n := range cat.Notes {
		notes[n.ID] = n.Text
	}
	expand := func(s string) string {
		if !strings.Contains(s, "(note ") {
			return s
		}
		return notePointer.ReplaceAllStringFunc(s, func(m string) string {
			if text, ok := notes[notePointer.FindStringSubmatch(m)[1]]; ok {
				return text
			}
			return m
		})
	}
	// The passes Load makes with DescriptionsShort, on the full text.
	texts := textPass{firstSentence, dropSeeAlso}
	opts := Options{Namespace: namespace, Descriptions: DescriptionsShort}
	out := *cat
	out.Tools = slices.Clone(cat.Tools)
	schemas := make([]map[string]any, len(out.Tools))
	for i := range out.Tools {
		t := &out.Tools[i]
		t.Description = texts.apply(expand(withoutPagingNote(t)))
		s, err := decodeSchema(t.InputSchema)
		if err != nil {
			return nil, fmt.Errorf("tool %s: input schema: %w", t.Path, err)
		}
		eachDescription(s, func(_ string, s map[string]any) { setDesc(s, expand(strDesc(s))) })
		compactDescriptions(s, []string{cat.Title, t.Title}, texts, opts)
		schemas[i] = s
	}
	out.Notes = shareNotes(out.Tools, schemas, namespace)
	for i := range out.Tools {
		t := &out.Tools[i]
		t.Description = collapseSpace(t.Description)
		addPagingNote(t)
		eachDescription(schemas[i], func(_ string, s map[string]any) { setDesc(s, collapseSpace(strDesc(s))) })
		raw, err := marshalSchema(schemas[i])
		if err != nil {
			return nil, fmt.Errorf("tool %s: input schema: %w", t.Path, err)
		}
		t.InputSchema = raw
	}
	return &out, nil
}

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
