package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxWordLen drops longer runs (hashes, base64, run-together URLs): nobody
// searches for them.
const maxWordLen = 40

// splitWords calls fn with each word of s, lowercased, in order. Words are
// runs of letters and digits; inside a run they split where camelCase
// changes case and at the end of an acronym ("AdminDisableUser" -> admin
// disable user, "SMSMfaSettings" -> sms mfa settings). Digits stay with
// their letters ("2fa", "s3", "oauth2"). Stop words are still there: the
// caller decides.
func splitWords(s string, fn func(word string)) {
	var buf []byte
	emit := func(run string) {
		if run == "" || len(run) > maxWordLen {
			return
		}
		buf = appendLower(buf[:0], run)
		fn(string(buf))
	}
	start := -1 // start of the current alphanumeric run, -1 outside one
	var prev, cur rune
	for i := 0; i <= len(s); {
		r, size := rune(0), 1
		if i < len(s) {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		alnum := i < len(s) && isAlnum(r)
		switch {
		case !alnum:
			if start >= 0 {
				emit(s[start:i])
				start = -1
			}
		case start < 0:
			start = i
		default:
			split := false
			if isUpper(r) {
				// "userPool" or "s3Bucket": a capital after a lower or a digit.
				split = isLower(cur) || isDigit(cur)
			} else if isLower(r) && isUpper(cur) && isUpper(prev) && i-start >= 2 {
				// "SMSMfa": the last capital of an acronym starts the next word.
				_, n := utf8.DecodeLastRuneInString(s[:i])
				emit(s[start : i-n])
				start = i - n
			}
			if split {
				emit(s[start:i])
				start = i
			}
		}
		if alnum {
			prev, cur = cur, r
		} else {
			prev, cur = 0, 0
		}
		i += size
	}
}

func appendLower(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		dst = utf8.AppendRune(dst, unicode.ToLower(r))
		i += n
	}
	return dst
}

func isAlnum(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func isUpper(r rune) bool {
	if r < utf8.RuneSelf {
		return 'A' <= r && r <= 'Z'
	}
	return unicode.IsUpper(r)
}

func isLower(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z'
	}
	return unicode.IsLower(r)
}

func isDigit(r rune) bool { return '0' <= r && r <= '9' }

// compounds are words that camelCase or punctuation splits but people write
// as one ("WebAuthn", "OAuth", "IdP", "e-mail").
var compounds = map[[2]string]string{
	{"web", "authn"}: "webauthn",
	{"o", "auth"}:    "oauth",
	{"o", "auth2"}:   "oauth2",
	{"id", "p"}:      "idp",
	{"e", "mail"}:    "email",
}

// terms calls fn with the index terms of s in order: words joined back into
// compounds, stemmed, with stop words and one-letter words left out when
// keepStop is false. With keepStop, stop words come through (stemmed) so
// that phrases like "who is in" can be matched; one-letter words never do.
func terms(s string, keepStop bool, fn func(term string)) {
	var pending string // a word that may start a compound
	flush := func() {
		if pending != "" {
			emitTerm(pending, keepStop, fn)
			pending = ""
		}
	}
	splitWords(s, func(w string) {
		if pending != "" {
			if c, ok := compounds[[2]string{pending, w}]; ok {
				pending = ""
				emitTerm(c, keepStop, fn)
				return
			}
			flush()
		}
		if compoundStart[w] {
			pending = w
			return
		}
		emitTerm(w, keepStop, fn)
	})
	flush()
}

var compoundStart = func() map[string]bool {
	m := make(map[string]bool, len(compounds))
	for k := range compounds {
		m[k[0]] = true
	}
	return m
}()

func emitTerm(w string, keepStop bool, fn func(string)) {
	if len(w) < 2 {
		return
	}
	if stopWords[w] {
		if keepStop {
			fn(w)
		}
		return
	}
	fn(stem(w))
}

// stopWords carry no meaning in a search for an API operation. Verbs that
// name operations (get, list, set, add...) are not among them.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
		a about above after again all also am an and any are as at be because
		been before being below between both but by can could did do does doing
		done during each either else etc every few for from further had has have
		having he her here hers him his how however i if in into is it its itself
		just let lets me might more most must my myself no nor not now of off on
		once only onto or other our ours over own per please same she should
		so some such than that the their theirs them then there these they this
		those through thus to too under until upon us very via want wants was
		we were what when where whether which while who whom whose why will with
		within without would yet you your yours
		http https www com html org`) {
		m[w] = true
	}
	return m
}()

// stem reduces an English word to a stem shared by its inflections and a few
// derivations: users -> user, policies -> policy, disabling, disabled and
// disable -> disabl, configuration and configure -> config. It is much
// lighter than Porter's: API words are short and a wrong merge costs more
// than a missed one. Words with digits are left alone.
func stem(w string) string {
	if len(w) <= 3 || strings.ContainsAny(w, "0123456789") {
		return w
	}
	if s, ok := stemOverride[w]; ok {
		return s
	}
	inflected := false
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		w = w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "sses"):
		w = w[:len(w)-2]
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") &&
		!strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is") &&
		!strings.HasSuffix(w, "as") && !strings.HasSuffix(w, "os"):
		w = w[:len(w)-1]
	}
	switch {
	case strings.HasSuffix(w, "ied") && len(w) > 4:
		w = w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "ing") && len(w) > 5 && hasVowel(w[:len(w)-3]):
		w = undouble(w[:len(w)-3])
		inflected = true
	case strings.HasSuffix(w, "ed") && len(w) > 4 && hasVowel(w[:len(w)-2]):
		w = undouble(w[:len(w)-2])
		inflected = true
	}
	switch {
	case strings.HasSuffix(w, "ation") && len(w) > 7:
		w = w[:len(w)-5]
	case strings.HasSuffix(w, "ion") && len(w) > 6 && !strings.HasSuffix(w, "sion"):
		w = w[:len(w)-3]
	case strings.HasSuffix(w, "ment") && len(w) > 7:
		w = w[:len(w)-4]
	case strings.HasSuffix(w, "ate") && len(w) > 6:
		w = w[:len(w)-3]
	case inflected && strings.HasSuffix(w, "at") && len(w) > 6:
		w = w[:len(w)-2]
	}
	if strings.HasSuffix(w, "e") && len(w) > 4 {
		w = w[:len(w)-1]
	}
	if s, ok := stemOverride[w]; ok {
		return s
	}
	return w
}

// stemOverride merges stems the rules above keep apart, for words API
// descriptions and agents use interchangeably. Keys are whole words or
// stems.
var stemOverride = map[string]string{
	"configur":     "config",
	"authentic":    "auth",
	"authn":        "auth",
	"authoriz":     "auth",
	"authz":        "auth",
	"verific":      "verify",
	"verifi":       "verify",
	"registr":      "register",
	"children":     "child",
	"people":       "person",
	"setting":      "setting", // not the verb "set"
	"settings":     "setting",
	"preferenc":    "prefer",
	"prefer":       "prefer",
	"preferred":    "prefer",
	"customiz":     "custom",
	"customis":     "custom",
	"organiz":      "org",
	"organization": "org",
	"repositor":    "repo",
	"repository":   "repo",
}

func hasVowel(s string) bool { return strings.ContainsAny(s, "aeiouy") }

// undouble turns "stopp" into "stop" and "sett" into "set", keeping the
// double letters English keeps ("call", "pass", "buzz").
func undouble(w string) string {
	n := len(w)
	if n >= 3 && w[n-1] == w[n-2] && !strings.ContainsRune("aeioulsz", rune(w[n-1])) {
		return w[:n-1]
	}
	return w
}
