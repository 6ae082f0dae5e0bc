package openapi

import (
	"html"
	"strings"
	"unicode/utf8"
)

// plainText turns a description into plain text. HTML (what AWS documents
// carry) loses its tags: paragraphs and line breaks become line breaks, list
// items "- " bullets, link text is kept, entities are decoded and whitespace
// runs collapse. Text without tags (plain or Markdown) keeps its line
// structure and only loses trailing spaces and extra blank lines.
func plainText(s string) string {
	if !hasTag(s) {
		return tidyLines(html.UnescapeString(s), false)
	}
	var w textWriter
	w.b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c == '<' && i+1 < len(s) && startsTag(s[i+1]) {
			end := tagEnd(s, i)
			if strings.HasPrefix(s[i:], "<!--") {
				if j := strings.Index(s[i+4:], "-->"); j >= 0 {
					end = i + 4 + j + 3
				} else {
					end = len(s)
				}
			} else {
				w.tag(s[i+1 : end-1])
			}
			i = end
			continue
		}
		j := i + 1
		for j < len(s) && !(s[j] == '<' && j+1 < len(s) && startsTag(s[j+1])) {
			j++
		}
		w.text(html.UnescapeString(s[i:j]))
		i = j
	}
	return tidyLines(w.b.String(), true)
}

// textWriter writes HTML text with whitespace runs collapsed to one space,
// also across tags ("In <i> <a>sandbox</a> </i>, you" -> "In sandbox, you").
type textWriter struct {
	b     strings.Builder
	space bool // a space is owed before the next word
}

func (w *textWriter) text(t string) {
	for i, r := range t {
		switch r {
		case ' ', '\t', '\n', '\r', '\f', '\u00a0':
			if n := w.b.Len(); n > 0 {
				if last := w.b.String()[n-1]; last != ' ' && last != '\n' {
					w.space = true
				}
			}
			continue
		}
		if w.space && !closesPhrase(r, t[i+utf8.RuneLen(r):]) {
			w.b.WriteByte(' ')
		}
		w.space = false
		w.b.WriteRune(r)
	}
}

// closesPhrase reports punctuation that takes no space before it.
func closesPhrase(r rune, next string) bool {
	switch r {
	case ',', ';', ':', ')', '!', '?':
		return true
	case '.':
		return next == "" || next[0] == ' ' || next[0] == '\n'
	}
	return false
}

// tag writes the line structure a tag stands for.
func (w *textWriter) tag(tag string) {
	closing := strings.HasPrefix(tag, "/")
	tag = strings.TrimPrefix(tag, "/")
	n := 0
	for n < len(tag) && (isLower(tag[n]) || isUpper(tag[n]) || isDigit(tag[n])) {
		n++
	}
	var brk string
	switch strings.ToLower(tag[:n]) {
	case "br":
		brk = "\n"
	case "li":
		brk = "\n- "
		if closing {
			brk = "\n"
		}
	case "p", "div", "ul", "ol", "dl", "dt", "dd", "pre", "table", "tr",
		"h1", "h2", "h3", "h4", "h5", "h6", "note", "important", "blockquote":
		brk = "\n\n"
	case "td", "th":
		w.space = w.b.Len() > 0
		return
	default:
		return
	}
	w.space = false
	if cur := w.b.String(); strings.HasSuffix(cur, "\n- ") || cur == "- " {
		return // a bullet's text is still to come: keep it on the bullet line
	}
	w.b.WriteString(brk)
}

// hasTag reports whether s contains something that looks like an HTML tag.
func hasTag(s string) bool {
	for i := strings.IndexByte(s, '<'); i >= 0 && i+1 < len(s); {
		if startsTag(s[i+1]) && strings.IndexByte(s[i:], '>') > 0 {
			return true
		}
		k := strings.IndexByte(s[i+1:], '<')
		if k < 0 {
			break
		}
		i += 1 + k
	}
	return false
}

func startsTag(c byte) bool { return isLower(c) || isUpper(c) || c == '/' || c == '!' }

// tagEnd returns the index just past the '>' closing the tag at s[i],
// skipping quoted attribute values; len(s) if the tag never closes.
func tagEnd(s string, i int) int {
	var quote byte
	for j := i + 1; j < len(s); j++ {
		switch c := s[j]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return j + 1
		}
	}
	return len(s)
}

// tidyLines trims trailing space from every line (and leading space too
// when isHTML is set), drops blank lines at either end, keeps at most one
// blank line in a row, none between two bullets, and drops empty bullets.
func tidyLines(s string, isHTML bool) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	out := lines[:0]
	blank := false
	for _, l := range lines {
		l = strings.TrimRight(l, " \t")
		if isHTML {
			l = strings.TrimLeft(l, " \t")
		}
		if t := strings.TrimSpace(l); t == "" || t == "-" {
			blank = len(out) > 0
			continue
		}
		bulletRun := strings.HasPrefix(l, "- ") && len(out) > 0 && strings.HasPrefix(out[len(out)-1], "- ")
		if blank && !(isHTML && bulletRun) {
			out = append(out, "")
		}
		blank = false
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// capText shortens s to at most limit bytes, cutting at the last sentence end
// (". ") or line break that keeps at least half of it, else at a word.
func capText(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	cut := s[:limit]
	if i := max(strings.LastIndex(cut, ". "), strings.LastIndex(cut, ".\n")); i >= limit/2 {
		return cut[:i+1]
	}
	if i := strings.LastIndexByte(cut, '\n'); i >= limit/2 {
		return strings.TrimSpace(cut[:i])
	}
	if i := strings.LastIndexByte(cut, ' '); i > 0 {
		cut = cut[:i]
	}
	return strings.TrimSpace(cut) + " ..."
}
