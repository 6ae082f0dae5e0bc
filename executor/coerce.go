package executor

import (
	"encoding/json"
	"maps"
	"slices"

	"github.com/cognito-mcp/cognito-mcp/internal/lazyre"
)

// Some hosts send every argument as a string: "10" for an integer, "true"
// for a boolean. Where the input schema asks for an integer, a number or a
// boolean and does not also accept a string, a string that spells exactly
// one such value becomes that value before validation. Anything else is
// left for validation to reject, naming the field.
var (
	integerText = lazyre.New(`^-?(?:0|[1-9][0-9]*)$`)
	numberText  = lazyre.New(`^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$`)
)

// coerce returns v, described by schema s, with the strings that spell the
// integer, number or boolean the schema asks for replaced by those values,
// and whether anything was replaced. Numbers become json.Number, so no
// digit is lost. v itself is never modified: a container with a change is
// copied.
func (d schemaDoc) coerce(s map[string]any, v any) (any, bool) {
	if s == nil {
		return v, false
	}
	switch x := v.(type) {
	case string:
		return d.coerceString(s, x)
	case map[string]any:
		var out map[string]any
		for k, val := range x {
			nv, ok := d.coerce(d.property(s, k), val)
			if !ok {
				continue
			}
			if out == nil {
				out = maps.Clone(x)
			}
			out[k] = nv
		}
		if out == nil {
			return v, false
		}
		return out, true
	case []any:
		it := d.items(s)
		var out []any
		for i, val := range x {
			nv, ok := d.coerce(it, val)
			if !ok {
				continue
			}
			if out == nil {
				out = slices.Clone(x)
			}
			out[i] = nv
		}
		if out == nil {
			return v, false
		}
		return out, true
	}
	return v, false
}

// coerceString turns str into the integer, number or boolean s asks for,
// when s accepts no string and str spells exactly such a value.
func (d schemaDoc) coerceString(s map[string]any, str string) (any, bool) {
	types := d.types(s, 0)
	if types["string"] {
		return str, false
	}
	switch {
	case types["integer"] && integerText().MatchString(str),
		types["number"] && numberText().MatchString(str):
		return json.Number(str), true
	case types["boolean"] && (str == "true" || str == "false"):
		return str == "true", true
	}
	return str, false
}

// types is the set of JSON types schema s names: its "type" (a name or a
// list) and those of its allOf, anyOf and oneOf branches.
func (d schemaDoc) types(s map[string]any, depth int) map[string]bool {
	out := map[string]bool{}
	if s == nil || depth > 16 {
		return out
	}
	switch t := s["type"].(type) {
	case string:
		out[t] = true
	case []any:
		for _, e := range t {
			if name, ok := e.(string); ok {
				out[name] = true
			}
		}
	}
	for _, key := range []string{"allOf", "anyOf", "oneOf"} {
		branches, _ := s[key].([]any)
		for _, b := range branches {
			maps.Copy(out, d.types(d.resolve(b), depth+1))
		}
	}
	return out
}
