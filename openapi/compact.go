package openapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
)

// Schemas says how tool input schemas are written.
type Schemas int

const (
	// SchemasCompact, the default, writes self-contained input schemas:
	// every $ref of an acyclic schema inlined ($defs kept only for recursive
	// types), text repeated across tools moved to Catalog.Notes, and the
	// keywords and descriptions that tell a client nothing dropped. It
	// accepts and rejects exactly the arguments SchemasVerbose does. Output
	// schemas get their references inlined the same way.
	SchemasCompact Schemas = iota
	// SchemasVerbose writes each referenced schema once under $defs, with
	// every description and annotation the document gives.
	SchemasVerbose
)

// Descriptions says how much of each description a catalog keeps.
type Descriptions int

const (
	// DescriptionsFull, the default, keeps whole descriptions.
	DescriptionsFull Descriptions = iota
	// DescriptionsShort keeps the first sentence of each operation and
	// property description, and the sentences that state a constraint the
	// schema cannot (a dropped pattern, date-times as epoch seconds).
	DescriptionsShort
)

// String is the flag form: "full" or "short".
func (d Descriptions) String() string {
	if d == DescriptionsShort {
		return "short"
	}
	return "full"
}

// ParseDescriptions reads the flag form of Descriptions: "full" or "short".
func ParseDescriptions(s string) (Descriptions, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "full", "":
		return DescriptionsFull, nil
	case "short":
		return DescriptionsShort, nil
	}
	return 0, fmt.Errorf("descriptions %q: want full or short", s)
}

// Note is a text several tools share, said once. A description that
// contained it refers to it as "(note <ID>)"; whoever lists the tools
// (the server, in its instructions) must give each note with its ID.
type Note struct {
	// ID is unique across catalogs of different namespaces: "cognito-3".
	ID   string `json:"id"`
	Text string `json:"text"`
}

// droppedKeywords are input-schema keywords that constrain nothing a client
// checks and tell the model nothing the rest does not: examples (the
// document's sample values, often stale), $comment (for schema authors) and
// writeOnly (every input is written). Titles go when they repeat the
// property's name, and format when it is "password", a display hint.
var droppedKeywords = []string{"examples", "$comment", "writeOnly"}

// compact rewrites the catalog's input schemas and descriptions as opts
// asks. It runs after every tool is built, since shared text is found
// across tools.
func compact(cat *Catalog, opts Options, warn func(string)) {
	if opts.Schemas == SchemasVerbose && opts.Descriptions == DescriptionsFull {
		return
	}
	var texts textPass
	if opts.Descriptions == DescriptionsShort {
		texts = append(texts, firstSentence)
	}
	if opts.Schemas == SchemasCompact {
		texts = append(texts, dropSeeAlso)
	}
	// Each tool's schema is decoded, rewritten and encoded again on its
	// own, and kept encoded between passes: decoded, the inlined schemas
	// of Microsoft Graph's 11,422 tools held about a gigabyte at once.
	schemas := make([]json.RawMessage, len(cat.Tools)) // nil: left as it is
	// descs are the descriptions in each schema, in eachDescription's
	// order, for the passes that only count them; inlined schemas repeat
	// the same texts in many tools, so each text is kept once.
	descs := make([][]string, len(cat.Tools))
	interned := map[string]string{}
	for i := range cat.Tools {
		t := &cat.Tools[i]
		s, err := decodeSchema(t.InputSchema)
		if err != nil {
			warn(fmt.Sprintf("tool %s: input schema left as it is: %v", t.Path, err))
			t.Description = texts.apply(t.Description)
			continue
		}
		if opts.Schemas == SchemasCompact {
			var kept []string
			s, kept = inlineRefs(s)
			if len(kept) > 0 {
				warn(fmt.Sprintf("tool %s: input schema keeps $defs for the recursive types %s", t.Path, strings.Join(kept, ", ")))
			}
			eachSchema(s, "", dropKeywords)
			inlineOutput(t, warn)
		}
		t.Description = texts.apply(t.Description)
		eachDescription(s, func(prop string, s map[string]any) {
			if opts.Descriptions == DescriptionsShort && prop == "" {
				// Short descriptions are those of operations and
				// properties; an array's items or a map's values
				// repeat what their property says.
				_, notes := cutConstraintNotes(strDesc(s))
				setDesc(s, notes)
				return
			}
			d := texts.apply(strDesc(s))
			if opts.Schemas == SchemasCompact && restatesName(d, prop) {
				d = ""
			}
			setDesc(s, d)
		})
		eachDescription(s, func(_ string, s map[string]any) {
			d := strDesc(s)
			if v, ok := interned[d]; ok {
				d = v
			} else {
				interned[d] = d
			}
			descs[i] = append(descs[i], d)
		})
		if schemas[i], err = marshalSchema(s); err != nil {
			warn(fmt.Sprintf("tool %s: input schema left as it is: %v", t.Path, err))
			schemas[i] = nil
		}
	}
	if opts.Schemas == SchemasCompact {
		cat.Notes = shareNotes(cat.Tools, schemas, descs, opts.Namespace, warn)
	}
	for i := range cat.Tools {
		if schemas[i] != nil {
			cat.Tools[i].InputSchema = schemas[i]
		}
	}
}

// inlineOutput inlines the references of the tool's output schema, which
// carries no text to compact: structure only.
func inlineOutput(t *Tool, warn func(string)) {
	if len(t.OutputSchema) == 0 {
		return
	}
	s, err := decodeSchema(t.OutputSchema)
	if err != nil {
		warn(fmt.Sprintf("tool %s: output schema left as it is: %v", t.Path, err))
		return
	}
	s, kept := inlineRefs(s)
	if len(kept) > 0 {
		warn(fmt.Sprintf("tool %s: output schema keeps $defs for the recursive types %s", t.Path, strings.Join(kept, ", ")))
	}
	raw, err := marshalSchema(s)
	if err != nil {
		warn(fmt.Sprintf("tool %s: output schema left as it is: %v", t.Path, err))
		return
	}
	t.OutputSchema = raw
}

// textPass is a sequence of rewrites applied to every description.
type textPass []func(string) string

// apply runs the rewrites and tidies the spaces they leave, so that equal
// paragraphs stay equal for shareNotes.
func (p textPass) apply(s string) string {
	if len(p) == 0 {
		return s
	}
	for _, f := range p {
		s = f(s)
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.Join(strings.Fields(l), " ")
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// decodeSchema decodes a schema keeping numbers as written.
func decodeSchema(raw json.RawMessage) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	return m, nil
}

func setDesc(s map[string]any, d string) {
	if d == "" {
		delete(s, "description")
		return
	}
	s["description"] = d
}

// Keywords whose values are subschemas, by shape.
var (
	oneSubschema  = []string{"items", "not", "if", "then", "else", "additionalProperties", "contains", "propertyNames", "unevaluatedItems", "unevaluatedProperties", "contentSchema"}
	listSubschema = []string{"allOf", "anyOf", "oneOf", "prefixItems"}
	mapSubschema  = []string{"properties", "patternProperties", "$defs", "dependentSchemas"}
)

// mapSubschemas replaces every direct subschema v of s with f(v, prop),
// where prop is the property name for members of properties, else "".
// Values of enum, const, default and the like are data and never visited.
func mapSubschemas(s map[string]any, f func(v any, prop string) any) {
	for _, k := range oneSubschema {
		if v, ok := s[k]; ok {
			s[k] = f(v, "")
		}
	}
	for _, k := range listSubschema {
		if l, ok := s[k].([]any); ok {
			for i := range l {
				l[i] = f(l[i], "")
			}
		}
	}
	for _, k := range mapSubschema {
		if m, ok := s[k].(map[string]any); ok {
			for _, name := range slices.Sorted(maps.Keys(m)) {
				prop := ""
				if k == "properties" {
					prop = name
				}
				m[name] = f(m[name], prop)
			}
		}
	}
}

// eachSchema calls f on s and every schema object nested in it, in a fixed
// order (parents first, keywords then members sorted).
func eachSchema(s map[string]any, prop string, f func(prop string, s map[string]any)) {
	f(prop, s)
	mapSubschemas(s, func(v any, p string) any {
		if m, ok := v.(map[string]any); ok {
			eachSchema(m, p, f)
		}
		return v
	})
}

// eachDescription calls f on every schema object that has a description.
func eachDescription(s map[string]any, f func(prop string, s map[string]any)) {
	eachSchema(s, "", func(prop string, s map[string]any) {
		if strDesc(s) != "" {
			f(prop, s)
		}
	})
}

// dropKeywords removes the keywords listed in droppedKeywords, and titles
// that repeat the property name.
func dropKeywords(prop string, s map[string]any) {
	for _, k := range droppedKeywords {
		delete(s, k)
	}
	if t, ok := s["title"].(string); ok && prop != "" && sameWords(t, prop) {
		delete(s, "title")
	}
	if s["format"] == "password" {
		delete(s, "format")
	}
}

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

// inlineRefs replaces every "#/$defs/<Name>" reference of a tool schema by a
// copy of its target, except references to recursive types (defs on a
// reference cycle), whose $defs stay. It returns the kept names, sorted.
func inlineRefs(top map[string]any) (map[string]any, []string) {
	defs, _ := top["$defs"].(map[string]any)
	delete(top, "$defs")
	if len(defs) == 0 {
		return top, nil
	}
	in := &inliner{defs: defs, recursive: recursiveDefs(defs), done: map[string]map[string]any{}}
	out := in.schema(top).(map[string]any)
	kept := slices.Sorted(maps.Keys(in.recursive))
	if len(kept) > 0 {
		keep := make(map[string]any, len(kept))
		for _, name := range kept {
			keep[name] = in.schema(deepCopy(defs[name]))
		}
		out["$defs"] = keep
	}
	return out, kept
}

type inliner struct {
	defs      map[string]any
	recursive map[string]bool
	// done caches each def with its own references inlined.
	done map[string]map[string]any
}

// schema inlines the references in v, a schema (object or boolean).
func (in *inliner) schema(v any) any {
	s, ok := v.(map[string]any)
	if !ok {
		return v
	}
	mapSubschemas(s, func(v any, _ string) any { return in.schema(v) })
	name, ok := defName(s["$ref"])
	if !ok || in.recursive[name] {
		return s
	}
	target := in.resolved(name)
	if target == nil {
		return s
	}
	delete(s, "$ref")
	return mergeSchemas(deepCopy(target).(map[string]any), s)
}

// resolved is the def with its references inlined, or nil if it is not an
// object schema.
func (in *inliner) resolved(name string) map[string]any {
	if d, ok := in.done[name]; ok {
		return d
	}
	d, ok := deepCopy(in.defs[name]).(map[string]any)
	if !ok {
		return nil
	}
	d = in.schema(d).(map[string]any)
	in.done[name] = d
	return d
}

// mergeSchemas is one schema object equivalent to target and sib both
// holding. Annotations of sib replace the target's; when the two share a
// keyword with different values, or both use keywords that depend on their
// neighbours, target goes under sib's allOf instead.
func mergeSchemas(target, sib map[string]any) map[string]any {
	targetBound := slices.ContainsFunc(slices.Collect(maps.Keys(target)), func(k string) bool { return boundKeys[k] })
	for k, v := range sib {
		if annotationKeys[k] {
			continue
		}
		tv, shared := target[k]
		if (shared && !reflect.DeepEqual(tv, v)) || (boundKeys[k] && targetBound) {
			sib["allOf"] = append(asSlice(sib["allOf"]), target)
			return sib
		}
	}
	maps.Copy(target, sib)
	return target
}

// defName reads a local "#/$defs/<Name>" reference.
func defName(v any) (string, bool) {
	ref, ok := v.(string)
	if !ok {
		return "", false
	}
	name, ok := strings.CutPrefix(ref, "#/$defs/")
	return name, ok && !strings.Contains(name, "/")
}

// recursiveDefs are the defs that reach themselves through references.
func recursiveDefs(defs map[string]any) map[string]bool {
	deps := make(map[string][]string, len(defs))
	for name, d := range defs {
		seen := map[string]bool{}
		var collect func(v any)
		collect = func(v any) {
			s, ok := v.(map[string]any)
			if !ok {
				return
			}
			if n, ok := defName(s["$ref"]); ok && !seen[n] {
				seen[n] = true
				deps[name] = append(deps[name], n)
			}
			mapSubschemas(s, func(v any, _ string) any { collect(v); return v })
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

// deepCopy copies decoded JSON.
func deepCopy(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = deepCopy(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = deepCopy(x)
		}
		return out
	}
	return v
}
