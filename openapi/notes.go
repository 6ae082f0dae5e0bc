package openapi

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// notePrefix starts how a description refers to a Note: "(note cognito-3)".
const notePrefix = "(note "

// ExpandNotes returns t with each "(note ID)" its description and input
// schema cite replaced by the note's text, as the description read before
// the text was shared: for a client that has no other way to read the
// notes. Pointers to notes not in notes are left as they are. t is not
// modified.
func ExpandNotes(t Tool, notes []Note) Tool {
	if len(notes) == 0 {
		return t
	}
	t.Description = string(expandPointers([]byte(t.Description), func(id []byte) ([]byte, bool) {
		s, ok := noteText(notes, id)
		return []byte(s), ok
	}))
	// Pointers stand inside JSON strings; the text goes in escaped.
	quoted := map[string][]byte{}
	t.InputSchema = expandPointers(t.InputSchema, func(id []byte) ([]byte, bool) {
		if q, ok := quoted[string(id)]; ok {
			return q, true
		}
		s, ok := noteText(notes, id)
		if !ok {
			return nil, false
		}
		q, _ := json.Marshal(s) // a string always marshals
		q = q[1 : len(q)-1]
		quoted[string(id)] = q
		return q, true
	})
	return t
}

// noteText is the text of the note with the given ID. Notes are numbered
// in order ("graph-17" is the 17th), so it looks there first: a server
// expands every tool of a catalog with thousands of notes.
func noteText(notes []Note, id []byte) (string, bool) {
	if i := bytes.LastIndexByte(id, '-'); i >= 0 {
		if n, err := strconv.Atoi(string(id[i+1:])); err == nil && n >= 1 && n <= len(notes) && notes[n-1].ID == string(id) {
			return notes[n-1].Text, true
		}
	}
	for _, n := range notes {
		if n.ID == string(id) {
			return n.Text, true
		}
	}
	return "", false
}

// expandPointers replaces each "(note ID)" in s, ID being letters or
// digits, a dash and digits, by text(ID) when that reports true. It
// returns s itself when nothing is replaced. It scans, where a regular
// expression took seconds over Microsoft Graph's 100 MB of schemas.
func expandPointers(s []byte, text func(id []byte) ([]byte, bool)) []byte {
	var out []byte
	done := 0 // s[:done] is in out
	for from := 0; ; {
		i := bytes.Index(s[from:], []byte(notePrefix))
		if i < 0 {
			break
		}
		start := from + i
		from = start + 1
		id, end, ok := notePointerAt(s, start+len(notePrefix))
		if !ok {
			continue
		}
		repl, ok := text(id)
		if !ok {
			continue
		}
		out = append(append(out, s[done:start]...), repl...)
		done, from = end, end
	}
	if out == nil {
		return s
	}
	return append(out, s[done:]...)
}

// notePointerAt reads "ID)" at s[i:]: [a-z0-9]+-[0-9]+ and the closing
// parenthesis. It returns the ID and the index past the parenthesis.
func notePointerAt(s []byte, i int) ([]byte, int, bool) {
	j := i
	for j < len(s) && (isLower(s[j]) || isDigit(s[j])) {
		j++
	}
	if j == i || j >= len(s) || s[j] != '-' {
		return nil, 0, false
	}
	k := j + 1
	for k < len(s) && isDigit(s[k]) {
		k++
	}
	if k == j+1 || k >= len(s) || s[k] != ')' {
		return nil, 0, false
	}
	return s[i:k], k + 1, true
}
