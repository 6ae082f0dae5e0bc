package search

import (
	"slices"
	"testing"
)

func TestParseQuery(t *testing.T) {
	cases := []struct {
		query string
		want  []weighted // the terms, sorted
	}{
		// A word keeps full weight, its synonyms join at a lower one.
		{"disable account", []weighted{{"account", 1}, {"disabl", 1}, {"user", expansionWeight}}},
		// A phrase is replaced, stop words and all.
		{"who is in admins", []weighted{{"admin", 1}, {"list", 1}, {"member", 1}, {"user", 1}}},
		// A phrasal verb is one word, also when split by its object.
		{"log a user out", []weighted{{"signout", 1}, {"user", 1}}},
		{"turn the user off", []weighted{{"disabl", 1}, {"user", 1}}},
		// What follows "with" counts less.
		{"log in with password", []weighted{{"auth", 1}, {"password", modifierWeight}, {"signin", 1}}},
		{"Login with password", []weighted{{"auth", 1}, {"password", modifierWeight}, {"signin", 1}}},
		{"", nil},
		{"the a of", nil},
	}
	for _, c := range cases {
		got := parseQuery(c.query).terms
		if !slices.Equal(got, c.want) {
			t.Errorf("parseQuery(%q).terms = %v, want %v", c.query, got, c.want)
		}
	}
}

func TestSynonymsHaveTerms(t *testing.T) {
	// phrases panics on first use when an entry has no terms; check that every
	// expansion is made of indexable words too.
	for _, p := range phrases() {
		for _, alts := range p.expand {
			for _, e := range alts {
				if stopWords()[e] || e == "" {
					t.Errorf("synonym %v expands to stop word %q", p.key, e)
				}
			}
		}
	}
}
