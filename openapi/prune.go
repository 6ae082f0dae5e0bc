package openapi

import (
	"bytes"
	"encoding/json"
	"maps"
	"net/url"
	"slices"
	"strings"

	"github.com/cognito-mcp/cognito-mcp/internal/lazyre"
)

// pruneThreshold is the size from which a JSON document is pruned before
// kin-openapi decodes it. Smaller documents decode fast enough as they are.
const pruneThreshold = 1 << 20

// prune drops from a large JSON OpenAPI 3 document what no tool is built
// from, so that kin-openapi, whose typed decoding costs about ten times
// encoding/json's, decodes less:
//   - examples of media types and parameters, and components.examples (tool
//     schemas take examples from schemas only);
//   - responses, in documents that are not AWS JSON protocol APIs (only
//     those get output schemas); each operation keeps a default response,
//     so the document stays valid;
//   - the extensions of path items and the externalDocs of operations
//     (Microsoft Graph's x-ms-docs-grouped-path alone is 2.8 MB);
//   - components that nothing kept refers to, when every $ref is local.
//
// Paths are pruned as JSON text: only what holds an example is decoded.
//
// It reports false when the document does not decode as a JSON object, and
// the caller loads it as it is. GitHub's REST description (13 MB) loses about
// two thirds.
func prune(data []byte) (*splitDoc, bool) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, false
	}
	doc := &splitDoc{top: top}
	keepResponses := bytes.Contains(data, []byte("X-Amz-Target"))
	if raw, ok := top["paths"]; ok {
		if err := json.Unmarshal(raw, &doc.paths); err != nil {
			return nil, false
		}
		if doc.paths == nil {
			doc.paths = map[string]json.RawMessage{}
		}
		for k, item := range doc.paths {
			pruned, err := prunePathItem(item, keepResponses)
			if err != nil {
				return nil, false
			}
			doc.paths[k] = pruned
		}
		delete(top, "paths")
	}
	if raw, ok := top["components"]; ok {
		// Components stay raw JSON, decoded only where examples are
		// dropped: schemas, the bulk of a large document, are never decoded
		// here, only scanned for references.
		if err := json.Unmarshal(raw, &doc.comps); err != nil {
			return nil, false
		}
		delete(top, "components")
		delete(doc.comps, "examples")
		if !pruneComponents(doc) {
			return nil, false
		}
	}
	return doc, true
}

// splitDoc is a JSON document in parts, as prune leaves it for decodeLarge.
type splitDoc struct {
	top   map[string]json.RawMessage // every top-level key but paths and components
	paths map[string]json.RawMessage // each path item (or x- extension); nil: no paths
	comps map[string]json.RawMessage // each component map; nil: no components
}

// prunePathItem drops from a path item what no tool is built from: its
// extensions, the examples of its parameters and of its operations'
// parameters and bodies, its operations' externalDocs, and their responses
// unless they are kept. It works on the JSON text, decoding only what
// holds an example; anything that is not an object stays as it is.
func prunePathItem(raw json.RawMessage, keepResponses bool) (json.RawMessage, error) {
	var item map[string]json.RawMessage
	if json.Unmarshal(raw, &item) != nil || item == nil {
		return raw, nil
	}
	for k, v := range item {
		var err error
		switch {
		case k == "parameters":
			item[k], err = dropParamExamples(v)
		case strings.HasPrefix(k, "x-"):
			delete(item, k)
		case isMethod(k):
			item[k], err = pruneOperation(v, keepResponses)
		}
		if err != nil {
			return nil, err
		}
	}
	return joinObject(item)
}

// noResponses stands for the responses of an operation of a document that
// gets no output schemas; an operation must have some.
var noResponses = json.RawMessage(`{"default":{"description":"(not used for tools)"}}`)

// pruneOperation is prunePathItem for one operation.
func pruneOperation(raw json.RawMessage, keepResponses bool) (json.RawMessage, error) {
	var op map[string]json.RawMessage
	if json.Unmarshal(raw, &op) != nil || op == nil {
		return raw, nil
	}
	if v, ok := op["parameters"]; ok {
		var err error
		if op["parameters"], err = dropParamExamples(v); err != nil {
			return nil, err
		}
	}
	if v, ok := op["requestBody"]; ok && hasExample(v) {
		var rb map[string]any
		if json.Unmarshal(v, &rb) == nil && rb != nil {
			dropContentExamples(rb["content"])
			b, err := json.Marshal(rb)
			if err != nil {
				return nil, err
			}
			op["requestBody"] = b
		}
	}
	if !keepResponses {
		op["responses"] = noResponses
	}
	delete(op, "externalDocs")
	return joinObject(op)
}

// isMethod reports whether a path item key is an operation.
func isMethod(key string) bool {
	return slices.Contains(methods, strings.ToUpper(key))
}

// hasExample reports JSON text that may hold an example.
func hasExample(raw json.RawMessage) bool {
	return bytes.Contains(raw, []byte(`"example`))
}

// dropParamExamples is a list of parameters without their examples.
func dropParamExamples(raw json.RawMessage) (json.RawMessage, error) {
	if !hasExample(raw) {
		return raw, nil
	}
	var list []any
	if json.Unmarshal(raw, &list) != nil {
		return raw, nil
	}
	dropExamples(list)
	return json.Marshal(list)
}

// joinObject writes an object of JSON texts, keys sorted.
func joinObject(m map[string]json.RawMessage) (json.RawMessage, error) {
	size := 2
	for k, v := range m {
		size += len(k) + len(v) + 4
	}
	out := make([]byte, 0, size)
	out = append(out, '{')
	for i, k := range slices.Sorted(maps.Keys(m)) {
		if i > 0 {
			out = append(out, ',')
		}
		key, err := json.Marshal(k)
		if err != nil {
			return nil, err
		}
		out = append(append(append(out, key...), ':'), m[k]...)
	}
	return append(out, '}'), nil
}

// dropExamples removes example(s) from a list of parameter objects and their
// content.
func dropExamples(list []any) {
	for _, p := range list {
		if p, ok := p.(map[string]any); ok {
			delete(p, "examples")
			delete(p, "example")
			dropContentExamples(p["content"])
		}
	}
}

// dropContentExamples removes example(s) of each media type in content.
func dropContentExamples(content any) {
	m, _ := content.(map[string]any)
	for _, mt := range m {
		if mt, ok := mt.(map[string]any); ok {
			delete(mt, "examples")
			delete(mt, "example")
		}
	}
}

// prunedKinds are the component maps whose unreferenced entries go.
var prunedKinds = []string{"schemas", "responses", "parameters", "requestBodies", "headers"}

// withExamples are the component kinds whose entries carry examples to drop.
var withExamples = map[string]bool{"responses": true, "parameters": true, "requestBodies": true, "headers": true}

var (
	// componentRef finds every JSON string that starts with "#/components/":
	// $refs, and discriminator mappings, which are plain strings.
	componentRef = lazyre.New(`"#/components/(?:[^"\\]|\\.)*"`)
	// refValue finds every $ref value, to tell local from external ones.
	refValue = lazyre.New(`"\$ref"\s*:\s*"([^"]?)`)
)

// pruneComponents deletes the components that nothing outside components,
// nor any component so reached, refers to, and drops the examples of those
// it keeps. Documents with a $ref to another file keep every component. It
// reports false when a component does not decode.
func pruneComponents(doc *splitDoc) bool {
	comps := doc.comps
	entries := map[string]map[string]json.RawMessage{}
	for _, kind := range prunedKinds {
		raw, ok := comps[kind]
		if !ok {
			continue
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(raw, &m); err != nil {
			return false
		}
		entries[kind] = m
	}
	reached := map[string]bool{}
	var queue []string
	external := false
	scan := func(raw []byte) {
		for _, m := range refValue().FindAllSubmatch(raw, -1) {
			if len(m[1]) == 0 || m[1][0] != '#' {
				external = true
			}
		}
		for _, lit := range componentRef().FindAll(raw, -1) {
			var ref string
			if json.Unmarshal(lit, &ref) != nil {
				continue
			}
			if key, ok := componentKey(ref); ok && !reached[key] {
				reached[key] = true
				queue = append(queue, key)
			}
		}
	}
	for _, raw := range doc.top {
		scan(raw)
	}
	for _, raw := range doc.paths {
		scan(raw)
	}
	for k, raw := range comps {
		if !isPrunedKind(k) {
			scan(raw) // securitySchemes, callbacks, links, pathItems: kept whole
		}
	}
	for len(queue) > 0 {
		key := queue[0]
		queue = queue[1:]
		kind, name, _ := strings.Cut(key, "/")
		if raw, ok := entries[kind][name]; ok {
			scan(raw)
		}
	}
	for kind, m := range entries {
		for name, raw := range m {
			switch {
			case !external && !reached[kind+"/"+name]:
				delete(m, name)
			case withExamples[kind]:
				var v map[string]any
				if json.Unmarshal(raw, &v) != nil {
					return false
				}
				dropExamples([]any{v})
				dropContentExamples(v["content"])
				b, err := json.Marshal(v)
				if err != nil {
					return false
				}
				m[name] = b
			}
		}
		b, err := json.Marshal(m)
		if err != nil {
			return false
		}
		comps[kind] = b
	}
	return true
}

func isPrunedKind(k string) bool { return slices.Contains(prunedKinds, k) }

// componentKey turns "#/components/schemas/a~1b" into "schemas/a/b"... with
// the name unescaped per JSON Pointer and URL rules: "schemas/a/b" keeps the
// first slash as the separator.
func componentKey(ref string) (string, bool) {
	rest, ok := strings.CutPrefix(ref, "#/components/")
	if !ok {
		return "", false
	}
	kind, name, ok := strings.Cut(rest, "/")
	if !ok {
		return "", false
	}
	if i := strings.IndexByte(name, '/'); i >= 0 { // a pointer into the component
		name = name[:i]
	}
	if u, err := url.PathUnescape(name); err == nil {
		name = u
	}
	name = strings.ReplaceAll(strings.ReplaceAll(name, "~1", "/"), "~0", "~")
	return kind + "/" + name, true
}
