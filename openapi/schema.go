package openapi

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// schemaMode says which side of a call a schema describes.
type schemaMode int

const (
	// inputMode builds what the model must send: every validation keyword
	// that clients and our validator agree on, readOnly properties dropped,
	// date-times accepted as strings or epoch numbers.
	inputMode schemaMode = iota
	// outputMode builds what results are checked against: structure only
	// (type, format, properties, items, required, $defs), lenient about
	// values and without descriptions, which the input side already gives.
	outputMode
)

// dateTimeNote ends the description of a date-time input.
const dateTimeNote = "ISO 8601 date-time or epoch seconds."

// maxSchemaDepth bounds inline nesting; $ref cycles end at the first
// repeat, so only absurd documents come near it.
const maxSchemaDepth = 64

// signingNames are the AWS SigV4 parameters the signer sets; they are never
// tool inputs.
var signingNames = map[string]bool{
	"x-amz-content-sha256": true, "x-amz-date": true, "x-amz-algorithm": true,
	"x-amz-credential": true, "x-amz-security-token": true, "x-amz-signature": true,
	"x-amz-signedheaders": true,
}

// converter turns OpenAPI schemas into self-contained JSON Schema 2020-12.
// Each referenced schema is converted once into a named def and shared by
// every tool that reaches it; a tool's $defs are the closure of what it
// references. A converter serves one mode.
type converter struct {
	mode  schemaMode
	names *defNames
	defs  map[string]*convDef
	// deps is the stack of dependency sets being collected: the innermost
	// def under conversion, or the tool's root.
	deps []map[string]bool
	warn func(string)
	// portable caches portablePattern: documents repeat their patterns.
	portable map[string]bool
}

// convDef is one converted named schema and the defs it refers to.
type convDef struct {
	node *node // the schema, normalized once for every tool that reaches it
	err  error // why it could not be: the tools that reach it fail
	deps []string
}

// defNames gives each referenced schema a stable $defs name: the last
// segment of its $ref, with a number appended when two different schemas
// would share one. Both modes share it so names agree.
type defNames struct {
	byRef map[*openapi3.Schema]string
	taken map[string]bool
}

func newDefNames() *defNames {
	return &defNames{byRef: map[*openapi3.Schema]string{}, taken: map[string]bool{}}
}

func (n *defNames) name(ref string, s *openapi3.Schema) string {
	if name, ok := n.byRef[s]; ok {
		return name
	}
	base := ref[strings.LastIndexAny(ref, "/#")+1:]
	base = strings.Map(func(r rune) rune {
		if r < 0x80 && (isLower(byte(r)) || isUpper(byte(r)) || isDigit(byte(r)) || r == '_' || r == '-' || r == '.') {
			return r
		}
		return '_'
	}, base)
	if base == "" {
		base = "schema"
	}
	name := base
	for i := 2; n.taken[name]; i++ {
		name = fmt.Sprintf("%s%d", base, i)
	}
	n.taken[name] = true
	n.byRef[s] = name
	return name
}

func newConverter(mode schemaMode, names *defNames, warn func(string)) *converter {
	return &converter{mode: mode, names: names, defs: map[string]*convDef{}, warn: warn, portable: map[string]bool{}}
}

// root starts collecting the defs one tool schema refers to.
func (c *converter) root() {
	c.deps = append(c.deps[:0], map[string]bool{})
}

// tree is the schema tree of top, a tool schema whose defs were collected
// since root: top normalized, and the defs it reaches.
func (c *converter) tree(top map[string]any) (*schemaTree, error) {
	seen := map[string]bool{}
	queue := slices.Sorted(maps.Keys(c.deps[0]))
	for len(queue) > 0 {
		name := queue[0]
		queue = queue[1:]
		if seen[name] {
			continue
		}
		seen[name] = true
		queue = append(queue, c.defs[name].deps...)
	}
	defs := slices.Sorted(maps.Keys(seen))
	for _, name := range defs {
		if err := c.defs[name].err; err != nil {
			return nil, err
		}
	}
	n, err := normalize(top)
	if err != nil {
		return nil, err
	}
	return &schemaTree{top: n.(*node), defs: defs}, nil
}

// whole is a tool's schema as the verbose form writes it: the defs it
// reaches under $defs.
func (c *converter) whole(t *schemaTree) *node {
	if len(t.defs) == 0 {
		return t.top
	}
	vals := make([]any, len(t.defs))
	for i, name := range t.defs {
		vals[i] = c.defs[name].node
	}
	return t.top.with("$defs", newNode(t.defs, vals), false)
}

// nodes are the converter's defs, normalized, by name.
func (c *converter) nodes() map[string]*node {
	out := make(map[string]*node, len(c.defs))
	for name, d := range c.defs {
		if d.node != nil {
			out[name] = d.node
		}
	}
	return out
}

// ref converts a schema reference: a $ref becomes "#/$defs/<Name>" (the
// target converted once), an inline schema is converted in place.
func (c *converter) ref(r *openapi3.SchemaRef, where string, depth int) map[string]any {
	if r == nil || r.Value == nil {
		return map[string]any{}
	}
	if r.Ref == "" {
		return c.value(r.Value, where, depth)
	}
	name := c.names.name(r.Ref, r.Value)
	c.deps[len(c.deps)-1][name] = true
	if _, ok := c.defs[name]; !ok {
		d := &convDef{}
		c.defs[name] = d // placed first, so a cycle ends here
		c.deps = append(c.deps, map[string]bool{})
		if n, err := normalize(c.value(r.Value, name, 0)); err != nil {
			d.err = err
		} else {
			d.node = n.(*node)
		}
		d.deps = slices.Sorted(maps.Keys(c.deps[len(c.deps)-1]))
		c.deps = c.deps[:len(c.deps)-1]
	}
	return map[string]any{"$ref": "#/$defs/" + name}
}

func (c *converter) refs(rs openapi3.SchemaRefs, where string, depth int) []any {
	out := make([]any, 0, len(rs))
	for _, r := range rs {
		out = append(out, c.ref(r, where, depth+1))
	}
	return out
}

// schemaTypes is the schema's type list with OpenAPI 3.0 nullable folded in.
func schemaTypes(s *openapi3.Schema) []string {
	var types []string
	if s.Type != nil {
		types = slices.Clone(*s.Type)
	}
	if s.Nullable && len(types) > 0 && !slices.Contains(types, "null") {
		types = append(types, "null")
	}
	return types
}

// isDateTime reports a string schema with format date-time.
func isDateTime(s *openapi3.Schema, types []string) bool {
	if s.Format != "date-time" {
		return false
	}
	for _, t := range types {
		if t != "string" && t != "null" {
			return false
		}
	}
	return true
}

// value converts one schema object.
func (c *converter) value(s *openapi3.Schema, where string, depth int) map[string]any {
	out := map[string]any{}
	if s.Always != nil {
		if !*s.Always {
			out["not"] = map[string]any{}
		}
		return out
	}
	if depth > maxSchemaDepth {
		c.warn(fmt.Sprintf("schema %s: nested deeper than %d levels; the rest accepts anything", where, maxSchemaDepth))
		return out
	}
	in := c.mode == inputMode
	types := schemaTypes(s)
	var desc string
	if in {
		desc = plainText(s.Description)
	}
	if isDateTime(s, types) && in {
		// The executor turns epoch numbers and ISO strings into what the
		// API wants; models write either.
		types = append([]string{"string", "number"}, slices.DeleteFunc(types, func(t string) bool { return t == "string" })...)
		desc = joinText(desc, dateTimeNote)
	}
	switch len(types) {
	case 0:
	case 1:
		out["type"] = types[0]
	default:
		out["type"] = types
	}
	if s.Title != "" {
		out["title"] = s.Title
	}
	// Outputs keep only the date-time format, the marker the executor
	// converts AWS epoch numbers by; a client that asserts formats could
	// reject other values the API legitimately returns.
	if s.Format != "" && (in || s.Format == "date-time") {
		out["format"] = s.Format
	}
	if s.Deprecated {
		out["deprecated"] = true
	}
	if s.WriteOnly && in {
		out["writeOnly"] = true
	}
	if in {
		c.constraints(s, out, &desc, where)
	}
	if desc != "" && in {
		out["description"] = desc
	}

	if s.Items != nil {
		out["items"] = c.ref(s.Items, where+"[]", depth+1)
	}
	if len(s.PrefixItems) > 0 {
		out["prefixItems"] = c.refs(s.PrefixItems, where, depth)
	}
	if s.Contains != nil && in {
		out["contains"] = c.ref(s.Contains, where, depth+1)
	}
	c.object(s, out, where, depth)
	c.allOf(s, out, where, depth)
	if len(s.AnyOf) > 0 {
		out["anyOf"] = c.refs(s.AnyOf, where, depth)
	}
	if len(s.OneOf) > 0 {
		// Lenient output alternatives may overlap, and oneOf fails when
		// more than one matches: outputs use anyOf.
		key := "oneOf"
		if !in {
			key = "anyOf"
		}
		out[key] = append(asSlice(out[key]), c.refs(s.OneOf, where, depth)...)
	}
	if s.Not != nil && in {
		out["not"] = c.ref(s.Not, where, depth+1)
	}
	if s.If != nil && in {
		out["if"] = c.ref(s.If, where, depth+1)
		if s.Then != nil {
			out["then"] = c.ref(s.Then, where, depth+1)
		}
		if s.Else != nil {
			out["else"] = c.ref(s.Else, where, depth+1)
		}
	}
	return out
}

// allOf converts allOf. Members that only annotate (apis.guru writes
// `allOf: [{$ref: X}, {description: ...}]` to describe a property) are
// folded into the schema, and a lone remaining $ref becomes a sibling
// $ref, which JSON Schema 2020-12 allows.
func (c *converter) allOf(s *openapi3.Schema, out map[string]any, where string, depth int) {
	var rest openapi3.SchemaRefs
	for _, m := range s.AllOf {
		if m == nil || m.Value == nil {
			continue
		}
		if m.Ref != "" || !annotationOnly(m.Value) {
			rest = append(rest, m)
			continue
		}
		if c.mode == inputMode {
			if d := plainText(m.Value.Description); d != "" {
				out["description"] = joinText(d, strDesc(out))
			}
			if m.Value.Title != "" && out["title"] == nil {
				out["title"] = m.Value.Title
			}
			if m.Value.Default != nil && out["default"] == nil {
				out["default"] = m.Value.Default
			}
			if m.Value.Example != nil && out["examples"] == nil {
				out["examples"] = []any{m.Value.Example}
			}
		}
		if m.Value.Deprecated {
			out["deprecated"] = true
		}
	}
	switch {
	case len(rest) == 0:
	case len(rest) == 1 && rest[0].Ref != "" && out["$ref"] == nil:
		maps.Copy(out, c.ref(rest[0], where, depth+1))
	default:
		out["allOf"] = c.refs(rest, where, depth)
	}
}

// object converts the object keywords. Inputs lose readOnly properties
// (the server sets them), outputs lose writeOnly ones.
func (c *converter) object(s *openapi3.Schema, out map[string]any, where string, depth int) {
	in := c.mode == inputMode
	if len(s.Properties) > 0 {
		props := make(map[string]any, len(s.Properties))
		for _, name := range slices.Sorted(maps.Keys(s.Properties)) {
			p := s.Properties[name]
			if p != nil && p.Value != nil && (in && p.Value.ReadOnly || !in && p.Value.WriteOnly) {
				continue
			}
			props[name] = c.ref(p, where+"."+name, depth+1)
		}
		out["properties"] = props
	}
	if len(s.Required) > 0 {
		var req []string
		for _, name := range s.Required {
			if p, ok := s.Properties[name]; ok && p != nil && p.Value != nil && (in && p.Value.ReadOnly || !in && p.Value.WriteOnly) {
				continue
			}
			req = append(req, name)
		}
		slices.Sort(req)
		req = slices.Compact(req)
		if len(req) > 0 {
			out["required"] = req
		}
	}
	ap := s.AdditionalProperties
	switch {
	case ap.Schema != nil:
		out["additionalProperties"] = c.ref(ap.Schema, where+".*", depth+1)
	case ap.Has != nil && !*ap.Has && in:
		out["additionalProperties"] = false
	}
	if len(s.PatternProperties) > 0 {
		pp := map[string]any{}
		for _, p := range slices.Sorted(maps.Keys(s.PatternProperties)) {
			if c.portablePattern(p) {
				pp[p] = c.ref(s.PatternProperties[p], where+".*", depth+1)
			} else {
				c.warn(fmt.Sprintf("schema %s: patternProperties %q dropped: JavaScript clients or Go's regexp cannot use it", where, p))
			}
		}
		if len(pp) > 0 {
			out["patternProperties"] = pp
		}
	}
	if s.PropertyNames != nil && in {
		out["propertyNames"] = c.ref(s.PropertyNames, where, depth+1)
	}
	if len(s.DependentRequired) > 0 && in {
		out["dependentRequired"] = s.DependentRequired
	}
}

func (c *converter) portablePattern(p string) bool {
	ok, seen := c.portable[p]
	if !seen {
		ok = portablePattern(p)
		c.portable[p] = ok
	}
	return ok
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}

// joinText appends a sentence to a description.
func joinText(desc, more string) string {
	switch {
	case desc == "":
		return more
	case more == "":
		return desc
	}
	if strings.HasSuffix(desc, ".") || strings.HasSuffix(desc, "\n") {
		return desc + " " + more
	}
	return desc + ". " + more
}
