package openapi

import "strings"

// maxRestating is the longest description restatesName looks at: longer
// text always says something of its own.
const maxRestating = 120

// fillerWords say nothing a schema does not: articles, pronouns,
// prepositions, auxiliaries, the phrases API documents put around a name
// ("specifies whether", "a string representing", "you would like"), and
// the names of types. They may surround a
// property's name in a description that says nothing more: "The user pool
// ID for the user pool." on UserPoolId, "The data type for
// AccountRecoverySetting." Words that carry a condition or a limit (not,
// only, must, when, if, numbers) are never filler.
var fillerWords = wordSet(`a an the this that these those its it s your you we
	of for to in into on at by with from as and or about
	is are be been being was were will
	which who whom whose where
	want would like have request specifies specify whether containing representing
	associated used
	value data type string integer number boolean array list object map
	parameter field property`)

// nameSynonyms are the words a description may spell out for a word of a
// name: "min" in MinLength is "minimum" in its description.
var nameSynonyms = map[string][]string{
	"id":       {"identifier"},
	"min":      {"minimum"},
	"max":      {"maximum"},
	"arn":      {"amazon", "resource", "name"},
	"idp":      {"identity", "provider"},
	"username": {"user", "name"},
	"sms":      {"text", "message"},
	"enabled":  {"activated", "active"},
	"enable":   {"activate", "active"},
}

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// restatesName reports a description that only restates where it stands:
// each of its words is filler or a word of the property's name or of the
// names around it (context: the enclosing properties and the operation).
// "The user name of the user you want to disable." says nothing more than
// Username in AdminDisableUser; "The name of the attribute." on Name says
// nothing more inside UserAttributes, but something on its own. The
// passes ask textCache.restates, which remembers what it read.
func restatesName(desc, prop string, context ...string) bool {
	return newTextCache().restates(desc, prop, context, nil)
}

// stem is a word without the endings that inflect it, so that "imported"
// meets "import" and "deleted" "delete": good enough to compare a
// description with a name, no more.
func stem(w string) string {
	for _, suffix := range []string{"ing", "ed", "es", "e"} {
		if len(w)-len(suffix) >= 3 {
			if r, ok := strings.CutSuffix(w, suffix); ok {
				return r
			}
		}
	}
	return w
}
