package openapi

import (
	"regexp"
	"strings"
)

// portablePattern reports whether p means the same to the clients that see
// a tool's schema and to our own validator: it must compile with Go's
// regexp (RE2, what the argument validator uses) and be valid ECMA-262 in
// unicode mode (what JavaScript validators such as Ajv use). RE2 has no
// lookaround or backreferences, so anything Go accepts is a regular
// language; the check below rejects the Go-only syntax JavaScript refuses:
// inline flags, (?P<name>, \A \z \Q, \pL without braces, \x{...}, octal
// escapes, POSIX classes, lone braces and brackets, identity escapes of
// non-syntax characters, and \p{...} values beyond the general categories.
func portablePattern(p string) bool {
	if _, err := regexp.Compile(p); err != nil {
		return false
	}
	return ecmaUnicodeOK(p)
}

// generalCategories are the \p{...} values both RE2 and ECMA-262 know.
var generalCategories = map[string]bool{
	"L": true, "Lu": true, "Ll": true, "Lt": true, "Lm": true, "Lo": true,
	"M": true, "Mn": true, "Mc": true, "Me": true,
	"N": true, "Nd": true, "Nl": true, "No": true,
	"P": true, "Pc": true, "Pd": true, "Ps": true, "Pe": true, "Pi": true, "Pf": true, "Po": true,
	"S": true, "Sm": true, "Sc": true, "Sk": true, "So": true,
	"Z": true, "Zs": true, "Zl": true, "Zp": true,
	"C": true, "Cc": true, "Cf": true, "Co": true, "Cs": true,
}

// ecmaSyntax are the characters ECMA-262 unicode mode lets one escape.
const ecmaSyntax = `^$\.*+?()[]{}|/`

// ecmaUnicodeOK scans an RE2-valid pattern for syntax ECMA-262 unicode mode
// rejects. It is conservative: when unsure, it says no.
func ecmaUnicodeOK(p string) bool {
	inClass := false
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '\\':
			n, ok := ecmaEscape(p[i+1:], inClass)
			if !ok {
				return false
			}
			i += n
		case inClass:
			if c == '[' && i+1 < len(p) && (p[i+1] == ':' || p[i+1] == '=' || p[i+1] == '.') {
				return false // POSIX class
			}
			if c == '[' {
				return false // a nested '[' is literal in JS but suspicious
			}
			if c == ']' {
				inClass = false
			}
		case c == '[':
			inClass = true
			if strings.HasPrefix(p[i+1:], "^") {
				i++
			}
			if strings.HasPrefix(p[i+1:], "]") {
				return false // "[]" / "[^]" differ between RE2 and ECMA-262
			}
		case c == '(':
			if strings.HasPrefix(p[i+1:], "?") {
				rest := p[i+2:]
				switch {
				case strings.HasPrefix(rest, ":"):
				case strings.HasPrefix(rest, "<") && !strings.HasPrefix(rest, "<=") && !strings.HasPrefix(rest, "<!"):
				default:
					return false // flags, (?P<name>, or lookaround Go already refused
				}
			}
		case c == '{':
			n := quantifierLen(p[i:])
			if n == 0 {
				return false // a lone '{' is an error in unicode mode
			}
			i += n - 1
		case c == '}' || c == ']':
			return false
		}
	}
	return !inClass
}

// ecmaEscape checks the escape after a backslash and returns how many bytes
// it spans after the backslash.
func ecmaEscape(rest string, inClass bool) (int, bool) {
	if rest == "" {
		return 0, false
	}
	c := rest[0]
	switch {
	case strings.IndexByte("dDwWsSfnrtv", c) >= 0:
		return 1, true
	case c == 'b' || c == 'B':
		return 1, c == 'b' || !inClass
	case c == '0':
		return 1, len(rest) < 2 || !isDigit(rest[1])
	case c == 'x':
		return 3, len(rest) >= 3 && isHex(rest[1]) && isHex(rest[2])
	case c == 'p' || c == 'P':
		if len(rest) < 2 || rest[1] != '{' {
			return 0, false
		}
		end := strings.IndexByte(rest, '}')
		if end < 0 {
			return 0, false
		}
		return end + 1, generalCategories[rest[2:end]]
	case c == '-':
		return 1, inClass
	case strings.IndexByte(ecmaSyntax, c) >= 0:
		return 1, true
	}
	return 0, false
}

func isHex(c byte) bool {
	return isDigit(c) || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')
}

// quantifierLen returns the length of a {n}, {n,} or {n,m} quantifier at
// the start of s, or 0.
func quantifierLen(s string) int {
	i := 1
	digits := func() int {
		start := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		return i - start
	}
	if digits() == 0 {
		return 0
	}
	if i < len(s) && s[i] == ',' {
		i++
		digits()
	}
	if i < len(s) && s[i] == '}' {
		return i + 1
	}
	return 0
}
