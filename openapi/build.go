package openapi

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// methods is the order operations of one path are walked in.
var methods = []string{
	http.MethodGet, http.MethodPut, http.MethodPost, http.MethodDelete,
	http.MethodOptions, http.MethodHead, http.MethodPatch, http.MethodTrace,
}

// maxDescription caps tool descriptions. Cognito's longest (with the SMS
// sandbox paragraph several operations repeat) stay under it; documents
// with page-long descriptions are cut at a sentence end so tools/list
// stays small enough for hosts to keep in the prompt.
const maxDescription = 4000

// builder turns a parsed document into a Catalog.
type builder struct {
	doc      *openapi3.T
	opts     Options
	warnings map[string]bool
	in, out  *converter
	schemes  []SecurityScheme
	// apiKeys maps apiKey scheme names to the parameter they fill in, as
	// "in:name" with the name lowercased.
	apiKeys map[string]string
	sigV4   bool
	sens    sensitivity // which schemas lead to an x-sensitive one
}

// operation is one method of one path, with its identity.
type operation struct {
	method, path string
	item         *openapi3.PathItem
	op           *openapi3.Operation
	id           string // operationId, or the derived leaf
	toolPath     ToolPath
	name         string
}

func newBuilder(doc *openapi3.T, opts Options) *builder {
	b := &builder{doc: doc, opts: opts, warnings: map[string]bool{}, apiKeys: map[string]string{}}
	names := newDefNames()
	b.in = newConverter(inputMode, names, b.warn)
	b.out = newConverter(outputMode, names, b.warn)
	b.schemes = b.securitySchemes()
	return b
}

func (b *builder) warn(msg string) { b.warnings[msg] = true }

func (b *builder) build() *Catalog {
	doc := b.doc
	cat := &Catalog{
		Servers:         b.servers(doc.Servers),
		SecuritySchemes: b.schemes,
	}
	if doc.Info != nil {
		cat.Title = doc.Info.Title
		cat.Version = doc.Info.Version
		cat.Description = plainText(doc.Info.Description)
	}
	ops := b.operations(cat)
	b.assignNames(ops)
	var built []builtTool
	for _, o := range ops {
		if !b.wanted(o) {
			continue
		}
		t, err := b.tool(o)
		if err != nil {
			cat.Skipped = append(cat.Skipped, Skipped{Method: o.method, Path: o.path, Reason: err.Error()})
			continue
		}
		built = append(built, t)
	}
	// The document is not needed past this point: what the tools need of
	// it is in their plans and schema trees. Let the collector have it
	// while the schemas are written.
	b.doc, b.sens, b.in.names.byRef = nil, sensitivity{}, nil
	slices.SortFunc(built, func(a, b builtTool) int { return strings.Compare(string(a.Path), string(b.Path)) })
	b.writeSchemas(cat, built)
	cat.Tools = make([]Tool, len(built))
	for i := range built {
		cat.Tools[i] = built[i].Tool
		addPagingNote(&cat.Tools[i])
	}
	cat.Warnings = slices.Sorted(maps.Keys(b.warnings))
	return cat
}

// operations walks the paths in sorted order and the methods in a fixed
// order, giving each operation its tool path. Operations that cannot be
// called are recorded in cat.Skipped.
func (b *builder) operations(cat *Catalog) []*operation {
	var ops []*operation
	taken := map[ToolPath]bool{}
	paths := b.doc.Paths.Map()
	for _, path := range slices.Sorted(maps.Keys(paths)) {
		item := paths[path]
		if item == nil {
			continue
		}
		for _, method := range methods {
			op := item.GetOperation(method)
			if op == nil {
				continue
			}
			if reason := unexpressible(path, item, op); reason != "" {
				cat.Skipped = append(cat.Skipped, Skipped{Method: method, Path: path, Reason: reason})
				continue
			}
			o := &operation{method: method, path: path, item: item, op: op, id: op.OperationID}
			leaf := camelCase(op.OperationID)
			if leaf == "" {
				leaf = derivedLeaf(method, path)
				o.id = leaf
			}
			tp := toolPathOf(b.opts.PathPrefix, toolGroup(op.Tags, path), leaf)
			for i := 2; taken[tp]; i++ {
				tp = toolPathOf(b.opts.PathPrefix, toolGroup(op.Tags, path), fmt.Sprintf("%s%d", leaf, i))
			}
			if i := strings.LastIndexByte(string(tp), '.'); string(tp[i+1:]) != leaf {
				b.warn(fmt.Sprintf("%s %s: tool path %s.%s is taken; using %s", method, path, tp.Group(), leaf, tp))
			}
			taken[tp] = true
			o.toolPath = tp
			ops = append(ops, o)
		}
	}
	return ops
}

func toolPathOf(prefix, group, leaf string) ToolPath {
	p := group + "." + leaf
	if prefix != "" {
		p = prefix + "." + p
	}
	return ToolPath(p)
}

// unexpressible says why an operation cannot become a tool, or "".
func unexpressible(path string, item *openapi3.PathItem, op *openapi3.Operation) string {
	declared := map[string]bool{}
	for _, ps := range []openapi3.Parameters{item.Parameters, op.Parameters} {
		for _, p := range ps {
			if p != nil && p.Value != nil && p.Value.In == openapi3.ParameterInPath {
				declared[p.Value.Name] = true
			}
		}
	}
	wire := wirePath(path)
	for rest := wire; ; {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			return "the path has an unclosed '{'"
		}
		if name := rest[i+1 : i+j]; !declared[name] {
			return fmt.Sprintf("path parameter {%s} is not declared", name)
		}
		rest = rest[i+j+1:]
	}
	return ""
}

// wirePath is the path sent on the wire: without a #fragment or ?query.
func wirePath(path string) string {
	if i := strings.IndexAny(path, "#?"); i >= 0 {
		path = path[:i]
	}
	if path == "" {
		path = "/"
	}
	return path
}

// assignNames gives every operation its MCP name. Names over the limit are
// shortened with a hash; when two operations end up with one name, the
// one whose tool path sorts first keeps it and the others get a hash of
// their tool path. Both are reported as warnings.
func (b *builder) assignNames(ops []*operation) {
	byName := map[string][]*operation{}
	for _, o := range ops {
		name, short := mcpName(b.opts.Namespace, o.id)
		if short {
			b.warn(fmt.Sprintf("tool %s: MCP name shortened to %s (at most %d bytes)", o.toolPath, name, maxNameLen))
		}
		o.name = name
		byName[name] = append(byName[name], o)
	}
	used := map[string]bool{}
	for name := range byName {
		used[name] = true
	}
	for _, name := range slices.Sorted(maps.Keys(byName)) {
		group := byName[name]
		if len(group) < 2 {
			continue
		}
		slices.SortFunc(group, func(a, b *operation) int { return strings.Compare(string(a.toolPath), string(b.toolPath)) })
		for _, o := range group[1:] {
			seed := string(o.toolPath)
			renamed := withHash(name, shortHash(seed))
			for used[renamed] {
				seed += "'"
				renamed = withHash(name, shortHash(seed))
			}
			used[renamed] = true
			b.warn(fmt.Sprintf("tool %s: MCP name %s is taken by %s; using %s", o.toolPath, name, group[0].toolPath, renamed))
			o.name = renamed
		}
	}
}

// wanted applies Options.Include and Options.Exclude.
func (b *builder) wanted(o *operation) bool {
	match := func(patterns []string) bool {
		for _, p := range patterns {
			if matchGlob(p, o.op.OperationID) || matchGlob(p, string(o.toolPath)) || matchGlob(p, o.name) {
				return true
			}
		}
		return false
	}
	if len(b.opts.Include) > 0 && !match(b.opts.Include) {
		return false
	}
	return !match(b.opts.Exclude)
}

// tool builds one Tool, all but its schemas, which writeSchemas writes
// from the trees it returns with it.
func (b *builder) tool(o *operation) (builtTool, error) {
	plan, input, err := b.plan(o)
	if err != nil {
		return builtTool{}, err
	}
	t := builtTool{Tool: Tool{
		Name:        o.name,
		Path:        o.toolPath,
		Title:       o.id,
		Annotations: annotate(o.method, o.id, plan.AWS != nil),
		Plan:        plan,
	}, in: input}
	if plan.AWS != nil {
		t.out = b.outputSchema(o)
	}
	b.extensions(o, &t.Tool)
	t.Description = b.description(o)
	return t, nil
}

// description is the operation's description as plain text, else its
// summary, else "METHOD path". A paginator's note is added after the
// description passes (addPagingNote).
func (b *builder) description(o *operation) string {
	desc := plainText(o.op.Description)
	if sum := plainText(o.op.Summary); sum != "" && !strings.HasPrefix(desc, strings.TrimSuffix(sum, ".")) {
		desc = strings.TrimSpace(sum + "\n\n" + desc)
	}
	if desc == "" {
		desc = o.method + " " + o.path
	}
	if o.op.Deprecated {
		desc = "Deprecated. " + desc
	}
	return capText(desc, maxDescription)
}

// outputSchema is the lenient schema of a 200 JSON object response, or
// nil.
func (b *builder) outputSchema(o *operation) *schemaTree {
	if o.op.Responses == nil {
		return nil
	}
	resp := o.op.Responses.Status(http.StatusOK)
	if resp == nil || resp.Value == nil {
		return nil
	}
	var top map[string]any
	mt, _ := pickMediaType(resp.Value.Content)
	b.out.root()
	switch {
	case mt == nil || mt.Schema == nil || mt.Schema.Value == nil:
		if len(resp.Value.Content) > 0 {
			return nil
		}
		top = map[string]any{"type": "object"}
	case !isObject(mt.Schema.Value):
		return nil
	default:
		top = b.out.value(mt.Schema.Value, string(o.toolPath)+" result", 0)
		top["type"] = "object"
	}
	tree, err := b.out.tree(top)
	if err != nil {
		b.warn(fmt.Sprintf("tool %s: output schema dropped: %v", o.toolPath, err))
		return nil
	}
	return tree
}

// isObject reports a schema that describes a JSON object.
func isObject(s *openapi3.Schema) bool {
	if s.Type != nil {
		return s.Type.Includes("object") && !s.Type.Includes("array")
	}
	return len(s.Properties) > 0 || s.AdditionalProperties.Schema != nil
}
