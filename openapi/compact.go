package openapi

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
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

// schemaTree is a tool schema as the converter built it, before it is
// written: the tool's own top object, and the names of the converter's
// shared defs it reaches.
type schemaTree struct {
	top  *node
	defs []string // sorted
}

// builtTool is a tool whose schemas are not written yet.
type builtTool struct {
	Tool
	in, out *schemaTree // out is nil when the tool has no output schema
}

// writeSchemas writes every tool's input and output schema, rewritten as
// the options ask. It runs after every tool is built, since shared text is
// found across tools. The work of each tool runs on as many goroutines as
// GOMAXPROCS allows; the defs the tools share are inlined and counted once,
// before.
func (b *builder) writeSchemas(cat *Catalog, built []builtTool) {
	compactSchemas := b.opts.Schemas == SchemasCompact
	if !compactSchemas && b.opts.Descriptions == DescriptionsFull {
		parallel(len(built), func() struct{} { return struct{}{} }, func(_ struct{}, i int) {
			t := &built[i]
			t.InputSchema = appendJSON(nil, b.in.whole(t.in))
			if t.out != nil {
				t.OutputSchema = appendJSON(nil, b.out.whole(t.out))
			}
		})
		return
	}
	p := passes{descs: true, compact: compactSchemas, drop: compactSchemas, short: b.opts.Descriptions == DescriptionsShort}
	if p.short {
		p.texts = append(p.texts, firstSentence)
	}
	if compactSchemas {
		p.texts = append(p.texts, dropSeeAlso)
	}
	var inlineIn, inlineOut *inliner
	if compactSchemas {
		inlineIn, inlineOut = newInliner(b.in.nodes()), newInliner(b.out.nodes())
		for _, d := range inlineIn.inlined {
			countDescribed(d)
		}
	} else {
		for _, d := range b.in.nodes() {
			countDescribed(d)
		}
	}

	type result struct {
		schema   rendered
		texts    []string
		warnings []string
	}
	results := make([]result, len(built))
	parallel(len(built), func() *renderer { return &renderer{passes: p, cache: newTextCache()} }, func(r *renderer, i int) {
		t, res := &built[i], &results[i]
		var tree *node
		if compactSchemas {
			var kept []string
			if tree, kept = inlineIn.tool(t.in); len(kept) > 0 {
				res.warnings = append(res.warnings, fmt.Sprintf("tool %s: input schema keeps $defs for the recursive types %s", t.Path, strings.Join(kept, ", ")))
			}
			if t.out != nil {
				out, kept := inlineOut.tool(t.out)
				if len(kept) > 0 {
					res.warnings = append(res.warnings, fmt.Sprintf("tool %s: output schema keeps $defs for the recursive types %s", t.Path, strings.Join(kept, ", ")))
				}
				t.OutputSchema = appendJSON(nil, out)
			}
		} else {
			tree = b.in.whole(t.in)
			if t.out != nil {
				t.OutputSchema = appendJSON(nil, b.out.whole(t.out))
			}
		}
		t.Description = r.cache.apply(p.texts, t.Description)
		res.schema = r.render(tree, []string{cat.Title, t.Title})
		res.texts = res.schema.settle()
	})
	for _, res := range results {
		for _, w := range res.warnings {
			b.warn(w)
		}
	}

	if compactSchemas {
		lists := make([][]string, len(built))
		for i := range built {
			lists[i] = append([]string{built[i].Description}, results[i].texts...)
		}
		cat.Notes = shareNotes(lists, b.opts.Namespace)
		rewriteEach(lists, collapseSpace)
		for i, l := range lists {
			built[i].Description = l[0]
			results[i].schema.setTexts(l[1:])
		}
	}
	parallel(len(built), func() struct{} { return struct{}{} }, func(_ struct{}, i int) {
		built[i].InputSchema = results[i].schema.json()
		results[i] = result{}
	})
}

// parallel calls f(state, i) for every i below n on up to GOMAXPROCS
// goroutines, each with a state of its own from newState. A panic in f is
// raised again in the caller's goroutine, where the registry turns a
// hostile document's panic into an error.
func parallel[S any](n int, newState func() S, f func(S, int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var (
		next  atomic.Int64
		wg    sync.WaitGroup
		once  sync.Once
		fault any
	)
	for range workers {
		wg.Go(func() {
			defer func() {
				if v := recover(); v != nil {
					once.Do(func() { fault = v })
					next.Store(int64(n)) // the others stop at their next tool
				}
			}()
			s := newState()
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				f(s, i)
			}
		})
	}
	wg.Wait()
	if fault != nil {
		panic(fault)
	}
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
