package openapi

import "github.com/getkin/kin-openapi/openapi3"

// sensitivity remembers, per schema, whether anything marked x-sensitive
// can be reached from it (itself, its properties, items, map values and
// allOf/anyOf/oneOf members, at any depth). Walking the paths of every
// request body to find sensitive members is exponential in a document
// whose schemas share and nest one another (Microsoft Graph's entities):
// with this answer at hand the walk only enters schemas that lead to one.
type sensitivity struct {
	known map[*openapi3.Schema]bool
}

// reaches reports whether a schema marked x-sensitive is reachable from s.
// Each schema is classified once: the first question about an unknown
// schema classifies everything reachable from it.
func (m *sensitivity) reaches(s *openapi3.Schema) bool {
	if v, ok := m.known[s]; ok {
		return v
	}
	if m.known == nil {
		m.known = map[*openapi3.Schema]bool{}
	}
	// Collect the unclassified schemas reachable from s, with the edges
	// between them reversed.
	parents := map[*openapi3.Schema][]*openapi3.Schema{}
	seen := map[*openapi3.Schema]bool{s: true}
	stack := []*openapi3.Schema{s}
	var marked []*openapi3.Schema
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if on, _ := n.Extensions[extSensitive].(bool); on {
			marked = append(marked, n)
		}
		for _, c := range children(n) {
			if v, ok := m.known[c]; ok {
				if v {
					marked = append(marked, n)
				}
				continue
			}
			parents[c] = append(parents[c], n)
			if !seen[c] {
				seen[c] = true
				stack = append(stack, c)
			}
		}
	}
	// Whatever leads to a marked schema reaches one.
	for n := range seen {
		m.known[n] = false
	}
	for len(marked) > 0 {
		n := marked[len(marked)-1]
		marked = marked[:len(marked)-1]
		if m.known[n] {
			continue
		}
		m.known[n] = true
		marked = append(marked, parents[n]...)
	}
	return m.known[s]
}

// children are the schemas directly inside s that the sensitive walk
// enters.
func children(s *openapi3.Schema) []*openapi3.Schema {
	var out []*openapi3.Schema
	add := func(r *openapi3.SchemaRef) {
		if r != nil && r.Value != nil {
			out = append(out, r.Value)
		}
	}
	for _, r := range s.Properties {
		add(r)
	}
	add(s.Items)
	add(s.AdditionalProperties.Schema)
	for _, rs := range []openapi3.SchemaRefs{s.AllOf, s.AnyOf, s.OneOf} {
		for _, r := range rs {
			add(r)
		}
	}
	return out
}
