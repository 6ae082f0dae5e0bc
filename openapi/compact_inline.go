package openapi

import (
	"maps"
	"slices"
	"strings"
)

// annotationKeys are the keywords a $ref's siblings may carry without
// constraining anything: merged into the inlined target, the sibling's
// value wins.
var annotationKeys = map[string]bool{
	"description": true, "title": true, "default": true, "examples": true,
	"deprecated": true, "readOnly": true, "writeOnly": true, "$comment": true,
}

// boundKeys are keywords whose meaning depends on other keywords of the same
// schema object (additionalProperties looks at properties, items at
// prefixItems, then at if...). Two schemas that both use some cannot be
// merged into one object.
var boundKeys = map[string]bool{
	"properties": true, "patternProperties": true, "additionalProperties": true,
	"items": true, "prefixItems": true, "contains": true, "minContains": true, "maxContains": true,
	"if": true, "then": true, "else": true, "unevaluatedItems": true, "unevaluatedProperties": true,
	"$ref": true, "$defs": true, "dependentSchemas": true,
}

// inliner inlines the "#/$defs/<Name>" references of one converter's
// schemas. Every def is inlined once, before any tool (prepare), and the
// result is shared by every tool that reaches it: a tool's schema is its
// own top object with references replaced by these shared nodes. Defs on
// a reference cycle (recursive types) stay as references, and a tool
// keeps them under $defs. After prepare an inliner is only read, by any
// number of goroutines.
type inliner struct {
	defs      map[string]*node
	recursive map[string]bool
	// inlined is each def with its references inlined, but those to
	// recursive defs.
	inlined map[string]*node
	// memo holds the inlined form of every node inside a def, while
	// prepare runs; nil after.
	memo map[*node]*node
}

// newInliner inlines the defs of one converter.
func newInliner(defs map[string]*node) *inliner {
	in := &inliner{defs: defs, recursive: recursiveDefs(defs), inlined: make(map[string]*node, len(defs)), memo: map[*node]*node{}}
	for _, name := range slices.Sorted(maps.Keys(defs)) {
		in.resolve(name)
	}
	in.memo = nil
	return in
}

// tool is the schema of one tool with its references inlined: top's
// references replaced by the shared inlined defs, and the recursive defs
// it reaches under $defs. It returns the names of those, sorted.
func (in *inliner) tool(t *schemaTree) (*node, []string) {
	top := in.node(t.top)
	var kept []string
	for _, name := range t.defs {
		if in.recursive[name] {
			kept = append(kept, name)
		}
	}
	if len(kept) == 0 {
		return top, nil
	}
	vals := make([]any, len(kept))
	for i, name := range kept {
		vals[i] = in.inlined[name]
	}
	return top.with("$defs", newNode(kept, vals), false), kept
}

// resolve is the def with its references inlined, or nil if there is no
// such def. Only prepare computes one; after it, it is a lookup.
func (in *inliner) resolve(name string) *node {
	if d, ok := in.inlined[name]; ok || in.memo == nil {
		return d
	}
	d, ok := in.defs[name]
	if !ok {
		return nil
	}
	r := in.node(d)
	in.inlined[name] = r
	return r
}

// node inlines the references under n and n's own: its subschemas first,
// then, when n refers to a def that is not recursive, the def merged with
// n's other keywords. Unchanged parts are shared, not copied.
func (in *inliner) node(n *node) *node {
	if in.memo != nil {
		if r, ok := in.memo[n]; ok {
			return r
		}
	}
	out := mapChildren(n, in.node)
	if name, ok := defName(out.get("$ref")); ok && !in.recursive[name] {
		if target := in.resolve(name); target != nil {
			out = mergeNodes(target, out.with("$ref", nil, true))
		}
	}
	if in.memo != nil {
		in.memo[n] = out
	}
	return out
}

// mergeNodes is one schema object equivalent to target and sib both
// holding. Annotations of sib replace the target's; when the two share a
// keyword with different values, or both use keywords that depend on their
// neighbours, target goes under sib's allOf instead.
func mergeNodes(target, sib *node) *node {
	targetBound := slices.ContainsFunc(target.keys, func(k string) bool { return boundKeys[k] })
	for i, k := range sib.keys {
		if annotationKeys[k] {
			continue
		}
		tv, shared := target.get(k)
		if (shared && !equalValues(tv, sib.vals[i])) || (boundKeys[k] && targetBound) {
			all, _ := sib.get("allOf")
			return sib.with("allOf", append(slices.Clip(asSlice(all)), target), false)
		}
	}
	keys := make([]string, 0, len(target.keys)+len(sib.keys))
	vals := make([]any, 0, cap(keys))
	i, j := 0, 0
	for i < len(target.keys) || j < len(sib.keys) {
		switch {
		case j == len(sib.keys) || (i < len(target.keys) && target.keys[i] < sib.keys[j]):
			keys, vals = append(keys, target.keys[i]), append(vals, target.vals[i])
			i++
		default:
			if i < len(target.keys) && target.keys[i] == sib.keys[j] {
				i++
			}
			keys, vals = append(keys, sib.keys[j]), append(vals, sib.vals[j])
			j++
		}
	}
	return newNode(keys, vals)
}

// defName reads a local "#/$defs/<Name>" reference.
func defName(v any, set bool) (string, bool) {
	ref, ok := v.(string)
	if !ok || !set {
		return "", false
	}
	name, ok := strings.CutPrefix(ref, "#/$defs/")
	return name, ok && !strings.Contains(name, "/")
}

// recursiveDefs are the defs that reach themselves through references.
func recursiveDefs(defs map[string]*node) map[string]bool {
	deps := make(map[string][]string, len(defs))
	for name, d := range defs {
		seen := map[string]bool{}
		var collect func(n *node)
		collect = func(n *node) {
			if r, ok := defName(n.get("$ref")); ok && !seen[r] {
				seen[r] = true
				deps[name] = append(deps[name], r)
			}
			eachChild(n, func(c *node, _ string) { collect(c) })
		}
		collect(d)
	}
	out := map[string]bool{}
	for name := range defs {
		seen := map[string]bool{}
		queue := slices.Clone(deps[name])
		for len(queue) > 0 {
			n := queue[0]
			queue = queue[1:]
			if n == name {
				out[name] = true
				break
			}
			if seen[n] {
				continue
			}
			seen[n] = true
			queue = append(queue, deps[n]...)
		}
	}
	return out
}
