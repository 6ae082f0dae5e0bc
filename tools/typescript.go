package tools

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/cognito-mcp/cognito-mcp/internal/lazyre"

	"github.com/cognito-mcp/cognito-mcp/openapi"
	"github.com/cognito-mcp/cognito-mcp/search"
)

// Limits of a TypeScript declaration: it is meant to be read by a model,
// so deep or wide schemas are cut to a plain type rather than spelt out.
const (
	tsMaxDepth = 6  // object nesting kept; deeper objects are "object"
	tsMaxEnum  = 24 // enum values kept as a union of literals; more are "string"
)

// typeScript is a compact TypeScript declaration of tool t as a script
// calls it: a comment with the binding and what the tool does, then
//
//	declare function adminCreateUser(args: {UserPoolId: string; ...}): Promise<{User?: {...}}>;
//
// generated from the input and output schemas, without their
// descriptions. binding is the name under tools (e.g.
// "cognito.adminCreateUser"), name the MCP name.
func typeScript(t *openapi.Tool, binding, name string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "// await tools.%s(args), or tools.call(%q, args)", binding, name)
	if !t.Annotations.ReadOnly {
		b.WriteString("; not read-only: the script needs allowWrites: true")
	}
	b.WriteByte('\n')
	if d := search.Summary(t.Description); d != "" {
		fmt.Fprintf(&b, "/** %s */\n", strings.ReplaceAll(d, "*/", "* /"))
	}
	leaf := binding[strings.LastIndexByte(binding, '.')+1:]
	if !tsIdent().MatchString(leaf) {
		leaf = "call"
	}
	fmt.Fprintf(&b, "declare function %s(args: %s): Promise<%s>;", leaf, tsSchema(t.InputSchema, "{}"), tsSchema(t.OutputSchema, "unknown"))
	return b.String()
}

var tsIdent = lazyre.New(`^[A-Za-z_$][A-Za-z0-9_$]*$`)

// tsSchema is the TypeScript type of a JSON Schema document, or empty when
// there is none.
func tsSchema(raw json.RawMessage, empty string) string {
	var root map[string]any
	if len(raw) == 0 || json.Unmarshal(raw, &root) != nil {
		return empty
	}
	g := tsGen{root: root}
	return g.typeOf(root, 0)
}

// tsGen converts the schemas of one document; root resolves local $refs.
type tsGen struct {
	root map[string]any
}

func (g tsGen) typeOf(s map[string]any, depth int) string {
	if ref, ok := s["$ref"].(string); ok {
		target := g.resolve(ref)
		if target == nil || depth > tsMaxDepth {
			return "unknown"
		}
		return g.typeOf(target, depth+1)
	}
	if c, ok := s["const"]; ok {
		return tsLiteral(c)
	}
	if enum, ok := s["enum"].([]any); ok && len(enum) > 0 && len(enum) <= tsMaxEnum {
		parts := make([]string, len(enum))
		for i, v := range enum {
			parts[i] = tsLiteral(v)
		}
		return strings.Join(parts, " | ")
	}
	for _, key := range []string{"oneOf", "anyOf"} {
		if alts, ok := s[key].([]any); ok && len(alts) > 0 {
			return g.union(alts, depth)
		}
	}
	switch typ := s["type"].(type) {
	case string:
		return g.typeNamed(typ, s, depth)
	case []any:
		var parts []string
		for _, t := range typ {
			if name, ok := t.(string); ok {
				parts = appendUnique(parts, g.typeNamed(name, s, depth))
			}
		}
		if len(parts) > 0 {
			return strings.Join(parts, " | ")
		}
	}
	if _, ok := s["properties"]; ok {
		return g.typeNamed("object", s, depth)
	}
	return "unknown"
}

func (g tsGen) union(alts []any, depth int) string {
	var parts []string
	for _, a := range alts {
		if m, ok := a.(map[string]any); ok {
			t := g.typeOf(m, depth)
			if strings.Contains(t, " | ") && strings.HasPrefix(t, "{") {
				t = "(" + t + ")"
			}
			parts = appendUnique(parts, t)
		}
	}
	if len(parts) == 0 {
		return "unknown"
	}
	return strings.Join(parts, " | ")
}

func (g tsGen) typeNamed(typ string, s map[string]any, depth int) string {
	switch typ {
	case "string":
		return "string"
	case "integer", "number":
		return "number"
	case "boolean":
		return "boolean"
	case "null":
		return "null"
	case "array":
		items, _ := s["items"].(map[string]any)
		if items == nil {
			return "unknown[]"
		}
		it := g.typeOf(items, depth)
		if strings.Contains(it, " | ") {
			it = "(" + it + ")"
		}
		return it + "[]"
	case "object":
		return g.object(s, depth)
	}
	return "unknown"
}

func (g tsGen) object(s map[string]any, depth int) string {
	props, _ := s["properties"].(map[string]any)
	if len(props) == 0 {
		if extra, ok := s["additionalProperties"].(map[string]any); ok && depth < tsMaxDepth {
			return "Record<string, " + g.typeOf(extra, depth+1) + ">"
		}
		return "object"
	}
	if depth >= tsMaxDepth {
		return "object"
	}
	required := map[string]bool{}
	if req, ok := s["required"].([]any); ok {
		for _, r := range req {
			if name, ok := r.(string); ok {
				required[name] = true
			}
		}
	}
	names := make([]string, 0, len(props))
	for name := range props {
		names = append(names, name)
	}
	// Required members first, each group in the schema's (sorted) order.
	slices.SortStableFunc(names, func(a, b string) int {
		if required[a] != required[b] {
			if required[a] {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	})
	var b strings.Builder
	b.WriteByte('{')
	for i, name := range names {
		if i > 0 {
			b.WriteString("; ")
		}
		if tsIdent().MatchString(name) {
			b.WriteString(name)
		} else {
			q, _ := json.Marshal(name)
			b.Write(q)
		}
		if !required[name] {
			b.WriteByte('?')
		}
		b.WriteString(": ")
		p, _ := props[name].(map[string]any)
		b.WriteString(g.typeOf(p, depth+1))
	}
	b.WriteByte('}')
	return b.String()
}

// resolve finds a local $ref ("#/$defs/X", "#/definitions/X") in the
// document.
func (g tsGen) resolve(ref string) map[string]any {
	rest, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil
	}
	var cur any = g.root
	for _, seg := range strings.Split(rest, "/") {
		seg = strings.ReplaceAll(strings.ReplaceAll(seg, "~1", "/"), "~0", "~")
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[seg]
	}
	m, _ := cur.(map[string]any)
	return m
}

func tsLiteral(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "unknown"
	}
	return string(b)
}

func appendUnique(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}
