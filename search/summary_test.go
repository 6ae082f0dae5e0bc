package search

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSummary(t *testing.T) {
	long := strings.Repeat("word ", 60) // 300 characters
	cases := []struct{ in, want string }{
		{"Creates a new user in the specified user pool.\n\nIf MessageAction isn't set...", "Creates a new user in the specified user pool."},
		{"Deactivates a user. A deactivated user can't sign in.", "Deactivates a user."},
		{"Lists the groups,\nwith paging. More text.", "Lists the groups, with paging."},
		{"Use a tag, e.g. Env. Then more.", "Use a tag, e.g. Env."},
		{"Signed by J. Smith. Then more.", "Signed by J. Smith."},
		{"Needs version 1.2 or later. More.", "Needs version 1.2 or later."},
		{"Is it done? Yes.", "Is it done?"},
		{"See [the guide](https://example.com/x) for more. Next.", "See the guide for more."},
		{"List organization repositories\n\nLists repositories for the specified organization.", "List organization repositories"},
		{"Intro line\n- item one\n- item two", "Intro line"},
		{"  no period at the end  ", "no period at the end"},
		{"## Get a widget\nReturns one widget.", "Get a widget"},
		{"> **Note**\n\nBody.", "**Note**"},
		{"", ""},
		{long, strings.TrimSpace(strings.Repeat("word ", 40)) + "…"},
		{strings.Repeat("x", 300), strings.Repeat("x", 199) + "…"},
	}
	for _, c := range cases {
		if got := Summary(c.in); got != c.want {
			t.Errorf("Summary(%.40q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestSummaryCognito checks every Cognito description: one line, at most
// SummaryMax runes, a cut only at a word boundary and marked with "…".
func TestSummaryCognito(t *testing.T) {
	for _, d := range cognitoDocs(t) {
		s := Summary(d.Description)
		switch {
		case s == "":
			t.Errorf("%s: empty summary", d.Name)
		case strings.ContainsAny(s, "\n\r"):
			t.Errorf("%s: summary has a line break: %q", d.Name, s)
		case utf8.RuneCountInString(s) > SummaryMax:
			t.Errorf("%s: summary has %d runes", d.Name, utf8.RuneCountInString(s))
		case !utf8.ValidString(s):
			t.Errorf("%s: summary is not UTF-8", d.Name)
		}
		if cut, ok := strings.CutSuffix(s, "…"); ok {
			rest := strings.Join(strings.Fields(d.Description), " ")
			if !strings.HasPrefix(rest, cut) || rest[len(cut)] != ' ' {
				t.Errorf("%s: summary cut inside a word: %q", d.Name, s)
			}
		}
	}
}

func TestSummaryMultibyte(t *testing.T) {
	in := strings.Repeat("é", 150) + " " + strings.Repeat("ü", 150)
	got := Summary(in)
	if want := strings.Repeat("é", 150) + "…"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
