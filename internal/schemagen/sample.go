package schemagen

import (
	"regexp/syntax"
	"strings"
)

type syntaxRegexp = syntax.Regexp

func parseSyntax(p string) (*syntax.Regexp, error) {
	return syntax.Parse(p, syntax.Perl)
}

// preferred are the characters a sample picks first from a class, so
// samples read as ordinary text.
const preferred = "a0A_-.@b1"

// sample writes a string that re matches, repeating each unbounded part
// reps times (within the repeat's own bounds).
func sample(re *syntax.Regexp, reps int) string {
	var b strings.Builder
	write(&b, re, reps)
	return b.String()
}

func write(b *strings.Builder, re *syntax.Regexp, reps int) {
	switch re.Op {
	case syntax.OpLiteral:
		b.WriteString(string(re.Rune))
	case syntax.OpCharClass:
		b.WriteRune(pick(re.Rune))
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		b.WriteByte('a')
	case syntax.OpCapture:
		write(b, re.Sub[0], reps)
	case syntax.OpStar:
		for range reps {
			write(b, re.Sub[0], reps)
		}
	case syntax.OpPlus:
		for range max(reps, 1) {
			write(b, re.Sub[0], reps)
		}
	case syntax.OpQuest:
		if reps > 1 {
			write(b, re.Sub[0], reps)
		}
	case syntax.OpRepeat:
		n := max(reps, re.Min)
		if re.Max >= 0 {
			n = min(n, re.Max)
		}
		for range n {
			write(b, re.Sub[0], reps)
		}
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			write(b, sub, reps)
		}
	case syntax.OpAlternate:
		write(b, re.Sub[0], reps)
	}
	// Anchors, word boundaries and empty matches write nothing.
}

// pick chooses a rune from a class given as [lo, hi] pairs.
func pick(ranges []rune) rune {
	for _, r := range preferred {
		for i := 0; i+1 < len(ranges); i += 2 {
			if ranges[i] <= r && r <= ranges[i+1] {
				return r
			}
		}
	}
	if len(ranges) == 0 {
		return 'a'
	}
	for i := 0; i+1 < len(ranges); i += 2 {
		// Skip control characters and space where the class allows more.
		if ranges[i+1] >= '!' {
			return max(ranges[i], '!')
		}
	}
	return ranges[len(ranges)-1]
}
