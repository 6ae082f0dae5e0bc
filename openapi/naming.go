package openapi

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// maxNameLen is the longest MCP name we hand out. Hosts allow 64 and some
// prefix the server name, so 48 leaves room.
const maxNameLen = 48

// hashLen is how many hex digits of sha256 make a shortened or
// disambiguated name unique.
const hashLen = 6

// words splits s into lowercase ASCII words. Anything that is not an ASCII
// letter or digit separates words; inside a run of letters and digits a word
// starts at a lower-to-upper change ("userPool" -> user pool), at the last
// capital of an acronym followed by a lowercase letter ("AWSCognito" -> aws
// cognito) and at a capital after a digit ("Sha256Hash" -> sha256 hash).
// Digits stay with the word before them.
func words(s string) []string {
	var out []string
	var cur []byte
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isUpper(c):
			if len(cur) > 0 {
				prev := cur[len(cur)-1]
				nextLower := i+1 < len(s) && isLower(s[i+1])
				if !isUpper(prev) || nextLower {
					flush()
				}
			}
			cur = append(cur, c)
		case isLower(c) || isDigit(c):
			cur = append(cur, c)
		default:
			flush()
		}
	}
	flush()
	return out
}

func isUpper(c byte) bool { return 'A' <= c && c <= 'Z' }
func isLower(c byte) bool { return 'a' <= c && c <= 'z' }
func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// camelCase joins the words of s as lowerCamelCase: "AWSCognito" ->
// "awsCognito", "getUserMFAConfig" -> "getUserMfaConfig".
func camelCase(s string) string {
	ws := words(s)
	var b strings.Builder
	for i, w := range ws {
		if i == 0 {
			b.WriteString(w)
			continue
		}
		b.WriteString(strings.ToUpper(w[:1]))
		b.WriteString(w[1:])
	}
	return b.String()
}

// snakeCase joins the words of s with underscores: "AdminSetUserMFAPreference"
// -> "admin_set_user_mfa_preference". The result holds only [a-z0-9_], with
// no leading, trailing or doubled underscore.
func snakeCase(s string) string {
	return strings.Join(words(s), "_")
}

// isVersionSegment reports whether a path segment is an API version such as
// "v1", "v2beta", "V3".
func isVersionSegment(seg string) bool {
	if len(seg) < 2 || (seg[0] != 'v' && seg[0] != 'V') || !isDigit(seg[1]) {
		return false
	}
	for i := 2; i < len(seg); i++ {
		if !isDigit(seg[i]) && !isLower(seg[i]) && seg[i] != '.' {
			return false
		}
	}
	return true
}

// toolGroup is the group part of a tool path: the camelCase of the first
// tag, else of the first path segment that is not a version, not "api" and
// not a {param}, else "root".
func toolGroup(tags []string, path string) string {
	if len(tags) > 0 {
		if g := camelCase(tags[0]); g != "" {
			return g
		}
	}
	for _, seg := range strings.Split(path, "/") {
		if seg == "" || isVersionSegment(seg) || strings.EqualFold(seg, "api") ||
			(strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}")) {
			continue
		}
		if g := camelCase(seg); g != "" {
			return g
		}
	}
	return "root"
}

// derivedLeaf names an operation without an operationId from its method and
// path words: GET /pets/{petId} -> "getPetsPetId".
func derivedLeaf(method, path string) string {
	return camelCase(strings.ToLower(method) + " " + path)
}

// shortHash is the first hashLen hex digits of sha256(s).
func shortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])[:hashLen]
}

// withHash cuts name so that "_" + hash fits in maxNameLen and appends it.
func withHash(name, hash string) string {
	keep := maxNameLen - 1 - len(hash)
	if len(name) > keep {
		name = name[:keep]
	}
	return strings.TrimRight(name, "_") + "_" + hash
}

// mcpName is the compact MCP name for an operation: namespace + "_" +
// snake_case(id), shortened with a hash of the full name when it is longer
// than maxNameLen. The second result reports the shortening.
func mcpName(namespace, id string) (name string, shortened bool) {
	full := namespace
	if s := snakeCase(id); s != "" {
		full += "_" + s
	}
	if len(full) <= maxNameLen {
		return full, false
	}
	return withHash(full, shortHash(full)), true
}

// matchGlob reports whether s matches pattern, where '*' matches any run of
// characters (dots included) and everything else matches itself, ignoring
// ASCII case.
func matchGlob(pattern, s string) bool {
	pattern, s = strings.ToLower(pattern), strings.ToLower(s)
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return pattern == s
	}
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	last := parts[len(parts)-1]
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(s, p)
		if i < 0 {
			return false
		}
		s = s[i+len(p):]
	}
	return len(s) >= len(last) && strings.HasSuffix(s, last)
}
