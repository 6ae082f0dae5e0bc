package search

import (
	"encoding/json"
	"slices"
	"strings"
)

// maxParamDepth bounds how deep ParamNames walks nested objects: names
// deeper than that rarely say what a tool is for.
const maxParamDepth = 4

// ParamNames returns the property names of a JSON Schema input schema,
// sorted and without duplicates: top-level properties and those of nested
// objects and arrays of objects, following local "$ref"s into "$defs" or
// "definitions", up to four levels down. A schema that does not parse gives
// no names.
func ParamNames(inputSchema []byte) []string {
	var root map[string]any
	if json.Unmarshal(inputSchema, &root) != nil {
		return nil
	}
	w := paramWalker{root: root, names: map[string]bool{}, active: map[string]bool{}}
	w.walk(root, 0)
	out := make([]string, 0, len(w.names))
	for n := range w.names {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

type paramWalker struct {
	root   map[string]any
	names  map[string]bool
	active map[string]bool // $refs being walked, to stop on recursive types
}

func (w *paramWalker) walk(s map[string]any, depth int) {
	if depth > maxParamDepth {
		return
	}
	if ref, ok := s["$ref"].(string); ok && !w.active[ref] {
		if target := w.resolve(ref); target != nil {
			w.active[ref] = true
			w.walk(target, depth)
			delete(w.active, ref)
		}
	}
	if enum, ok := s["enum"].([]any); ok && len(enum) <= maxEnum {
		for _, v := range enum {
			if v, ok := v.(string); ok && isIdentifier(v) {
				w.names[v] = true
			}
		}
	}
	if props, ok := s["properties"].(map[string]any); ok {
		for name, sub := range props {
			w.names[name] = true
			if m, ok := sub.(map[string]any); ok {
				w.walk(m, depth+1)
			}
		}
	}
	for _, k := range []string{"items", "additionalProperties"} {
		if m, ok := s[k].(map[string]any); ok {
			w.walk(m, depth)
		}
	}
	for _, k := range []string{"allOf", "anyOf", "oneOf"} {
		if list, ok := s[k].([]any); ok {
			for _, sub := range list {
				if m, ok := sub.(map[string]any); ok {
					w.walk(m, depth)
				}
			}
		}
	}
}

// maxEnum is the most values an enum may have for ParamNames to list them:
// longer ones are lists of regions, languages or event names.
const maxEnum = 32

// isIdentifier reports enum values worth searching: "USER_PASSWORD_AUTH",
// "software_token", not sentences, numbers or URLs.
func isIdentifier(v string) bool {
	if len(v) < 2 || len(v) > maxWordLen {
		return false
	}
	letters := 0
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
			letters++
		case '0' <= c && c <= '9' || c == '_' || c == '-':
		default:
			return false
		}
	}
	return letters > 0
}

// resolve finds a local "#/$defs/Name" or "#/definitions/Name" target.
func (w *paramWalker) resolve(ref string) map[string]any {
	for _, prefix := range []string{"#/$defs/", "#/definitions/"} {
		if name, ok := strings.CutPrefix(ref, prefix); ok {
			defs, _ := w.root[strings.Trim(prefix[1:], "/")].(map[string]any)
			m, _ := defs[name].(map[string]any)
			return m
		}
	}
	return nil
}
