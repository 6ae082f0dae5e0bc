package openapi

import (
	"slices"
	"strings"
)

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
// nothing more inside UserAttributes, but something on its own.
func restatesName(desc, prop string, context ...string) bool {
	if prop == "" || desc == "" || len(desc) > maxRestating {
		return false
	}
	known := map[string]bool{}
	for _, name := range append([]string{prop}, context...) {
		for _, w := range nameWords(name) {
			known[stem(w)] = true
			for _, syn := range nameSynonyms[w] {
				known[stem(syn)] = true
			}
		}
	}
	for _, w := range nameWords(desc) {
		// nameWords dropped a plural s: "specifies" is "specifie".
		if !fillerWords[w] && !fillerWords[w+"s"] && !known[stem(w)] {
			return false
		}
	}
	return true
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

// compactDescriptions rewrites the descriptions of one tool's input
// schema. Short descriptions keep nothing for an array's items or a map's
// values (their property says it) and say a sentence once per property
// name: the Notify flag of three risk actions is described at the first.
// Compact schemas drop descriptions that only restate the property's
// name, the names around it and those of the operation and the API
// (titles).
func compactDescriptions(schema map[string]any, titles []string, texts textPass, opts Options) {
	said := map[string]bool{}
	eachDescriptionIn(schema, nil, "", func(prop string, context []string, s map[string]any) {
		short := opts.Descriptions == DescriptionsShort
		if short && prop == "" {
			_, notes := cutConstraintNotes(strDesc(s))
			setDesc(s, notes)
			return
		}
		d := texts.apply(strDesc(s))
		if opts.Schemas == SchemasCompact {
			if text, notes := cutConstraintNotes(d); restatesName(text, prop, slices.Concat(context, titles)...) {
				d = notes
			}
		}
		if short {
			text, notes := cutConstraintNotes(d)
			if key := prop + "\x00" + text; text != "" && said[key] {
				d = notes
			} else {
				said[key] = true
			}
		}
		setDesc(s, d)
	})
}

// eachDescriptionIn calls f on every schema object under s that has a
// description, with the name of the property it describes ("" for items,
// map values and the top) and the names of the properties around it,
// outermost first.
func eachDescriptionIn(s map[string]any, context []string, prop string, f func(prop string, context []string, s map[string]any)) {
	if strDesc(s) != "" {
		f(prop, context, s)
	}
	inner := context
	if prop != "" {
		inner = append(slices.Clip(context), prop)
	}
	mapSubschemas(s, func(v any, p string) any {
		if m, ok := v.(map[string]any); ok {
			eachDescriptionIn(m, inner, p, f)
		}
		return v
	})
}
