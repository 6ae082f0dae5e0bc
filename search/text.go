package search

import (
	"strings"
	"sync"
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
// caller decides. The word's bytes are valid only during the call; they are
// written to buf, which is returned for reuse.
func splitWords(s string, buf []byte, fn func(word []byte)) []byte {
	emit := func(run string) {
		if len(run) <= maxWordLen {
			buf = appendLower(buf[:0], run)
			fn(buf)
		}
	}
	start := -1             // start of the current alphanumeric run, -1 outside one
	var prev, cur charClass // classes of the two previous characters of the run
	letters := false        // the current word has a letter
	for i := 0; i < len(s); {
		c, size := classAt(s, i)
		switch {
		case c == other:
			if start >= 0 {
				emit(s[start:i])
				start = -1
			}
		case start < 0:
			start = i
			letters = false
		case c == upper && (cur == lower || cur == digit && letters):
			// "userPool" or "s3Bucket": a capital after a lower, or after a
			// digit that follows letters (but "2FA" stays one word).
			emit(s[start:i])
			start = i
			letters = false
		case c == lower && cur == upper && prev == upper:
			// "SMSMfa": the last capital of an acronym starts the next word.
			_, n := utf8.DecodeLastRuneInString(s[:i])
			emit(s[start : i-n])
			start = i - n
		}
		if c == lower || c == upper {
			letters = true
		}
		if c == other {
			prev, cur = other, other
		} else {
			prev, cur = cur, c
		}
		i += size
	}
	if start >= 0 {
		emit(s[start:])
	}
	return buf
}

// charClass sorts characters for splitWords.
type charClass uint8

const (
	other charClass = iota
	lower
	upper
	digit
)

var asciiClass = func() (t [utf8.RuneSelf]charClass) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = lower
		t[c-'a'+'A'] = upper
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = digit
	}
	return t
}()

// classAt returns the class and size of the character at s[i].
func classAt(s string, i int) (charClass, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return asciiClass[c], 1
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	switch {
	case unicode.IsUpper(r):
		return upper, size
	case unicode.IsLetter(r):
		return lower, size
	case unicode.IsDigit(r):
		return digit, size
	}
	return other, size
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

// compounds are words that camelCase or punctuation splits but people write
// as one ("WebAuthn", "OAuth", "IdP", "e-mail"), and the phrasal verbs of
// signing in and out, joined so that "sign in" never matches a "signing
// key": first word, then second.
var compounds = sync.OnceValue(func() map[string]map[string]string {
	m := map[string]map[string]string{
		"web":  {"authn": "webauthn"},
		"o":    {"auth": "oauth", "auth2": "oauth2"},
		"id":   {"p": "idp"},
		"e":    {"mail": "email"},
		"look": {"up": "lookup"},
		"set":  {"up": "setup"},
	}
	for _, sign := range []string{"sign", "signs", "signed", "signing"} {
		m[sign] = map[string]string{"in": "signin", "on": "signin", "out": "signout", "off": "signout", "up": "signup"}
	}
	for _, log := range []string{"log", "logs", "logged", "logging"} {
		m[log] = map[string]string{"in": "login", "on": "login", "out": "logout", "off": "logout"}
	}
	return m
})

// compoundFirst maps each first word of a compound to itself, so that
// holding it on allocates nothing.
var compoundFirst = sync.OnceValue(func() map[string]string {
	m := make(map[string]string, len(compounds()))
	for k := range compounds() {
		m[k] = k
	}
	return m
})

// tokenizer turns text into terms: words joined back into compounds,
// stemmed, stop words and one-letter words left out. With keepStop, stop
// words come through (unstemmed) so that phrases like "who is in" can be
// matched; one-letter words never do.
type tokenizer struct {
	keepStop bool
	// cache maps a word to its term ("" for a dropped word). New keeps one
	// for the whole build: most words recur, and a hit allocates nothing.
	cache map[string]string
	pairs map[[2]string]string // pairTerm results, with cache
	buf   []byte
}

// terms calls fn with the terms of s in order.
func (tk *tokenizer) terms(s string, fn func(term string)) {
	var pending string // a word that may start a compound
	tk.buf = splitWords(s, tk.buf, func(w []byte) {
		if pending != "" {
			if c, ok := compounds()[pending][string(w)]; ok {
				pending = ""
				tk.emit(c, fn)
				return
			}
			tk.emit(pending, fn)
			pending = ""
		}
		if first, ok := compoundFirst()[string(w)]; ok {
			pending = first
			return
		}
		if t, ok := tk.cache[string(w)]; ok {
			if t != "" {
				fn(t)
			}
			return
		}
		tk.emit(string(w), fn)
	})
	if pending != "" {
		tk.emit(pending, fn)
	}
}

func (tk *tokenizer) emit(w string, fn func(string)) {
	t := ""
	switch {
	case len(w) < 2:
	case stopWords()[w]:
		if tk.keepStop {
			t = w
		}
	default:
		t = stem(w)
	}
	if tk.cache != nil {
		tk.cache[w] = t
	}
	if t != "" {
		fn(t)
	}
}

// pair returns pairTerm(a, b), from the cache when there is one.
func (tk *tokenizer) pair(a, b string) string {
	if tk.cache == nil {
		return pairTerm(a, b)
	}
	if tk.pairs == nil {
		tk.pairs = map[[2]string]string{}
	}
	p, ok := tk.pairs[[2]string{a, b}]
	if !ok {
		p = pairTerm(a, b)
		tk.pairs[[2]string{a, b}] = p
	}
	return p
}

// terms calls fn with the terms of s, as a tokenizer without a cache does.
func terms(s string, keepStop bool, fn func(term string)) {
	tk := tokenizer{keepStop: keepStop}
	tk.terms(s, fn)
}

// stopWords carry no meaning in a search for an API operation. Verbs that
// name operations (get, list, set, add...) are not among them.
var stopWords = sync.OnceValue(func() map[string]bool {
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
})

// stem reduces an English word to a stem shared by its inflections and a few
// derivations: users -> user, policies -> policy, disabling, disabled and
// disable -> disabl, configuration and configure -> config. It is much
// lighter than Porter's: API words are short and a wrong merge costs more
// than a missed one. Words with digits are left alone.
func stem(w string) string {
	if len(w) <= 3 || strings.ContainsAny(w, "0123456789") {
		return w
	}
	if s, ok := stemOverride()[w]; ok {
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
	if s, ok := stemOverride()[w]; ok {
		return s
	}
	return w
}

// stemOverride merges stems the rules above keep apart, for words API
// descriptions and agents use interchangeably. Keys are whole words or
// stems.
var stemOverride = sync.OnceValue(func() map[string]string {
	return map[string]string{
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
		"preferred":    "prefer",
		"customiz":     "custom",
		"customis":     "custom",
		"organiz":      "org",
		"organization": "org",
		"repositor":    "repo",
		"repository":   "repo",
	}
})

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
