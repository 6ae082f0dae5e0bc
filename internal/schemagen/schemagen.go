package schemagen

import (
	"encoding/json"
	"maps"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Instance is one generated value.
type Instance struct {
	// Name says what the instance exercises: "valid: every property",
	// "/UserAttributes/0/Name: maxLength+1".
	Name string
	// Value is built from map[string]any, []any, string, float64, bool and
	// nil, ready for encoding/json.
	Value any
	// Valid is what the generator meant: true for a value that should pass.
	Valid bool
}

// maxDepth bounds nesting: deeper objects get only their valid value.
const maxDepth = 6

// maxCount bounds the repeated parts of a value (items, padding): bounds
// beyond it are not exercised.
const maxCount = 4096

// Generate returns the instances for schema, a decoded JSON Schema
// document (the root of any "#/$defs/..." reference), in a fixed order.
func Generate(schema map[string]any) []Instance {
	g := &generator{root: schema}
	out := []Instance{
		{Name: "valid: every property", Value: g.valid(schema, 0, true), Valid: true},
		{Name: "valid: required properties only", Value: g.valid(schema, 0, false), Valid: true},
	}
	return append(out, g.cases(schema, "", 0)...)
}

type generator struct {
	root map[string]any
}

// resolve follows $ref and folds allOf, giving one schema object to read
// keywords from. Siblings of $ref and allOf members add to the target.
func (g *generator) resolve(v any, depth int) map[string]any {
	s, ok := v.(map[string]any)
	if !ok {
		return map[string]any{}
	}
	if depth > maxDepth*4 {
		return s
	}
	out := s
	if ref, ok := s["$ref"].(string); ok {
		out = map[string]any{}
		if name, ok := strings.CutPrefix(ref, "#/$defs/"); ok {
			defs, _ := g.root["$defs"].(map[string]any)
			maps.Copy(out, g.resolve(defs[name], depth+1))
		}
		out = overlay(out, s)
		delete(out, "$ref")
	}
	if all, ok := out["allOf"].([]any); ok {
		merged := maps.Clone(out)
		delete(merged, "allOf")
		for _, m := range all {
			merged = overlay(g.resolve(m, depth+1), merged)
		}
		out = merged
	}
	return out
}

// overlay is a copy of base with top's keywords over it; properties and
// required lists are united.
func overlay(base, top map[string]any) map[string]any {
	out := maps.Clone(base)
	for k, v := range top {
		switch k {
		case "properties":
			p := map[string]any{}
			if bp, ok := base[k].(map[string]any); ok {
				maps.Copy(p, bp)
			}
			if tp, ok := v.(map[string]any); ok {
				maps.Copy(p, tp)
			}
			out[k] = p
		case "required":
			r := slices.Clone(asSlice(base[k]))
			out[k] = append(r, asSlice(v)...)
		default:
			out[k] = v
		}
	}
	return out
}

// types lists the schema's allowed types; empty when it does not say.
func types(s map[string]any) []string {
	switch t := s["type"].(type) {
	case string:
		return []string{t}
	case []any:
		var out []string
		for _, x := range t {
			if str, ok := x.(string); ok {
				out = append(out, str)
			}
		}
		return out
	}
	return nil
}

// mainType is the type valid values are made of.
func mainType(s map[string]any) string {
	for _, t := range types(s) {
		if t != "null" {
			return t
		}
	}
	switch {
	case s["properties"] != nil || s["additionalProperties"] != nil || s["required"] != nil:
		return "object"
	case s["items"] != nil || s["prefixItems"] != nil:
		return "array"
	case s["minimum"] != nil || s["maximum"] != nil || s["exclusiveMinimum"] != nil || s["exclusiveMaximum"] != nil:
		return "number"
	case s["minLength"] != nil || s["maxLength"] != nil || s["pattern"] != nil || s["format"] != nil:
		return "string"
	}
	if slices.Contains(types(s), "null") {
		return "null"
	}
	return "string"
}

// valid is a value meant to satisfy v; all says whether optional
// properties are filled in too.
func (g *generator) valid(v any, depth int, all bool) any {
	s := g.resolve(v, 0)
	if c, ok := s["const"]; ok {
		return plain(c)
	}
	if e := asSlice(s["enum"]); len(e) > 0 {
		return plain(e[0])
	}
	switch mainType(s) {
	case "object":
		obj := map[string]any{}
		if depth > 2*maxDepth {
			return obj
		}
		if depth > maxDepth {
			all = false // recursive types end with their required members
		}
		props, _ := s["properties"].(map[string]any)
		required := requiredSet(s)
		for _, name := range slices.Sorted(maps.Keys(props)) {
			if all || required[name] {
				obj[name] = g.valid(props[name], depth+1, all)
			}
		}
		if len(props) == 0 && all {
			if ap, ok := s["additionalProperties"].(map[string]any); ok {
				obj["key1"] = g.valid(ap, depth+1, all)
			}
		}
		return obj
	case "array":
		n := count(s["minItems"], 0)
		if all {
			n = max(n, 1)
		}
		if hi, ok := number(s["maxItems"]); ok {
			n = min(n, int(hi))
		}
		return g.array(s, n, depth, all)
	case "integer":
		return g.number(s, true)
	case "number":
		return g.number(s, false)
	case "boolean":
		return true
	case "null":
		return nil
	}
	return g.str(s)
}

// array is n valid items of s; distinct ones when s asks for unique items.
func (g *generator) array(s map[string]any, n, depth int, all bool) []any {
	n = min(n, maxCount)
	out := make([]any, 0, n)
	item := g.valid(s["items"], depth+1, all)
	for i := 0; i < n; i++ {
		if i > 0 && s["uniqueItems"] == true {
			if str, ok := item.(string); ok {
				out = append(out, str+strconv.Itoa(i))
				continue
			}
		}
		out = append(out, item)
	}
	return out
}

// number is a value inside the schema's bounds: 1 when allowed.
func (g *generator) number(s map[string]any, integer bool) float64 {
	lo, hasLo := number(s["minimum"])
	xlo, hasXlo := number(s["exclusiveMinimum"])
	hi, hasHi := number(s["maximum"])
	xhi, hasXhi := number(s["exclusiveMaximum"])
	m, hasM := number(s["multipleOf"])
	fits := func(v float64) bool {
		return !(hasLo && v < lo) && !(hasXlo && v <= xlo) && !(hasHi && v > hi) && !(hasXhi && v >= xhi) &&
			!(integer && v != math.Trunc(v)) && !(hasM && m > 0 && math.Mod(v, m) != 0)
	}
	candidates := []float64{1}
	for _, b := range []struct {
		v  float64
		ok bool
	}{{lo, hasLo}, {xlo, hasXlo}, {hi, hasHi}, {xhi, hasXhi}} {
		if b.ok {
			candidates = append(candidates, b.v, math.Ceil(b.v), math.Floor(b.v)+1, math.Floor(b.v), math.Ceil(b.v)-1, b.v+0.5, b.v-0.5)
			if hasM && m > 0 {
				candidates = append(candidates, math.Ceil(b.v/m)*m, math.Ceil(b.v/m)*m+m, math.Floor(b.v/m)*m, math.Floor(b.v/m)*m-m)
			}
		}
	}
	if (hasLo || hasXlo) && (hasHi || hasXhi) {
		l, h := lo, hi
		if hasXlo {
			l = xlo
		}
		if hasXhi {
			h = xhi
		}
		candidates = append(candidates, (l+h)/2)
	}
	for _, v := range candidates {
		if fits(v) {
			return v
		}
	}
	return 1
}

// str is a string of an allowed length that matches the pattern.
func (g *generator) str(s map[string]any) string {
	lo := count(s["minLength"], 0)
	hi := count(s["maxLength"], math.MaxInt)
	if s["format"] == "date-time" {
		return "2024-01-02T03:04:05Z"
	}
	re := compile(s["pattern"])
	if re == nil {
		return fit("a", lo, hi)
	}
	best := ""
	for reps := 1; reps <= 64; reps++ {
		str := sample(re.syntax, reps)
		if best == "" {
			best = str
		}
		if n := runeLen(str); n >= lo && n <= hi && re.MatchString(str) {
			return str
		}
	}
	return fit(best, lo, hi)
}

// fit pads s with its last character, or cuts it, to a length in [lo, hi].
func fit(s string, lo, hi int) string {
	r := []rune(s)
	if len(r) == 0 {
		r = []rune{'a'}
	}
	for len(r) < lo && len(r) < maxCount {
		r = append(r, r[len(r)-1])
	}
	if len(r) > hi {
		r = r[:hi]
	}
	return string(r)
}

func requiredSet(s map[string]any) map[string]bool {
	out := map[string]bool{}
	for _, r := range asSlice(s["required"]) {
		if name, ok := r.(string); ok {
			out[name] = true
		}
	}
	return out
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}

// number reads a JSON number decoded as float64 or json.Number.
func number(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case json.Number:
		f, err := n.Float64()
		return f, err == nil
	case int:
		return float64(n), true
	}
	return 0, false
}

// count reads a non-negative count keyword, or def when absent.
func count(v any, def int) int {
	n, ok := number(v)
	if !ok || n < 0 {
		return def
	}
	if n > math.MaxInt32 {
		return math.MaxInt32
	}
	return int(n)
}

// plain turns json.Number into float64 so values marshal the same way
// whatever decoded the schema.
func plain(v any) any {
	switch x := v.(type) {
	case json.Number:
		f, _ := x.Float64()
		return f
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = plain(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plain(e)
		}
		return out
	}
	return v
}

func runeLen(s string) int { return len([]rune(s)) }

// pattern is a compiled pattern with its parsed form, for sampling.
type pattern struct {
	*regexp.Regexp
	syntax *syntaxRegexp
}

// compile compiles a pattern keyword; nil when absent or not a Go regexp.
func compile(v any) *pattern {
	p, ok := v.(string)
	if !ok {
		return nil
	}
	re, err := regexp.Compile(p)
	if err != nil {
		return nil
	}
	parsed, err := parseSyntax(p)
	if err != nil {
		return nil
	}
	return &pattern{Regexp: re, syntax: parsed}
}
