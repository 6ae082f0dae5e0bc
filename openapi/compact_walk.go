package openapi

// Keywords whose values are subschemas, by shape, each list in the order
// the passes over a schema visit them (eachChild).
var (
	oneSubschema  = []string{"items", "not", "if", "then", "else", "additionalProperties", "contains", "propertyNames", "unevaluatedItems", "unevaluatedProperties", "contentSchema"}
	listSubschema = []string{"allOf", "anyOf", "oneOf", "prefixItems"}
	mapSubschema  = []string{"properties", "patternProperties", "$defs", "dependentSchemas"}
)

// keywordShape is how a keyword holds subschemas.
type keywordShape uint8

const (
	noSchema   keywordShape = iota // data: enum, const, default, required...
	oneSchema                      // a schema
	listSchema                     // an array of schemas
	mapSchema                      // an object whose members are schemas
)

// keywordShapes and keywordRanks give, for each keyword that holds
// subschemas, its shape and its place in the visiting order.
var keywordShapes, keywordRanks = func() (map[string]keywordShape, map[string]int) {
	shapes, ranks := map[string]keywordShape{}, map[string]int{}
	for _, l := range []struct {
		keys  []string
		shape keywordShape
	}{{oneSubschema, oneSchema}, {listSubschema, listSchema}, {mapSubschema, mapSchema}} {
		for _, k := range l.keys {
			shapes[k] = l.shape
			ranks[k] = len(ranks)
		}
	}
	return shapes, ranks
}()

// mapChildren is n with every direct subschema c replaced by f(c). Values
// of enum, const, default and the like are data and never visited. When f
// changes nothing, n itself is returned; otherwise only the objects on the
// way to a change are new.
func mapChildren(n *node, f func(*node) *node) *node {
	var vals []any // nil until a child changes
	for i, k := range n.keys {
		v, changed := n.vals[i], false
		switch keywordShapes[k] {
		case oneSchema:
			if c, ok := v.(*node); ok {
				if r := f(c); r != c {
					v, changed = r, true
				}
			}
		case listSchema:
			if l, ok := v.([]any); ok {
				if nl := mapSchemas(l, f); nl != nil {
					v, changed = nl, true
				}
			}
		case mapSchema:
			if m, ok := v.(*node); ok {
				if nv := mapSchemas(m.vals, f); nv != nil {
					v, changed = newNode(m.keys, nv), true
				}
			}
		}
		if changed {
			if vals == nil {
				vals = append([]any(nil), n.vals...)
			}
			vals[i] = v
		}
	}
	if vals == nil {
		return n
	}
	return newNode(n.keys, vals)
}

// mapSchemas applies f to the objects of l; nil when none changed.
func mapSchemas(l []any, f func(*node) *node) []any {
	var out []any
	for i, x := range l {
		if c, ok := x.(*node); ok {
			if r := f(c); r != c {
				if out == nil {
					out = append([]any(nil), l...)
				}
				out[i] = r
			}
		}
	}
	return out
}

// eachChild calls f on every direct subschema object of n in visiting
// order (keywords as listed above, members sorted), with the property name
// for members of properties, else "".
func eachChild(n *node, f func(c *node, prop string)) {
	for _, k := range oneSubschema {
		if c, ok := n.getNode(k); ok {
			f(c, "")
		}
	}
	for _, k := range listSubschema {
		v, _ := n.get(k)
		l, _ := v.([]any)
		for _, x := range l {
			if c, ok := x.(*node); ok {
				f(c, "")
			}
		}
	}
	for _, k := range mapSubschema {
		m, ok := n.getNode(k)
		if !ok {
			continue
		}
		for i, x := range m.vals {
			if c, ok := x.(*node); ok {
				prop := ""
				if k == "properties" {
					prop = m.keys[i]
				}
				f(c, prop)
			}
		}
	}
}

// getNode is the value of key k when it is an object.
func (n *node) getNode(k string) (*node, bool) {
	v, _ := n.get(k)
	c, ok := v.(*node)
	return c, ok
}

// countDescribed is how many schema objects under n, n included, have a
// description: the number of descriptions a pass over n visits. It is
// remembered in each node, so a node shared by many tools is counted once;
// nodes several goroutines read must be counted before they share them.
func countDescribed(n *node) int {
	if n.described >= 0 {
		return n.described
	}
	c := 0
	if n.str("description") != "" {
		c = 1
	}
	eachChild(n, func(x *node, _ string) { c += countDescribed(x) })
	n.described = c
	return c
}

// describedIn counts the descriptions under the value of keyword k.
func describedIn(k string, v any) int {
	c := 0
	switch keywordShapes[k] {
	case oneSchema:
		if x, ok := v.(*node); ok {
			c = countDescribed(x)
		}
	case listSchema:
		l, _ := v.([]any)
		for _, x := range l {
			if x, ok := x.(*node); ok {
				c += countDescribed(x)
			}
		}
	case mapSchema:
		if m, ok := v.(*node); ok {
			for _, x := range m.vals {
				if x, ok := x.(*node); ok {
					c += countDescribed(x)
				}
			}
		}
	}
	return c
}
