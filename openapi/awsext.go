package openapi

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Extensions a document may carry for what OpenAPI cannot say. Package
// botocore writes them when it converts an AWS model; any document may use
// them.
const (
	// extSensitive (true) on a schema, or on the annotation next to a $ref
	// in an allOf, marks values that must never be logged.
	extSensitive = "x-sensitive"
	// extUnsigned (true) on an AWS JSON operation: AWS serves it without
	// SigV4.
	extUnsigned = "x-aws-unsigned"
	// extPagination on an operation: {"inputToken": [...], "outputToken":
	// [...], "limitKey": "...", "resultKey": [...], "moreResults": "..."},
	// botocore's paginator.
	extPagination = "x-aws-pagination"
	// extSigningName in info: the SigV4 service name, when it is not the
	// first label of the server's host.
	extSigningName = "x-aws-signing-name"
)

// Paging is how a list operation pages, from the document's
// x-aws-pagination: the call after a truncated result passes each output
// token's value as the input token at the same index.
type Paging struct {
	// InputTokens are the arguments that take the previous result's
	// tokens, e.g. ["NextToken"].
	InputTokens []string `json:"inputTokens"`
	// OutputTokens are where the result holds the next tokens, as botocore
	// writes them: a member name, or a path such as "Foo.Bar[-1].Id".
	OutputTokens []string `json:"outputTokens"`
	// LimitKey is the argument that caps the page size, if any.
	LimitKey string `json:"limitKey,omitempty"`
	// ResultKeys are the result members that hold the page's items.
	ResultKeys []string `json:"resultKeys,omitempty"`
	// MoreResults is the result member that says whether more pages follow.
	MoreResults string `json:"moreResults,omitempty"`
}

// note is the sentence a paginated tool's description ends with, e.g.
// "Paginated: pass NextToken from the previous result as NextToken."; ""
// for a nil Paging.
func (p *Paging) note() string {
	if p == nil {
		return ""
	}
	pairs := make([]string, len(p.InputTokens))
	for i, in := range p.InputTokens {
		pairs[i] = p.OutputTokens[i] + " from the previous result as " + in
	}
	return "Paginated: pass " + strings.Join(pairs, " and ") + "."
}

// addPagingNote ends t's description with its paginator's note, as a
// paragraph of its own within the description cap. It runs after the
// description passes (compaction, short descriptions, shared notes), so the
// note is never shortened away or moved into a shared note.
func addPagingNote(t *Tool) {
	if note := t.Paging.note(); note != "" {
		t.Description = capText(t.Description, maxDescription-len(note)-2) + "\n\n" + note
	}
}

// Sensitive lists the fields of a call whose values must never be logged
// (the document's x-sensitive). A path names an argument or result member;
// "." goes one member deeper, "[]" into every item of a list and ".*" into
// every value of a map: "Password", "UserAttributes[].Value",
// "AuthenticationResult.AccessToken". The whole value at a path is
// sensitive, whatever it holds. A schema that contains itself is walked
// once: paths do not repeat into a recursion.
type Sensitive struct {
	Args   []string `json:"args,omitempty"`
	Result []string `json:"result,omitempty"`
}

// extensions reads the operation's extensions into the tool.
func (b *builder) extensions(o *operation, t *Tool) {
	if aws := t.Plan.AWS; aws != nil {
		aws.Unsigned, _ = o.op.Extensions[extUnsigned].(bool)
		if b.doc.Info != nil {
			if name, _ := b.doc.Info.Extensions[extSigningName].(string); name != "" {
				aws.SigningName = name
			}
		}
	}
	t.Paging = b.paging(o, t)
	args, result := b.sensitiveArgs(o, t), b.sensitiveResult(o)
	if len(args)+len(result) > 0 {
		t.Sensitive = &Sensitive{Args: args, Result: result}
	}
}

// paging reads x-aws-pagination. Input tokens and the limit must be
// arguments of the tool; otherwise the paginator is ignored with a warning.
func (b *builder) paging(o *operation, t *Tool) *Paging {
	raw, ok := o.op.Extensions[extPagination]
	if !ok {
		return nil
	}
	m, _ := raw.(map[string]any)
	p := &Paging{
		InputTokens:  stringList(m["inputToken"]),
		OutputTokens: stringList(m["outputToken"]),
		ResultKeys:   stringList(m["resultKey"]),
	}
	p.LimitKey, _ = m["limitKey"].(string)
	p.MoreResults, _ = m["moreResults"].(string)
	if len(p.InputTokens) == 0 || len(p.InputTokens) != len(p.OutputTokens) {
		b.warn(fmt.Sprintf("tool %s: %s needs as many output tokens as input tokens, at least one; ignored", t.Path, extPagination))
		return nil
	}
	args := toolArgs(t)
	for _, arg := range append(slices.Clone(p.InputTokens), p.LimitKey) {
		if arg != "" && !args[arg] {
			b.warn(fmt.Sprintf("tool %s: %s names %s, which is not an argument; ignored", t.Path, extPagination, arg))
			return nil
		}
	}
	return p
}

// stringList reads a string or a list of strings.
func stringList(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	case []string:
		return slices.Clone(x)
	}
	return nil
}

// toolArgs are the top-level argument names of a tool.
func toolArgs(t *Tool) map[string]bool {
	args := map[string]bool{}
	for _, p := range t.Plan.Params {
		args[p.Arg] = true
	}
	if body := t.Plan.Body; body != nil {
		for _, name := range body.Props {
			args[name] = true
		}
		if body.Arg != "" {
			args[body.Arg] = true
		}
	}
	return args
}

// sensitiveArgs are the sensitive paths of the arguments: parameters and
// the request body's members.
func (b *builder) sensitiveArgs(o *operation, t *Tool) []string {
	var out []string
	for _, prm := range b.parameters(o) {
		if !isSensitive(paramSchema(prm), map[*openapi3.Schema]bool{}) {
			continue
		}
		for _, p := range t.Plan.Params {
			if p.Name == prm.Name && p.In == Location(prm.In) {
				out = append(out, p.Arg)
			}
		}
	}
	if body := t.Plan.Body; body != nil && o.op.RequestBody != nil && o.op.RequestBody.Value != nil {
		if mt, _ := pickMediaType(o.op.RequestBody.Value.Content); mt != nil {
			if body.Arg != "" {
				b.sensitivePaths(mt.Schema, body.Arg, map[*openapi3.Schema]bool{}, &out)
			} else {
				b.topPaths(mt.Schema, &out)
			}
		}
	}
	return sortedSet(out)
}

// sensitiveResult are the sensitive paths of a 200 result.
func (b *builder) sensitiveResult(o *operation) []string {
	if o.op.Responses == nil {
		return nil
	}
	resp := o.op.Responses.Status(200)
	if resp == nil || resp.Value == nil {
		return nil
	}
	mt, _ := pickMediaType(resp.Value.Content)
	if mt == nil {
		return nil
	}
	var out []string
	b.topPaths(mt.Schema, &out)
	return sortedSet(out)
}

// topPaths walks an object whose members are the roots of the paths (the
// flattened arguments, a result). When the object as a whole is
// sensitive, every member is.
func (b *builder) topPaths(r *openapi3.SchemaRef, out *[]string) {
	if r == nil || r.Value == nil {
		return
	}
	if isSensitive(r, map[*openapi3.Schema]bool{}) {
		*out = append(*out, memberNames(r.Value, map[*openapi3.Schema]bool{})...)
		return
	}
	b.sensitivePaths(r, "", map[*openapi3.Schema]bool{}, out)
}

// memberNames are the property names of an object schema and of its allOf
// members, sorted.
func memberNames(s *openapi3.Schema, seen map[*openapi3.Schema]bool) []string {
	if s == nil || seen[s] {
		return nil
	}
	seen[s] = true
	names := slices.Collect(maps.Keys(s.Properties))
	for _, m := range s.AllOf {
		if m != nil {
			names = append(names, memberNames(m.Value, seen)...)
		}
	}
	return sortedSet(names)
}

// sensitivePaths appends the paths under r, itself at path, whose values
// are sensitive. A sensitive value ends the walk: all of it is. stack
// holds the schemas being walked, so recursive schemas end.
func (b *builder) sensitivePaths(r *openapi3.SchemaRef, path string, stack map[*openapi3.Schema]bool, out *[]string) {
	if r == nil || r.Value == nil || !b.sens.reaches(r.Value) {
		return
	}
	if isSensitive(r, map[*openapi3.Schema]bool{}) {
		*out = append(*out, path)
		return
	}
	s := r.Value
	if stack[s] {
		return
	}
	stack[s] = true
	defer delete(stack, s)
	for _, name := range slices.Sorted(maps.Keys(s.Properties)) {
		b.sensitivePaths(s.Properties[name], member(path, name), stack, out)
	}
	if s.Items != nil {
		b.sensitivePaths(s.Items, path+"[]", stack, out)
	}
	if s.AdditionalProperties.Schema != nil {
		b.sensitivePaths(s.AdditionalProperties.Schema, member(path, "*"), stack, out)
	}
	for _, rs := range []openapi3.SchemaRefs{s.AllOf, s.AnyOf, s.OneOf} {
		for _, m := range rs {
			b.sensitivePaths(m, path, stack, out)
		}
	}
}

func member(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// isSensitive reports a schema marked x-sensitive, itself or through an
// allOf member (a $ref'd shape, or the annotation beside it).
func isSensitive(r *openapi3.SchemaRef, seen map[*openapi3.Schema]bool) bool {
	if r == nil || r.Value == nil || seen[r.Value] {
		return false
	}
	seen[r.Value] = true
	if on, _ := r.Value.Extensions[extSensitive].(bool); on {
		return true
	}
	return slices.ContainsFunc(r.Value.AllOf, func(m *openapi3.SchemaRef) bool { return isSensitive(m, seen) })
}

// sortedSet sorts and deduplicates, dropping empty strings.
func sortedSet(s []string) []string {
	s = slices.DeleteFunc(s, func(x string) bool { return strings.TrimSpace(x) == "" })
	slices.Sort(s)
	return slices.Compact(s)
}
