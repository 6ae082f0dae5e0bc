package schemagen

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
)

// maxEnum bounds how many enum values are each tried as valid.
const maxEnum = 32

// maxBoundItems is the largest array bound exercised with full arrays.
const maxBoundItems = 64

// cases are the instances of one schema: valid variants and one violation
// per rule, each a whole value of the schema, named from path.
func (g *generator) cases(v any, path string, depth int) []Instance {
	s := g.resolve(v, 0)
	var out []Instance
	add := func(name string, value any, valid bool) {
		out = append(out, Instance{Name: pathName(path) + ": " + name, Value: value, Valid: valid})
	}
	for _, wrong := range wrongTypes(s) {
		add("type "+wrong.name, wrong.value, false)
	}
	if c, ok := s["const"]; ok {
		add("const", plain(c), true)
		add("not const", notIn([]any{c}), false)
	}
	if e := asSlice(s["enum"]); len(e) > 0 {
		for _, x := range e[:min(len(e), maxEnum)] {
			add(fmt.Sprintf("enum %v", x), plain(x), true)
		}
		add("out of enum", notIn(e), false)
		return out // the enum decides; other keywords only narrow it
	}
	switch mainType(s) {
	case "string":
		out = append(out, g.stringCases(s, path)...)
	case "integer", "number":
		out = append(out, g.numberCases(s, path, mainType(s) == "integer")...)
	case "array":
		out = append(out, g.arrayCases(s, path, depth)...)
	case "object":
		out = append(out, g.objectCases(s, path, depth)...)
	}
	return out
}

func pathName(path string) string {
	if path == "" {
		return "/"
	}
	return path
}

type typed struct {
	name  string
	value any
}

// samples has one value of each JSON type; integers are numbers too.
var samples = []typed{
	{"string", "x"}, {"integer", 7.0}, {"number", 1.5}, {"boolean", true},
	{"null", nil}, {"array", []any{}}, {"object", map[string]any{}},
}

// wrongTypes are sample values of the types s does not allow.
func wrongTypes(s map[string]any) []typed {
	allowed := types(s)
	if len(allowed) == 0 {
		return nil
	}
	var out []typed
	for _, t := range samples {
		ok := slices.Contains(allowed, t.name) || (t.name == "integer" && slices.Contains(allowed, "number"))
		if !ok {
			out = append(out, t)
		}
	}
	return out
}

// notIn is a value equal to none of values.
func notIn(values []any) any {
	for _, c := range []any{"zz-not-allowed", 987654.0, false, nil} {
		found := false
		for _, v := range values {
			if fmt.Sprint(plain(v)) == fmt.Sprint(c) {
				found = true
			}
		}
		if !found {
			return c
		}
	}
	return map[string]any{"zz": true}
}

func (g *generator) stringCases(s map[string]any, path string) []Instance {
	var out []Instance
	add := func(name string, value any, valid bool) {
		out = append(out, Instance{Name: pathName(path) + ": " + name, Value: value, Valid: valid})
	}
	base := g.str(s)
	lo := count(s["minLength"], 0)
	hi := count(s["maxLength"], math.MaxInt)
	re := compile(s["pattern"])
	if lo > 0 {
		add("minLength", fit(base, lo, lo), true)
		add("minLength-1", string([]rune(fit(base, lo, lo))[:lo-1]), false)
	}
	if hi < maxCount {
		add("maxLength", fit(base, hi, hi), true)
		add("maxLength+1", fit(base, hi+1, hi+1), false)
	}
	if re != nil {
		for _, c := range []string{" ", "!", "~", "a", "0", "-", "A", "\x00"} {
			if !re.MatchString(c) {
				add("pattern mismatch", fit(c, lo, min(hi, max(lo, 1))), false)
				break
			}
		}
	}
	if s["format"] == "date-time" && slices.Contains(types(s), "number") {
		add("date-time as epoch seconds", 1.7e9, true)
	}
	return out
}

func (g *generator) numberCases(s map[string]any, path string, integer bool) []Instance {
	var out []Instance
	add := func(name string, value any, valid bool) {
		out = append(out, Instance{Name: pathName(path) + ": " + name, Value: value, Valid: valid})
	}
	step := 0.5
	if integer {
		step = 1
		add("fraction", g.number(s, true)+0.5, false)
	}
	if lo, ok := number(s["minimum"]); ok {
		add("minimum", lo, true)
		add("below minimum", lo-step, false)
	}
	if hi, ok := number(s["maximum"]); ok {
		add("maximum", hi, true)
		add("above maximum", hi+step, false)
	}
	if lo, ok := number(s["exclusiveMinimum"]); ok {
		add("at exclusiveMinimum", lo, false)
	}
	if hi, ok := number(s["exclusiveMaximum"]); ok {
		add("at exclusiveMaximum", hi, false)
	}
	if m, ok := number(s["multipleOf"]); ok && m > 0 {
		add("not a multiple", g.number(s, false)+m/2, false)
	}
	return out
}

func (g *generator) arrayCases(s map[string]any, path string, depth int) []Instance {
	var out []Instance
	add := func(name string, value any, valid bool) {
		out = append(out, Instance{Name: pathName(path) + ": " + name, Value: value, Valid: valid})
	}
	lo := count(s["minItems"], 0)
	hi := count(s["maxItems"], math.MaxInt)
	if lo > 0 && lo <= maxBoundItems {
		add("minItems", g.array(s, lo, depth, true), true)
		add("minItems-1", g.array(s, lo-1, depth, true), false)
	}
	if hi < maxBoundItems {
		add("maxItems", g.array(s, hi, depth, true), true)
		add("maxItems+1", g.array(s, hi+1, depth, true), false)
	}
	if s["uniqueItems"] == true {
		item := g.valid(s["items"], depth+1, true)
		add("duplicate items", []any{item, item}, false)
	}
	if depth >= maxDepth || s["items"] == nil {
		return out
	}
	base := g.array(s, max(lo, 1), depth, true)
	for _, c := range g.cases(s["items"], path+"/0", depth+1) {
		arr := slices.Clone(base)
		if len(arr) == 0 {
			continue
		}
		arr[0] = c.Value
		out = append(out, Instance{Name: c.Name, Value: arr, Valid: c.Valid})
	}
	return out
}

func (g *generator) objectCases(s map[string]any, path string, depth int) []Instance {
	var out []Instance
	add := func(name string, value any, valid bool) {
		out = append(out, Instance{Name: pathName(path) + ": " + name, Value: value, Valid: valid})
	}
	base, _ := g.valid(s, depth, true).(map[string]any)
	props, _ := s["properties"].(map[string]any)
	for _, name := range slices.Sorted(maps.Keys(requiredSet(s))) {
		v := maps.Clone(base)
		delete(v, name)
		add("missing required "+name, v, false)
	}
	extra := "zzExtraProperty"
	switch ap := s["additionalProperties"].(type) {
	case bool:
		v := maps.Clone(base)
		v[extra] = "x"
		add("extra property", v, ap)
	case map[string]any:
		v := maps.Clone(base)
		v[extra] = g.valid(ap, depth+1, true)
		add("extra property", v, true)
		if depth < maxDepth {
			for _, c := range g.cases(ap, path+"/"+extra, depth+1) {
				v := maps.Clone(base)
				v[extra] = c.Value
				out = append(out, Instance{Name: c.Name, Value: v, Valid: c.Valid})
			}
		}
	}
	if depth >= maxDepth {
		return out
	}
	for _, name := range slices.Sorted(maps.Keys(props)) {
		for _, c := range g.cases(props[name], path+"/"+escape(name), depth+1) {
			v := maps.Clone(base)
			v[name] = c.Value
			out = append(out, Instance{Name: c.Name, Value: v, Valid: c.Valid})
		}
	}
	return out
}

// escape writes a property name as a JSON pointer token.
func escape(name string) string {
	return strings.ReplaceAll(strings.ReplaceAll(name, "~", "~0"), "/", "~1")
}
