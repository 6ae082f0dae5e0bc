package search

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// SummaryMax is the most runes Summary returns, the ellipsis included.
const SummaryMax = 200

// Summary returns the first sentence of a description on one line, at most
// SummaryMax runes. The sentence ends at the first ".", "!" or "?" followed
// by a space and a capital (not after "e.g." or a one-letter initial), or
// at the end of the first paragraph. Markdown links keep their text. A
// longer sentence is cut at a word boundary and ends with "…"; a word is cut
// only when the first one alone is too long, and then the "…" says so.
func Summary(description string) string {
	para := firstParagraph(description)
	s := firstSentence(unlink(strings.Join(strings.Fields(para), " ")))
	if utf8.RuneCountInString(s) <= SummaryMax {
		return s
	}
	return truncate(s, SummaryMax)
}

// firstParagraph returns the text before the first blank line, list item,
// heading or quote.
func firstParagraph(s string) string {
	s = strings.TrimSpace(s)
	var b strings.Builder
	i := -1
	for line := range strings.SplitSeq(s, "\n") {
		i++
		t := strings.TrimSpace(line)
		if i == 0 && strings.HasPrefix(t, "#") {
			// A Markdown heading is a paragraph of its own.
			return strings.TrimSpace(strings.TrimLeft(t, "#"))
		}
		if i == 0 {
			t = strings.TrimSpace(strings.TrimLeft(t, ">"))
		}
		if t == "" || i > 0 && isListLine(t) {
			break
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t)
		if b.Len() > 4*SummaryMax {
			break
		}
	}
	return b.String()
}

func isListLine(t string) bool {
	return strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* ") ||
		strings.HasPrefix(t, "#") || strings.HasPrefix(t, ">")
}

// abbreviations end with a period that does not end a sentence.
var abbreviations = sync.OnceValue(func() map[string]bool {
	return map[string]bool{
		"e.g": true, "i.e": true, "etc": true, "vs": true, "approx": true,
		"no": true, "mr": true, "mrs": true, "ms": true, "dr": true, "inc": true,
		"ltd": true, "co": true, "jr": true, "sr": true, "st": true, "fig": true,
	}
})

func firstSentence(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '.' && c != '!' && c != '?' {
			continue
		}
		if i+1 < len(s) && s[i+1] != ' ' {
			continue
		}
		if i+2 < len(s) {
			next, _ := utf8.DecodeRuneInString(s[i+2:])
			if !unicode.IsUpper(next) && !unicode.IsDigit(next) && !strings.ContainsRune("\"'(`[", next) {
				continue
			}
		}
		if c == '.' {
			word := s[strings.LastIndexByte(s[:i], ' ')+1 : i]
			if abbreviations()[strings.ToLower(strings.TrimLeft(word, "(\"'"))] ||
				utf8.RuneCountInString(word) == 1 && unicode.IsLetter(rune(word[0])) {
				continue
			}
		}
		return s[:i+1]
	}
	return s
}

// unlink turns Markdown links "[text](url)" into their text.
func unlink(s string) string {
	if !strings.Contains(s, "](") {
		return s
	}
	var b strings.Builder
	for {
		open := strings.IndexByte(s, '[')
		if open < 0 {
			break
		}
		mid := strings.Index(s[open:], "](")
		if mid < 0 {
			break
		}
		mid += open
		end := strings.IndexByte(s[mid:], ')')
		if end < 0 || strings.IndexByte(s[open+1:mid], '[') >= 0 {
			b.WriteString(s[:open+1])
			s = s[open+1:]
			continue
		}
		end += mid
		b.WriteString(s[:open])
		b.WriteString(s[open+1 : mid])
		s = s[end+1:]
	}
	b.WriteString(s)
	return b.String()
}

// truncate cuts s to at most limit runes, "…" included, at the last space
// that fits; when there is none, inside the first word.
func truncate(s string, limit int) string {
	const ellipsis = "…"
	end := 0 // byte offset after limit-1 runes
	for range limit - 1 {
		_, size := utf8.DecodeRuneInString(s[end:])
		end += size
	}
	head := s[:end]
	if sp := strings.LastIndexByte(head, ' '); sp > 0 && s[end] != ' ' {
		head = head[:sp]
	}
	head = strings.TrimRight(head, " ,;:-–(")
	if head == "" {
		head = s[:end]
	}
	return head + ellipsis
}
