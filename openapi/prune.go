package openapi

import (
	"bytes"
	"encoding/json"
	"net/url"
	"slices"
	"strings"
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
//   - components that nothing kept refers to, when every $ref is local.
//
// It reports false when the document does not decode as a JSON object, and
// the caller loads it as it is. GitHub's REST description (13 MB) loses about
// two thirds.
func prune(data []byte) ([]byte, bool) {
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, false
	}
	keepResponses := bytes.Contains(data, []byte("X-Amz-Target"))
	if paths, ok := doc["paths"].(map[string]any); ok {
		for _, item := range paths {
			item, ok := item.(map[string]any)
			if !ok {
				continue
			}
			dropExamples(item["parameters"])
			for method, op := range item {
				op, ok := op.(map[string]any)
				if !ok || !isMethod(method) {
					continue
				}
				dropExamples(op["parameters"])
				if rb, ok := op["requestBody"].(map[string]any); ok {
					dropContentExamples(rb["content"])
				}
				if !keepResponses {
					op["responses"] = map[string]any{"default": map[string]any{"description": "(not used for tools)"}}
				}
			}
		}
	}
	if comps, ok := doc["components"].(map[string]any); ok {
		delete(comps, "examples")
		for _, kind := range []string{"parameters", "headers"} {
			if m, ok := comps[kind].(map[string]any); ok {
				for _, v := range m {
					dropExamples([]any{v})
				}
			}
		}
		for _, kind := range []string{"requestBodies", "responses"} {
			if m, ok := comps[kind].(map[string]any); ok {
				for _, v := range m {
					if v, ok := v.(map[string]any); ok {
						dropContentExamples(v["content"])
					}
				}
			}
		}
		pruneComponents(doc, comps)
	}
	out, err := json.Marshal(doc)
	if err != nil {
		return nil, false
	}
	return out, true
}

// isMethod reports whether a path item key is an operation.
func isMethod(key string) bool {
	return slices.Contains(methods, strings.ToUpper(key))
}

// dropExamples removes example(s) from a list of parameter objects and their
// content.
func dropExamples(params any) {
	list, _ := params.([]any)
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

// pruneComponents deletes the components that nothing outside components,
// nor any component so reached, refers to. Any string that starts with
// "#/components/" counts as a reference (discriminator mappings are plain
// strings), so nothing referenced is ever lost. Documents with a $ref to
// another file are left whole.
func pruneComponents(doc, comps map[string]any) {
	reached := map[string]bool{}
	var queue []string
	external := false
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, e := range v {
				if s, ok := e.(string); ok && k == "$ref" && !strings.HasPrefix(s, "#") {
					external = true
				}
				walk(e)
			}
		case []any:
			for _, e := range v {
				walk(e)
			}
		case string:
			if key, ok := componentKey(v); ok && !reached[key] {
				reached[key] = true
				queue = append(queue, key)
			}
		}
	}
	for k, v := range doc {
		if k != "components" {
			walk(v)
		}
	}
	for k, v := range comps {
		if !isPrunedKind(k) {
			walk(v) // securitySchemes, callbacks, links, pathItems: kept whole
		}
	}
	for len(queue) > 0 {
		key := queue[0]
		queue = queue[1:]
		kind, name, _ := strings.Cut(key, "/")
		if m, ok := comps[kind].(map[string]any); ok {
			walk(m[name])
		}
	}
	if external {
		return
	}
	for _, kind := range prunedKinds {
		m, ok := comps[kind].(map[string]any)
		if !ok {
			continue
		}
		for name := range m {
			if !reached[kind+"/"+name] {
				delete(m, name)
			}
		}
	}
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
