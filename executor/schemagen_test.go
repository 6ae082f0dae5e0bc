package executor

import (
	"encoding/json"
	"maps"
	"regexp/syntax"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"
)

// instanceStyle chooses the instance genInstance makes of a schema.
type instanceStyle struct {
	// all gives every member of every object, else the required ones.
	all bool
	// long puts strings at their maximum length (one character past
	// overLong when they have none), lists at up to 3 items and numbers at
	// their maximum; else strings are short (4 characters when the schema
	// allows, base64 as well), lists have one item and numbers are small
	// but not zero.
	long bool
	// space picks a space wherever a pattern allows one.
	space bool
}

// overLong is the length of a string whose schema sets no maximum in long
// style: past the 131072 characters AWS allows most strings today.
const overLong = 131072 + 1

func (s instanceStyle) String() string {
	var b strings.Builder
	b.WriteString(map[bool]string{false: "required", true: "all"}[s.all])
	if s.long {
		b.WriteString(",long")
	}
	if s.space {
		b.WriteString(",space")
	}
	return b.String()
}

// instanceStyles are the styles the tests try.
var instanceStyles = []instanceStyle{{}, {all: true}, {all: true, long: true}, {all: true, space: true}}

// genInstance makes an instance of the JSON Schema raw (a tool's input
// schema: type, properties, required, additionalProperties, items, enum,
// min/max of lengths, items, properties and values, patterns, local
// $refs) in the given style, as the JSON text a client would send. It
// covers what the converted Cognito schemas use; a schema outside it
// fails the test.
func genInstance(t testing.TB, raw []byte, style instanceStyle) []byte {
	t.Helper()
	var root map[string]any
	if err := json.Unmarshal(raw, &root); err != nil {
		t.Fatalf("schema: %v", err)
	}
	g := &instanceGen{t: t, root: root, style: style}
	out, err := json.Marshal(g.value(root, 0))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

type instanceGen struct {
	t     testing.TB
	root  map[string]any
	style instanceStyle
}

// resolve follows a local $ref, keeping the referring schema's own
// keywords next to the target's.
func (g *instanceGen) resolve(s map[string]any) map[string]any {
	for range 10 {
		ref, ok := s["$ref"].(string)
		if !ok {
			return s
		}
		name, ok := strings.CutPrefix(ref, "#/$defs/")
		target, _ := g.root["$defs"].(map[string]any)[name].(map[string]any)
		if !ok || target == nil {
			g.t.Fatalf("unresolvable $ref %s", ref)
		}
		merged := maps.Clone(target)
		for k, v := range s {
			if k != "$ref" && k != "description" {
				merged[k] = v
			}
		}
		s = merged
	}
	g.t.Fatal("$ref chain too long")
	return nil
}

func (g *instanceGen) value(s map[string]any, depth int) any {
	if depth > 20 {
		g.t.Fatal("schema nests deeper than 20 levels")
	}
	s = g.resolve(s)
	if enum, ok := s["enum"].([]any); ok && len(enum) > 0 {
		if g.style.long {
			return enum[len(enum)-1]
		}
		return enum[0]
	}
	typ, _ := s["type"].(string)
	for _, t := range asList(s["type"]) { // ["string", "null"]: the first that is not null
		if t != "null" && typ == "" {
			typ, _ = t.(string)
		}
	}
	switch typ {
	case "object":
		return g.object(s, depth)
	case "array":
		items, _ := s["items"].(map[string]any)
		n := count(s, "minItems", "maxItems", g.style.long)
		out := make([]any, n)
		for i := range out {
			out[i] = g.value(items, depth+1)
		}
		return out
	case "string":
		return g.str(s)
	case "integer", "number":
		lo, hasLo := num(s, "minimum")
		hi, hasHi := num(s, "maximum")
		switch {
		case g.style.long && hasHi:
			return hi
		case g.style.long:
			return max(lo, 1<<31-1)
		case hasLo && lo > 0, hasHi && hi < 1:
			return lo
		}
		return 1
	case "boolean":
		return true
	case "":
		_, props := s["properties"]
		_, vals := s["additionalProperties"].(map[string]any)
		if props || vals {
			return g.object(s, depth)
		}
		return map[string]any{"k": "v"} // any value: a document
	}
	g.t.Fatalf("no instances for type %q", typ)
	return nil
}

func (g *instanceGen) object(s map[string]any, depth int) map[string]any {
	out := map[string]any{}
	props, _ := s["properties"].(map[string]any)
	var required []string
	for _, r := range asList(s["required"]) {
		required = append(required, r.(string))
	}
	for _, name := range slices.Sorted(maps.Keys(props)) {
		if g.style.all && depth < 8 || slices.Contains(required, name) {
			out[name] = g.value(props[name].(map[string]any), depth+1)
		}
	}
	if vals, ok := s["additionalProperties"].(map[string]any); ok && len(props) == 0 {
		for i := range count(s, "minProperties", "maxProperties", g.style.long) {
			out["key"+string(rune('1'+i))] = g.value(vals, depth+1)
		}
	}
	return out
}

// str makes a string that matches the schema's pattern with a length
// within its bounds: short or long as the style says.
func (g *instanceGen) str(s map[string]any) string {
	minLen, _ := num(s, "minLength")
	maxLen, bounded := num(s, "maxLength")
	if !bounded {
		maxLen = overLong
	}
	pattern, _ := s["pattern"].(string)
	if pattern == "" {
		pattern = "(?s).*"
	}
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		g.t.Fatalf("pattern %s: %v", pattern, err)
	}
	re = re.Simplify()
	// The length grows with the repetitions: search the fewest that reach
	// the wanted length.
	want := max(minLen, min(4, maxLen))
	if g.style.long {
		want = maxLen
	}
	reps := sort.Search(overLong+1, func(r int) bool { return regexpLen(re, r) >= want })
	if regexpLen(re, reps) > maxLen && reps > 0 {
		reps--
	}
	var b strings.Builder
	g.regexp(&b, re, reps)
	return b.String()
}

// repeats is how many times a repetition repeats for reps.
func repeats(re *syntax.Regexp, reps int) int {
	lo, hi := 0, -1
	switch re.Op {
	case syntax.OpPlus:
		lo = 1
	case syntax.OpQuest:
		hi = 1
	case syntax.OpRepeat:
		lo, hi = re.Min, re.Max
	}
	n := max(lo, reps)
	if hi >= 0 {
		n = min(n, hi)
	}
	return n
}

// regexpLen is the length in characters of what regexp writes.
func regexpLen(re *syntax.Regexp, reps int) int {
	switch re.Op {
	case syntax.OpLiteral:
		return len(re.Rune)
	case syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return 1
	case syntax.OpCapture, syntax.OpAlternate:
		return regexpLen(re.Sub[0], reps)
	case syntax.OpConcat:
		n := 0
		for _, sub := range re.Sub {
			n += regexpLen(sub, reps)
		}
		return n
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		return repeats(re, reps) * regexpLen(re.Sub[0], reps)
	}
	return 0
}

// regexp writes a string that re matches, repeating every unbounded
// repetition reps times (at least its minimum).
func (g *instanceGen) regexp(b *strings.Builder, re *syntax.Regexp, reps int) {
	switch re.Op {
	case syntax.OpLiteral:
		b.WriteString(string(re.Rune))
	case syntax.OpCharClass:
		b.WriteRune(g.pick(re.Rune))
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		b.WriteRune(g.pick([]rune{0, utf8.MaxRune}))
	case syntax.OpCapture:
		g.regexp(b, re.Sub[0], reps)
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			g.regexp(b, sub, reps)
		}
	case syntax.OpAlternate:
		g.regexp(b, re.Sub[0], reps)
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		// Every repetition writes the same: write one, copy it.
		var one strings.Builder
		g.regexp(&one, re.Sub[0], reps)
		b.WriteString(strings.Repeat(one.String(), repeats(re, reps)))
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
	default:
		g.t.Fatalf("no strings for regexp %s", re)
	}
}

// pick chooses a character of a class (pairs of lo, hi): a space if the
// style wants one and the class has it, else the first of a few plain
// characters the class has, else its first printable one.
func (g *instanceGen) pick(class []rune) rune {
	in := func(r rune) bool {
		for i := 0; i+1 < len(class); i += 2 {
			if class[i] <= r && r <= class[i+1] {
				return true
			}
		}
		return false
	}
	if g.style.space && in(' ') {
		return ' '
	}
	for _, r := range "aA0-_.x" {
		if in(r) {
			return r
		}
	}
	for i := 0; i+1 < len(class); i += 2 {
		if r := max(class[i], 0x21); r <= class[i+1] {
			return r
		}
	}
	g.t.Fatalf("no printable character in class %v", class)
	return 0
}

// count is the number of items or properties of a list or map.
func count(s map[string]any, minKey, maxKey string, long bool) int {
	lo, _ := num(s, minKey)
	hi, bounded := num(s, maxKey)
	n := max(lo, 1)
	if long {
		n = max(lo, 3)
	}
	if bounded {
		n = min(n, hi)
	}
	return n
}

func num(s map[string]any, key string) (int, bool) {
	f, ok := s[key].(float64)
	return int(f), ok
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// TestGenInstanceValid: every instance made of today's Cognito input
// schemas is valid against its own schema, in the short styles (the long
// ones are checked against the seed's schemas by
// TestNewSchemasAcceptSeedArguments).
func TestGenInstanceValid(t *testing.T) {
	for op, tool := range embeddedCognito(t) {
		s, err := compileSchema(tool.InputSchema)
		if err != nil {
			t.Fatalf("%s: %v", op, err)
		}
		for _, style := range instanceStyles {
			if style.long {
				continue
			}
			if err := s.Validate(decodeArgs(t, genInstance(t, tool.InputSchema, style))); err != nil {
				t.Errorf("%s (%s): %v", op, style, violations(err))
			}
		}
	}
}

// TestGenInstanceStrings pins the strings made for a few patterns.
func TestGenInstanceStrings(t *testing.T) {
	for _, tc := range []struct {
		schema string
		style  instanceStyle
		want   string
	}{
		{`{"type":"string"}`, instanceStyle{}, "aaaa"},
		{`{"type":"string","minLength":1,"maxLength":55,"pattern":"[\\w-]+_[0-9a-zA-Z]+"}`, instanceStyle{}, "aa_aa"},
		{`{"type":"string","minLength":3,"maxLength":32,"pattern":"[^_][\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}][^_]+"}`, instanceStyle{space: true}, " a  "},
		{`{"type":"string","maxLength":6,"pattern":"^[0-9a-fA-F]+$"}`, instanceStyle{long: true}, "aaaaaa"},
		{`{"type":"string","pattern":"^(terms-of-use|privacy-policy)$"}`, instanceStyle{}, "terms-of-use"},
	} {
		var got string
		if err := json.Unmarshal(genInstance(t, []byte(tc.schema), tc.style), &got); err != nil || got != tc.want {
			t.Errorf("%s (%s): %q (%v), want %q", tc.schema, tc.style, got, err, tc.want)
		}
	}
	long := genInstance(t, []byte(`{"type":"string"}`), instanceStyle{long: true})
	if n := len(long) - 2; n != overLong {
		t.Errorf("a string without maximum, long: %d characters, want %d", n, overLong)
	}
}
