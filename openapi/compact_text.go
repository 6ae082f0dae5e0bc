package openapi

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/cognito-mcp/cognito-mcp/internal/lazyre"
)

// Shared text becomes a note when a paragraph of at least minNoteParagraph
// bytes, or a sentence of at least minNoteSentence bytes, occurs more than
// once in a catalog's descriptions. Shorter text costs about as much as the
// "(note cognito-12)" that would replace it plus the note, said once: on
// the Cognito catalogs, sentences of 60 bytes and more save what the model
// reads in all (tools and notes) in both description modes, and shorter
// ones would mostly move bytes from the tools to the notes.
const (
	minNoteParagraph = 100
	minNoteSentence  = 60
)

// patternNote starts the sentence the converter writes for a pattern it
// could not keep; short descriptions keep it, since it states a constraint.
const patternNote = "Must match the pattern: "

// seeAlso matches "For more information[ about X], see <page title>." AWS
// documents carry these as links; plain text keeps only the title of a page
// the model cannot open. A reference to a single name (an operation or a
// type: "see InitiateAuth.") stays, since it names something in the catalog.
var seeAlso = lazyre.New(`(?:For more information|To learn more)[^.]*?, see ([^.]*)\.`)

// dropSeeAlso removes references to documentation pages.
func dropSeeAlso(s string) string {
	if !strings.Contains(s, ", see ") {
		return s
	}
	return seeAlso().ReplaceAllStringFunc(s, func(m string) string {
		target := seeAlso().FindStringSubmatch(m)[1]
		if !strings.ContainsAny(target, " \n") {
			return m
		}
		return ""
	})
}

// firstSentence keeps the first sentence of s (up to a sentence end or a
// line break, and at most maxShortSentence bytes), with a leading "Deprecated." and the sentences that carry a
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
	return strings.TrimSpace(joinText(prefix+capWords(strings.TrimSpace(s[:end]), maxShortSentence), tail))
}

// maxShortSentence is the longest first sentence short descriptions keep
// whole; a longer one is cut at a word and ends in an ellipsis.
const maxShortSentence = 100

// capWords shortens s to at most limit bytes (and the ellipsis), cutting
// after the last whole word.
func capWords(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	cut := s[:limit+1]
	if i := strings.LastIndexByte(cut, ' '); i > 0 {
		cut = cut[:i]
	} else {
		cut = s[:limit]
		for !utf8.ValidString(cut) {
			cut = cut[:len(cut)-1]
		}
	}
	return strings.TrimRight(cut, " ,;:") + "…"
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
// descriptions by a pointer to a note and returns the notes, numbered in
// order of first use. Each list holds one tool's descriptions: the tool's,
// then its input schema's in visiting order; shareNotes rewrites them in
// place. Large documents repeat whole descriptions thousands of times, so
// each distinct one is split and rewritten once.
func shareNotes(lists [][]string, ns string) []Note {
	occurrences := map[string]int{}
	for _, l := range lists {
		for _, s := range l {
			occurrences[s]++
		}
	}
	paragraphs := map[string]int{}
	for s, n := range occurrences {
		for _, p := range splitParagraphs(s) {
			paragraphs[p.text] += n
		}
	}
	shared := func(p string) bool { return len(p) >= minNoteParagraph && paragraphs[p] > 1 }
	sentences := map[string]int{}
	for s, n := range occurrences {
		for _, p := range splitParagraphs(s) {
			if !shared(p.text) {
				for _, u := range splitSentences(p.text) {
					sentences[u.text] += n
				}
			}
		}
	}
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
	rewrite := func(s string) string {
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
	}
	// Notes are numbered as the rewrite meets them, in catalog order; a
	// description met again gives no new note, so its rewrite is reused.
	rewriteEach(lists, rewrite)
	return notes
}

// rewriteEach replaces each string of lists with f of it, in order, calling
// f once per distinct string: descriptions repeat across tools.
func rewriteEach(lists [][]string, f func(string) string) {
	done := map[string]string{}
	for _, l := range lists {
		for j, s := range l {
			r, ok := done[s]
			if !ok {
				r = f(s)
				done[s] = r
			}
			l[j] = r
		}
	}
}
