package openapi

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Shared text becomes a note when a paragraph of at least minNoteParagraph
// bytes, or a sentence of at least minNoteSentence bytes, occurs more than
// once in a catalog's descriptions. Shorter text costs about as much as the
// "(note cognito-12)" that would replace it.
const (
	minNoteParagraph = 100
	minNoteSentence  = 80
)

// patternNote starts the sentence the converter writes for a pattern it
// could not keep; short descriptions keep it, since it states a constraint.
const patternNote = "Must match the pattern: "

// seeAlso matches "For more information[ about X], see <page title>." AWS
// documents carry these as links; plain text keeps only the title of a page
// the model cannot open. A reference to a single name (an operation or a
// type: "see InitiateAuth.") stays, since it names something in the catalog.
var seeAlso = regexp.MustCompile(`(?:For more information|To learn more)[^.]*?, see ([^.]*)\.`)

// dropSeeAlso removes references to documentation pages.
func dropSeeAlso(s string) string {
	if !strings.Contains(s, ", see ") {
		return s
	}
	return seeAlso.ReplaceAllStringFunc(s, func(m string) string {
		target := seeAlso.FindStringSubmatch(m)[1]
		if !strings.ContainsAny(target, " \n") {
			return m
		}
		return ""
	})
}

// firstSentence keeps the first sentence of s (up to a sentence end or a
// line break), with a leading "Deprecated." and the sentences that carry a
// constraint (a dropped pattern, the date-time note) kept as well.
func firstSentence(s string) string {
	prefix := ""
	if rest, ok := strings.CutPrefix(s, "Deprecated. "); ok {
		prefix, s = "Deprecated. ", rest
	}
	s, tail := cutConstraintNotes(s)
	end := len(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		end = i
	}
	for i := 0; i < end; i++ {
		if c := s[i]; (c == '.' || c == '!' || c == '?') && (i+1 == len(s) || s[i+1] == ' ' || s[i+1] == '\n') && !abbreviation(s[:i]) {
			end = i + 1
			break
		}
	}
	return strings.TrimSpace(joinText(prefix+strings.TrimSpace(s[:end]), tail))
}

// cutConstraintNotes splits off the end of a description that the
// converter wrote to state a constraint: the date-time note and the
// pattern it could not keep.
func cutConstraintNotes(s string) (rest, notes string) {
	if i := strings.Index(s, patternNote); i >= 0 {
		s, notes = s[:i], s[i:]
	}
	if r, ok := strings.CutSuffix(strings.TrimSpace(s), dateTimeNote); ok {
		s, notes = r, joinText(dateTimeNote, notes)
	}
	return strings.TrimSpace(s), notes
}

// abbreviation reports text ending in "e.g" or "i.e", whose dot ends no
// sentence.
func abbreviation(before string) bool {
	return strings.HasSuffix(before, "e.g") || strings.HasSuffix(before, "i.e")
}

// collapseSpace joins paragraphs with a single line break and runs of
// spaces into one: the model reads structure from one break as well as two.
func collapseSpace(s string) string {
	if s == "" {
		return s
	}
	lines := strings.Split(s, "\n")
	out := lines[:0]
	for _, l := range lines {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// fillerWords may surround a property's name in a description that says
// nothing more: "The user pool ID for the user pool." on UserPoolId, "The
// data type for AccountRecoverySetting."
var fillerWords = map[string]bool{
	"the": true, "a": true, "an": true, "of": true, "for": true, "to": true, "this": true,
	"that": true, "is": true, "its": true, "your": true, "value": true, "data": true, "type": true,
	"string": true, "integer": true, "number": true, "boolean": true, "array": true, "list": true,
	"object": true, "map": true, "parameter": true, "field": true, "property": true,
}

// restatesName reports a description made only of the property's name
// words and filler.
func restatesName(desc, prop string) bool {
	if prop == "" || desc == "" || len(desc) > 80 {
		return false
	}
	name := map[string]bool{}
	for _, w := range nameWords(prop) {
		name[w] = true
	}
	for _, w := range nameWords(desc) {
		if !name[w] && !fillerWords[w] {
			return false
		}
	}
	return true
}

// sameWords reports two names made of the same words: "UserPoolId" and
// "User pool ID".
func sameWords(a, b string) bool {
	return slices.Equal(nameWords(a), nameWords(b))
}

// nameWords splits text into lowercase words, at spaces, punctuation and
// camel case, with "identifier" read as "id" and a plural s dropped.
func nameWords(s string) []string {
	ws := words(s)
	for i, w := range ws {
		switch {
		case w == "identifier":
			ws[i] = "id"
		case len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss"):
			ws[i] = w[:len(w)-1]
		}
	}
	return ws
}

// noteUnit is one piece of a description that may become a note: a
// paragraph, or a sentence of a paragraph that did not.
type noteUnit struct {
	text string
	sep  string // what followed it in the description
}

// splitParagraphs splits s at blank lines.
func splitParagraphs(s string) []noteUnit {
	parts := strings.Split(s, "\n\n")
	out := make([]noteUnit, len(parts))
	for i, p := range parts {
		out[i] = noteUnit{text: p, sep: "\n\n"}
	}
	out[len(out)-1].sep = ""
	return out
}

// splitSentences splits a paragraph after each ". " (or "! ", "? ") that
// is followed by a capital letter, keeping the separators, so joining the
// units gives the paragraph back.
func splitSentences(p string) []noteUnit {
	var out []noteUnit
	start := 0
	for i := 0; i+2 < len(p); i++ {
		c := p[i]
		if (c != '.' && c != '!' && c != '?') || p[i+1] != ' ' || abbreviation(p[:i]) {
			continue
		}
		j := i + 1
		for j < len(p) && p[j] == ' ' {
			j++
		}
		if j < len(p) && isUpper(p[j]) {
			out = append(out, noteUnit{text: p[start : i+1], sep: p[i+1 : j]})
			start = j
			i = j - 1
		}
	}
	return append(out, noteUnit{text: p[start:]})
}

// shareNotes replaces text that occurs more than once in the catalog's
// descriptions (tool descriptions and input schemas, encoded; descs are
// each schema's descriptions, to count from) by a pointer to a note and
// returns the notes, numbered in order of first use. Then it collapses the
// spaces of every description.
func shareNotes(tools []Tool, schemas []json.RawMessage, descs [][]string, ns string, warn func(string)) []Note {
	count := func(f func(string)) {
		for i := range tools {
			f(tools[i].Description)
			for _, d := range descs[i] {
				f(d)
			}
		}
	}
	// rewrite replaces every description d by collapseSpace(f(d)).
	rewrite := func(f func(string) string) {
		done := map[string]string{} // f is the same for equal texts
		g := func(d string) string {
			r, ok := done[d]
			if !ok {
				r = collapseSpace(f(d))
				done[d] = r
			}
			return r
		}
		for i := range tools {
			tools[i].Description = g(tools[i].Description)
			unchanged := true
			for _, d := range descs[i] { // in order: notes are numbered as met
				unchanged = g(d) == d && unchanged
			}
			if schemas[i] == nil || unchanged {
				continue
			}
			s, err := decodeSchema(schemas[i])
			if err != nil { // encoded by compact, so never
				warn(fmt.Sprintf("tool %s: input schema left as it is: %v", tools[i].Path, err))
				schemas[i] = nil
				continue
			}
			eachDescription(s, func(_ string, s map[string]any) { setDesc(s, g(strDesc(s))) })
			if schemas[i], err = marshalSchema(s); err != nil {
				warn(fmt.Sprintf("tool %s: input schema left as it is: %v", tools[i].Path, err))
				schemas[i] = nil
			}
		}
	}
	paragraphs := map[string]int{}
	count(func(s string) {
		for _, p := range splitParagraphs(s) {
			paragraphs[p.text]++
		}
	})
	shared := func(p string) bool { return len(p) >= minNoteParagraph && paragraphs[p] > 1 }
	sentences := map[string]int{}
	count(func(s string) {
		for _, p := range splitParagraphs(s) {
			if !shared(p.text) {
				for _, u := range splitSentences(p.text) {
					sentences[u.text]++
				}
			}
		}
	})
	var notes []Note
	ids := map[string]string{}
	pointer := func(text string) string {
		id, ok := ids[text]
		if !ok {
			id = fmt.Sprintf("%s-%d", ns, len(notes)+1)
			ids[text] = id
			notes = append(notes, Note{ID: id, Text: collapseSpace(text)})
		}
		return "(note " + id + ")"
	}
	rewrite(func(s string) string {
		var b strings.Builder
		for _, p := range splitParagraphs(s) {
			if shared(p.text) {
				b.WriteString(pointer(p.text))
			} else {
				for _, u := range splitSentences(p.text) {
					if len(u.text) >= minNoteSentence && sentences[u.text] > 1 {
						b.WriteString(pointer(u.text))
					} else {
						b.WriteString(u.text)
					}
					b.WriteString(u.sep)
				}
			}
			b.WriteString(p.sep)
		}
		return b.String()
	})
	return notes
}
