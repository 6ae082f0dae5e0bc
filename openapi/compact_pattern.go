package openapi

import (
	"regexp"
	"strings"
)

// trimPattern drops the atoms at either end of an unanchored pattern that
// may match nothing. A JSON Schema pattern matches a string when some part
// of it does, so "arn:x(:y)?" accepts exactly the strings "arn:x" does,
// and "[a-z]*\{####\}[a-z]*" those "\{####\}" does. A pattern with a
// top-level alternation, or one the scan cannot read, is left as it is;
// "" means the pattern accepts every string.
func trimPattern(p string) string {
	atoms, ok := patternAtoms(p)
	if !ok {
		return p
	}
	for len(atoms) > 0 && atoms[len(atoms)-1].optional {
		atoms = atoms[:len(atoms)-1]
	}
	for len(atoms) > 0 && atoms[0].optional {
		atoms = atoms[1:]
	}
	var b strings.Builder
	for _, a := range atoms {
		b.WriteString(a.text)
	}
	return b.String()
}

// patternAtom is one element of a pattern's top-level sequence with its
// quantifier; optional when the quantifier allows zero repetitions.
type patternAtom struct {
	text     string
	optional bool
}

// patternAtoms splits p into its top-level atoms: an escape, a character
// class, a group, or a character, each with its quantifier.
func patternAtoms(p string) ([]patternAtom, bool) {
	var out []patternAtom
	for i := 0; i < len(p); {
		end, ok := atomEnd(p, i)
		if !ok {
			return nil, false
		}
		q := end
		optional := false
		switch {
		case q < len(p) && (p[q] == '*' || p[q] == '?'):
			optional = true
			q++
		case q < len(p) && p[q] == '+':
			q++
		case q < len(p) && p[q] == '{':
			j := strings.IndexByte(p[q:], '}')
			if j < 0 {
				return nil, false
			}
			optional = strings.HasPrefix(p[q:], "{0,") || p[q:q+j+1] == "{0}"
			q += j + 1
		}
		if q > end && q < len(p) && p[q] == '?' {
			q++ // lazy
		}
		out = append(out, patternAtom{text: p[i:q], optional: optional})
		i = q
	}
	return out, true
}

// atomEnd is the index just past the atom starting at p[i], without its
// quantifier; false for a top-level "|" or text the scan does not know.
func atomEnd(p string, i int) (int, bool) {
	switch p[i] {
	case '|', ')', '*', '+', '?', '{':
		return 0, false
	case '\\':
		return escapeEnd(p, i)
	case '[':
		return classEnd(p, i)
	case '(':
		depth := 0
		for j := i; j < len(p); {
			switch p[j] {
			case '\\':
				e, ok := escapeEnd(p, j)
				if !ok {
					return 0, false
				}
				j = e
				continue
			case '[':
				e, ok := classEnd(p, j)
				if !ok {
					return 0, false
				}
				j = e
				continue
			case '(':
				depth++
			case ')':
				depth--
				if depth == 0 {
					return j + 1, true
				}
			}
			j++
		}
		return 0, false
	}
	return i + 1, true
}

// escapeEnd is the index just past the escape at p[i]: "\d", "\p{L}".
func escapeEnd(p string, i int) (int, bool) {
	if i+1 >= len(p) {
		return 0, false
	}
	switch p[i+1] {
	case 'p', 'P', 'u', 'x':
		if i+2 < len(p) && p[i+2] == '{' {
			j := strings.IndexByte(p[i:], '}')
			if j < 0 {
				return 0, false
			}
			return i + j + 1, true
		}
		if p[i+1] == 'x' && i+4 <= len(p) {
			return i + 4, true
		}
		if p[i+1] == 'u' && i+6 <= len(p) {
			return i + 6, true
		}
		return 0, false
	}
	return i + 2, true
}

// classEnd is the index just past the character class at p[i].
func classEnd(p string, i int) (int, bool) {
	for j := i + 1; j < len(p); {
		switch p[j] {
		case '\\':
			e, ok := escapeEnd(p, j)
			if !ok {
				return 0, false
			}
			j = e
			continue
		case ']':
			if j > i+1 {
				return j + 1, true
			}
		}
		j++
	}
	return 0, false
}

// nonEmptyPattern reports a pattern that no empty string matches, which
// makes a minLength of 1 beside it say nothing more: [\w-]+_[0-9a-zA-Z]+
// on UserPoolId. Patterns Go cannot compile are not judged.
func nonEmptyPattern(v any) bool {
	p, ok := v.(string)
	if !ok {
		return false
	}
	re, err := regexp.Compile(p)
	return err == nil && !re.MatchString("")
}
