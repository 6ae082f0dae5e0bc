package search

import (
	"slices"
	"strings"
	"sync"
)

// synonyms maps the words agents use to the words API descriptions use.
// Keys are words or phrases, matched after stemming and compounding ("log
// in" is also "login"), stop words included, longest first. A word keeps
// its place in the query and its synonyms join it at a lower weight; a
// phrase is replaced by its value, word for word, where "a|b" puts a and b
// in the same place. The table is API-administration vocabulary, not a list
// of one API's operations.
var synonyms = sync.OnceValue(func() map[string]string {
	return map[string]string{
		// Who and what.
		"account":       "user",
		"person":        "user",
		"member":        "user group",
		"membership":    "user group",
		"who is in":     "list user|member",
		"who belongs":   "list user|member",
		"app":           "client",
		"application":   "client",
		"role":          "group",
		"field":         "attribute",
		"property":      "attribute",
		"claim":         "attribute",
		"profile":       "user attribute",
		"email":         "attribute",
		"phone":         "sms attribute",
		"mail":          "email",
		"idp":           "identity provider",
		"federation":    "identity provider",
		"sso":           "identity provider",
		"saml":          "identity provider",
		"oidc":          "identity provider",
		"label":         "tag",
		"directory":     "pool",
		"jwt":           "token",
		"theme":         "ui custom brand",
		"look and feel": "ui custom brand",
		"logo":          "ui custom brand",
		"branding":      "ui custom",
		"audit":         "event log",
		"history":       "event",
		"activity":      "event",
		"attempt":       "event",
		"threat":        "risk",
		"compromised":   "risk",
		"fraud":         "risk",
		"fraudulent":    "risk",
		"suspicious":    "risk",
		"bulk":          "import",
		"upload":        "import",

		// What to do.
		"deactivate":   "disable",
		"suspend":      "disable",
		"block":        "disable",
		"lock":         "disable",
		"ban":          "disable",
		"turn off":     "disable",
		"reactivate":   "enable",
		"activate":     "enable",
		"unblock":      "enable",
		"unlock":       "enable",
		"unsuspend":    "enable",
		"turn on":      "enable",
		"unlink":       "disable remove",
		"disconnect":   "disable remove",
		"remove":       "delete",
		"delete":       "remove",
		"erase":        "delete remove",
		"destroy":      "delete",
		"drop":         "delete remove",
		"add":          "create",
		"create":       "add",
		"new":          "create",
		"make":         "create",
		"get":          "describe",
		"describe":     "get",
		"show":         "get describe list",
		"view":         "get describe",
		"fetch":        "get",
		"read":         "get describe",
		"look up":      "get describe",
		"detail":       "get describe",
		"info":         "get describe",
		"what":         "get describe",
		"which":        "list get",
		"how many":     "list",
		"enumerate":    "list",
		"all":          "list",
		"browse":       "list",
		"find":         "get list filter",
		"search":       "list filter",
		"whose":        "filter",
		"starts with":  "filter prefix",
		"begins with":  "filter prefix",
		"change":       "update set",
		"modify":       "update set",
		"edit":         "update set",
		"set up":       "create config",
		"configure":    "set",
		"enforce":      "set",
		"require":      "set",
		"preference":   "set",
		"validate":     "verify",
		"invalidate":   "revoke",
		"register":     "signup",
		"sign in":      "signin auth",
		"log in":       "signin auth",
		"authenticate": "signin",
		"log out":      "signout",
		"kick out":     "signout",
		"comment on":   "create|add comment",
		"reply to":     "create|add comment reply",

		// Factors and channels.
		"2fa":               "mfa",
		"two factor":        "mfa",
		"multi factor":      "mfa",
		"second factor":     "mfa",
		"otp":               "mfa",
		"one time":          "mfa",
		"totp":              "software token mfa",
		"authenticator":     "software token totp",
		"text message":      "sms",
		"text":              "sms",
		"passkey":           "webauthn",
		"security key":      "webauthn",
		"fido":              "webauthn",
		"biometric":         "webauthn",
		"webauthn":          "passkey",
		"password reset":    "reset forgot password",
		"reset password":    "reset forgot password",
		"lost password":     "forgot password",
		"forgotten":         "forgot",
		"verification code": "verify confirm code",
	}
})

// phrase is one synonym entry with its key in term form.
type phrase struct {
	key    []string   // stemmed words, stop words included
	expand [][]string // per word of the value: its stemmed alternatives
	// replace is set for a key of several words ("who is in", "log in",
	// which is also "login"): the value takes its place at full weight.
	replace bool
}

// phrases are the synonyms in term form, longest key first, then by key, so
// matching is deterministic. They are built on first use: stemming the
// table is work a server that never searches should not do at start.
var phrases = sync.OnceValue(func() []phrase {
	out := make([]phrase, 0, len(synonyms()))
	seen := map[string]bool{}
	for k, v := range synonyms() {
		p := phrase{replace: strings.Contains(k, " ")}
		terms(k, true, func(t string) { p.key = append(p.key, t) })
		for _, word := range strings.Fields(v) {
			var alts []string
			for _, alt := range strings.Split(word, "|") {
				terms(alt, false, func(t string) { alts = append(alts, t) })
			}
			if len(alts) > 0 {
				p.expand = append(p.expand, alts)
			}
		}
		if len(p.key) == 0 || len(p.expand) == 0 {
			panic("search: synonym " + k + " has no terms")
		}
		if seen[strings.Join(p.key, " ")] {
			panic("search: synonym " + k + " has the same terms as another")
		}
		seen[strings.Join(p.key, " ")] = true
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b phrase) int {
		if len(a.key) != len(b.key) {
			return len(b.key) - len(a.key)
		}
		return strings.Compare(strings.Join(a.key, " "), strings.Join(b.key, " "))
	})
	return out
})

// modifiers start the part of a query that says how, not what: in "log in
// with username and password" the tool to find logs in; the words after
// "with" count for modifierWeight of their weight.
var modifiers = map[string]bool{"with": true, "using": true, "via": true, "without": true}

const modifierWeight = 0.5

// joinParticles joins a phrasal verb split by its object: into its
// compound ("log a user out" -> "logout a user"), or, when the verb and
// particle make a synonym phrase, by moving the particle next to the verb
// ("turn the user off" -> "turn off the user").
func joinParticles(words []string) []string {
	for i := 0; i < len(words); i++ {
		for k := 2; k <= 3 && i+k < len(words); k++ {
			if c, ok := compounds()[words[i]][words[i+k]]; ok {
				words[i] = c
				words = slices.Delete(words, i+k, i+k+1)
				break
			}
			if !particlePhrases()[[2]string{words[i], words[i+k]}] {
				continue
			}
			particle := words[i+k]
			copy(words[i+2:i+k+1], words[i+1:i+k])
			words[i+1] = particle
			break
		}
	}
	return words
}

var particles = map[string]bool{"in": true, "out": true, "on": true, "off": true, "up": true}

// particlePhrases are the two-word synonym keys that end with a particle.
var particlePhrases = sync.OnceValue(func() map[[2]string]bool {
	m := map[[2]string]bool{}
	for _, p := range phrases() {
		if len(p.key) == 2 && particles[p.key[1]] {
			m[[2]string{p.key[0], p.key[1]}] = true
		}
	}
	return m
})

// expansionWeight is how much a word added by a synonym counts beside the
// words the agent wrote.
const expansionWeight = 0.5

// weighted is a query term and how much it counts.
type weighted struct {
	term   string
	weight float64
}

// slot is one position of the query: a word and its synonyms, or a phrase
// and its expansion. Adjacent slots make the pairs that reward word order.
type slot []weighted

// query is a parsed query: its terms (each once, with its highest weight,
// sorted so that scores add up in the same order every time) and its slots.
type query struct {
	terms []weighted
	slots []slot
	// question is set when the query asks rather than orders ("what MFA
	// settings does the pool have", "which groups..."): tools that only
	// read are then the likelier answer.
	question bool
}

// questionWords open a query that asks for information. "how" is not one:
// "how do I reset a password" asks how to act, not what is there.
var questionWords = map[string]bool{"what": true, "which": true, "who": true, "whose": true, "is": true, "are": true, "does": true}

// maxQueryWords bounds the work one query can cause: words past it are
// ignored.
const maxQueryWords = 64

// parseQuery turns what an agent typed into weighted terms.
func parseQuery(s string) query {
	var words []string
	terms(s, true, func(t string) {
		if len(words) < maxQueryWords {
			words = append(words, t)
		}
	})
	words = joinParticles(words)
	var q query
	q.question = len(words) > 0 && questionWords[words[0]]
	scale := 1.0 // modifierWeight once a "with ..." phrase has begun
	add := func(sl slot) {
		if len(sl) == 0 {
			return
		}
		for j := range sl {
			sl[j].weight *= scale
		}
		q.slots = append(q.slots, sl)
	}
	for i := 0; i < len(words); {
		if modifiers[words[i]] && len(q.slots) > 0 {
			scale = modifierWeight
		}
		p, ok := matchPhrase(words[i:])
		if !ok {
			if !isStopTerm(words[i]) {
				add(slot{{words[i], 1}})
			}
			i++
			continue
		}
		if !p.replace {
			sl := slot{{words[i], 1}}
			if isStopTerm(words[i]) {
				sl = nil
			}
			for _, alts := range p.expand {
				for _, e := range alts {
					sl = append(sl, weighted{e, expansionWeight})
				}
			}
			add(sl)
		} else {
			for _, alts := range p.expand {
				var sl slot
				for _, e := range alts {
					sl = append(sl, weighted{e, 1})
				}
				add(sl)
			}
		}
		i += len(p.key)
	}
	best := map[string]float64{}
	for _, sl := range q.slots {
		for _, w := range sl {
			best[w.term] = max(best[w.term], w.weight)
		}
	}
	for t, w := range best {
		q.terms = append(q.terms, weighted{t, w})
	}
	slices.SortFunc(q.terms, func(a, b weighted) int { return strings.Compare(a.term, b.term) })
	return q
}

// pairs returns the ordered word pairs of the query, each with its
// weight: words next to each other, or with one word between them ("users
// of the admins group" pairs user with group), as the pair terms the index
// keeps for names.
func (q query) pairs() []weighted {
	best := map[string]float64{}
	for i := range q.slots {
		for j := i + 1; j < len(q.slots) && j <= i+2; j++ {
			for _, a := range q.slots[i] {
				for _, b := range q.slots[j] {
					if a.term != b.term {
						k := pairTerm(a.term, b.term)
						best[k] = max(best[k], min(a.weight, b.weight))
					}
				}
			}
		}
	}
	out := make([]weighted, 0, len(best))
	for t, w := range best {
		out = append(out, weighted{t, w})
	}
	slices.SortFunc(out, func(a, b weighted) int { return strings.Compare(a.term, b.term) })
	return out
}

// pairTerm is the index term for word a followed by word b. The space keeps
// it apart from every single-word term.
func pairTerm(a, b string) string { return a + " " + b }

// phrasesByFirst are the phrases by their first word, longest first.
var phrasesByFirst = sync.OnceValue(func() map[string][]phrase {
	m := map[string][]phrase{}
	for _, p := range phrases() {
		m[p.key[0]] = append(m[p.key[0]], p)
	}
	return m
})

// matchPhrase returns the longest phrase words start with.
func matchPhrase(words []string) (phrase, bool) {
	for _, p := range phrasesByFirst()[words[0]] {
		if len(p.key) <= len(words) && slices.Equal(p.key, words[:len(p.key)]) {
			return p, true
		}
	}
	return phrase{}, false
}

// isStopTerm reports whether a term from terms(s, true, ...) is a stop word.
// Stop words are never stemmed, so the lookup is exact.
func isStopTerm(t string) bool { return stopWords()[t] }
