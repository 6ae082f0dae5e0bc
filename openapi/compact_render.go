package openapi

import (
	"encoding/json"
	"slices"
)

// passes say what rendering a tool schema rewrites.
type passes struct {
	// drop removes the keywords that tell a client nothing (dropped).
	drop bool
	// descs rewrites descriptions with texts, and as compact and short
	// say (describe).
	descs, compact, short bool
	texts                 textPass
}

// slot is a description of a rendered schema, left out of its JSON until
// every tool's descriptions are known and the shared ones become notes.
type slot struct {
	pos   int32 // where in the skeleton it goes
	order int32 // its place among the schema's descriptions, in visiting order
	lead  bool  // a keyword precedes it in its object, so a comma does
	// once applies short descriptions' rule that a property name's
	// sentence is said once per tool.
	once bool
	prop string
	text string
}

// rendered is a tool's input schema as JSON without its descriptions (the
// skeleton) and the descriptions, each with where it goes.
type rendered struct {
	skeleton []byte
	slots    []slot
}

// renderer writes one schema at a time; each goroutine has its own.
type renderer struct {
	passes
	cache  *textCache
	titles []string // the API's and the operation's: names a description may restate
	ctx    []string // the property names around the object being written
	buf    []byte
	slots  []slot
}

// render writes the schema n with the passes applied, but for the texts
// of its descriptions, which are settled across tools.
func (r *renderer) render(n *node, titles []string) rendered {
	r.titles, r.ctx, r.buf, r.slots = titles, r.ctx[:0], nil, nil
	r.schema(n, "", 0)
	return rendered{skeleton: r.buf, slots: r.slots}
}

// schema writes one schema object found at property prop (or "") whose
// first description is the base-th of the tool's in visiting order.
func (r *renderer) schema(n *node, prop string, base int) {
	desc, self := "", 0
	if r.descs {
		if desc = n.str("description"); desc != "" {
			self = 1
		}
	}
	var pat patternEdit
	if r.drop {
		pat = r.cache.patternOf(n)
	}
	// Where the descriptions of each subschema keyword start.
	var starts [19]int
	if r.descs {
		var counts [19]int
		for i, k := range n.keys {
			if keywordShapes[k] != noSchema {
				counts[keywordRanks[k]] = describedIn(k, n.vals[i])
			}
		}
		next := base + self
		for i, c := range counts {
			starts[i] = next
			next += c
		}
	}
	var text string
	var once bool
	if self == 1 {
		text, once = r.describe(desc, prop)
	}
	if prop != "" {
		r.ctx = append(r.ctx, prop)
		defer func() { r.ctx = r.ctx[:len(r.ctx)-1] }()
	}

	r.buf = append(r.buf, '{')
	first := true
	key := func(k string) {
		if !first {
			r.buf = append(r.buf, ',')
		}
		first = false
		r.buf = appendString(r.buf, k)
		r.buf = append(r.buf, ':')
	}
	for i, k := range n.keys {
		v := n.vals[i]
		if r.drop && r.dropped(k, v, prop, pat) {
			continue
		}
		if k == "pattern" && pat.replace {
			v = pat.value
		}
		if k == "description" && self == 1 {
			r.slots = append(r.slots, slot{pos: int32(len(r.buf)), order: int32(base), lead: !first, once: once, prop: prop, text: text})
			first = false
			continue
		}
		start := starts[keywordRanks[k]]
		switch keywordShapes[k] {
		case oneSchema:
			if c, ok := v.(*node); ok {
				key(k)
				r.schema(c, "", start)
				continue
			}
		case listSchema:
			if l, ok := v.([]any); ok {
				key(k)
				r.list(l, start)
				continue
			}
		case mapSchema:
			if m, ok := v.(*node); ok {
				key(k)
				r.members(m, k == "properties", start)
				continue
			}
		}
		key(k)
		r.buf = appendJSON(r.buf, v)
	}
	r.buf = append(r.buf, '}')
}

// list writes an array of subschemas.
func (r *renderer) list(l []any, start int) {
	r.buf = append(r.buf, '[')
	for i, x := range l {
		if i > 0 {
			r.buf = append(r.buf, ',')
		}
		if c, ok := x.(*node); ok {
			r.schema(c, "", start)
			start += countDescribed(c)
		} else {
			r.buf = appendJSON(r.buf, x)
		}
	}
	r.buf = append(r.buf, ']')
}

// members writes an object of subschemas: properties when props is set.
func (r *renderer) members(m *node, props bool, start int) {
	r.buf = append(r.buf, '{')
	for i, k := range m.keys {
		if i > 0 {
			r.buf = append(r.buf, ',')
		}
		r.buf = appendString(r.buf, k)
		r.buf = append(r.buf, ':')
		c, ok := m.vals[i].(*node)
		if !ok {
			r.buf = appendJSON(r.buf, m.vals[i])
			continue
		}
		prop := ""
		if props {
			prop = k
		}
		r.schema(c, prop, start)
		start += countDescribed(c)
	}
	r.buf = append(r.buf, '}')
}

// describe rewrites the description of a schema object at property prop.
// Short descriptions keep nothing for an array's items or a map's values
// (their property says it) but the constraints the schema cannot state.
// Compact schemas drop descriptions that only restate the property's name,
// the names around it and those of the operation and the API (titles).
// Short descriptions say a sentence once per property name (the Notify
// flag of three risk actions is described at the first): once reports
// that the rule applies, and rendered.settle applies it, in visiting
// order.
func (r *renderer) describe(desc, prop string) (text string, once bool) {
	if r.short && prop == "" {
		_, notes := cutConstraintNotes(desc)
		return notes, false
	}
	d := r.cache.apply(r.texts, desc)
	if r.compact {
		if text, notes := cutConstraintNotes(d); r.cache.restates(text, prop, r.ctx, r.titles) {
			d = notes
		}
	}
	return d, r.short
}

// dropped reports an input-schema keyword that constrains nothing a client
// checks and tells the model nothing the rest does not: examples (the
// document's sample values, often stale), $comment (for schema authors),
// writeOnly (every input is written), a title that repeats the property's
// name, format "password" (a display hint), a pattern that may match
// nothing (trimPattern), and a minLength of 1 beside a pattern that needs
// a character anyway.
func (r *renderer) dropped(k string, v any, prop string, pat patternEdit) bool {
	switch k {
	case "examples", "$comment", "writeOnly":
		return true
	case "title":
		t, ok := v.(string)
		return ok && prop != "" && r.cache.sameWords(t, prop)
	case "format":
		return v == "password"
	case "pattern":
		return pat.drop
	case "minLength":
		return v == json.Number("1") && pat.nonEmpty
	}
	return false
}

// settle applies the once-per-name rule in visiting order and returns the
// descriptions left, in that order.
func (t *rendered) settle() []string {
	var said map[string]bool
	var texts []string
	for _, i := range t.byOrder() {
		s := &t.slots[i]
		if s.once {
			text, notes := cutConstraintNotes(s.text)
			key := s.prop + "\x00" + text
			if said == nil {
				said = map[string]bool{}
			}
			if text != "" && said[key] {
				s.text = notes
			} else {
				said[key] = true
			}
		}
		if s.text != "" {
			texts = append(texts, s.text)
		}
	}
	return texts
}

// byOrder lists the slots' indexes in visiting order.
func (t *rendered) byOrder() []int32 {
	idx := make([]int32, len(t.slots))
	for i, s := range t.slots {
		idx[s.order] = int32(i)
	}
	return idx
}

// setTexts gives the descriptions that settle returned, rewritten, back to
// their slots.
func (t *rendered) setTexts(texts []string) {
	k := 0
	for _, i := range t.byOrder() {
		if s := &t.slots[i]; s.text != "" {
			s.text = texts[k]
			k++
		}
	}
}

// json is the schema with its descriptions in place; a description that
// ended up empty is left out with its key.
func (t *rendered) json() json.RawMessage {
	size := len(t.skeleton)
	for _, s := range t.slots {
		size += len(s.text) + len(`,"description":""`)
	}
	out := make([]byte, 0, size)
	prev := 0
	for _, s := range t.slots {
		out = append(out, t.skeleton[prev:s.pos]...)
		prev = int(s.pos)
		switch {
		case s.text != "":
			if s.lead {
				out = append(out, ',')
			}
			out = append(out, `"description":`...)
			out = appendString(out, s.text)
		case !s.lead && prev < len(t.skeleton) && t.skeleton[prev] == ',':
			prev++ // the comma that followed it
		}
	}
	return append(out, t.skeleton[prev:]...)
}

// patternEdit is what the drop pass does to a schema's pattern: it trims
// the ends that may match nothing (trimPattern).
type patternEdit struct {
	drop     bool   // the pattern matches every string: it goes
	replace  bool   // it is written as value instead
	value    string //
	nonEmpty bool   // what is left needs at least one character
}

// textCache remembers what the passes compute from texts, which large
// documents repeat in thousands of places. One goroutine uses each.
type textCache struct {
	applied  map[string]string
	words    map[string][]string // nameWords
	known    map[string][]string // the stems a name's words give
	needs    map[string][]string // the stems a description's words need
	patterns map[string]patternEdit
}

func newTextCache() *textCache {
	return &textCache{applied: map[string]string{}, words: map[string][]string{}, known: map[string][]string{}, needs: map[string][]string{}, patterns: map[string]patternEdit{}}
}

// apply is texts.apply(s).
func (c *textCache) apply(texts textPass, s string) string {
	if out, ok := c.applied[s]; ok {
		return out
	}
	out := texts.apply(s)
	c.applied[s] = out
	return out
}

// patternOf is what the drop pass does to n's pattern.
func (c *textCache) patternOf(n *node) patternEdit {
	v, _ := n.get("pattern")
	p, ok := v.(string)
	if !ok {
		return patternEdit{nonEmpty: nonEmptyPattern(v)}
	}
	if e, ok := c.patterns[p]; ok {
		return e
	}
	var e patternEdit
	switch t := trimPattern(p); {
	case t == "":
		e.drop = true
	case portablePattern(t):
		e.replace, e.value, e.nonEmpty = true, t, nonEmptyPattern(t)
	default:
		e.nonEmpty = nonEmptyPattern(p)
	}
	c.patterns[p] = e
	return e
}

func (c *textCache) nameWords(s string) []string {
	w, ok := c.words[s]
	if !ok {
		w = nameWords(s)
		c.words[s] = w
	}
	return w
}

// sameWords reports two names made of the same words: "UserPoolId" and
// "User pool ID".
func (c *textCache) sameWords(a, b string) bool {
	return slices.Equal(c.nameWords(a), c.nameWords(b))
}

// restates is restatesName(desc, prop, context and titles...).
func (c *textCache) restates(desc, prop string, context, titles []string) bool {
	if prop == "" || desc == "" || len(desc) > maxRestating {
		return false
	}
	need, ok := c.needs[desc]
	if !ok {
		need = []string{}
		for _, w := range c.nameWords(desc) {
			// nameWords dropped a plural s: "specifies" is "specifie".
			if s := stem(w); !fillerWords[w] && !fillerWords[w+"s"] && !slices.Contains(need, s) {
				need = append(need, s)
			}
		}
		c.needs[desc] = need
	}
	knows := func(s string) func(string) bool {
		return func(name string) bool { return slices.Contains(c.stems(name), s) }
	}
	for _, s := range need {
		if !knows(s)(prop) && !slices.ContainsFunc(context, knows(s)) && !slices.ContainsFunc(titles, knows(s)) {
			return false
		}
	}
	return true
}

// stems are the word stems a name gives, with those of their synonyms.
func (c *textCache) stems(name string) []string {
	if k, ok := c.known[name]; ok {
		return k
	}
	var k []string
	for _, w := range c.nameWords(name) {
		k = append(k, stem(w))
		for _, syn := range nameSynonyms[w] {
			k = append(k, stem(syn))
		}
	}
	c.known[name] = k
	return k
}
