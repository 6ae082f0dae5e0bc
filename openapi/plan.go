package openapi

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// locationOrder ranks parameter locations: when two share a name, the one
// ranked first keeps it as its argument name.
var locationOrder = map[Location]int{InPath: 0, InQuery: 1, InHeader: 2, InCookie: 3}

// ignoredHeaders are header parameters OpenAPI says to ignore: the client
// sets them from the request itself.
var ignoredHeaders = map[string]bool{"accept": true, "content-type": true, "authorization": true}

// plan builds the request plan and the input schema of an operation.
func (b *builder) plan(o *operation) (Plan, *schemaTree, error) {
	p := Plan{
		OperationID: o.op.OperationID,
		Method:      o.method,
		Path:        wirePath(o.path),
		Servers:     b.effectiveServers(o),
	}
	// The plan always says exactly what the operation needs: its own
	// requirements, else the document's default, else nothing (an empty
	// list, so no credential of the source goes with it).
	reqs := b.doc.Security
	if o.op.Security != nil {
		reqs = *o.op.Security
	}
	p.Security = make([]SecurityRequirement, 0, len(reqs))
	for _, req := range reqs {
		p.Security = append(p.Security, SecurityRequirement(maps.Clone(map[string][]string(req))))
	}

	b.in.root()
	var supplied []*openapi3.Parameter
	for _, prm := range b.parameters(o) {
		if h, ok := fixedHeader(prm); ok {
			p.Headers = append(p.Headers, h)
			continue
		}
		supplied = append(supplied, prm)
	}
	aws := b.awsOf(o, p.Headers)
	if aws != nil {
		supplied = dropBodyEchoes(o, supplied)
	}
	for _, prm := range supplied {
		p.Params = append(p.Params, newParam(prm))
	}
	assignArgs(p.Params)
	props := map[string]any{}
	var required []string
	for i, prm := range supplied {
		arg := p.Params[i].Arg
		schema := b.in.ref(paramSchema(prm), string(o.toolPath)+" "+prm.Name, 0)
		if d := plainText(prm.Description); d != "" {
			schema["description"] = joinText(d, strDesc(schema))
		}
		if prm.Deprecated {
			schema["deprecated"] = true
		}
		props[arg] = schema
		if p.Params[i].Required {
			required = append(required, arg)
		}
	}

	p.Body = b.body(o, aws, props, &required)
	p.AWS = aws

	top := map[string]any{
		"type":                 "object",
		"properties":           props,
		"additionalProperties": false,
	}
	if len(required) > 0 {
		slices.Sort(required)
		top["required"] = slices.Compact(required)
	}
	tree, err := b.in.tree(top)
	if err != nil {
		return Plan{}, nil, fmt.Errorf("input schema: %v", err)
	}
	return p, tree, nil
}

// dropBodyEchoes leaves out the query parameters of an AWS JSON operation
// that repeat a property of its request body. Converted AWS documents
// declare the paginator's fields (MaxResults, NextToken, Limit,
// PaginationToken) as query parameters too, but the JSON protocol reads
// only the body: kept, they would push the whole body under one "body"
// argument and offer a NextToken the service never sees.
func dropBodyEchoes(o *operation, params []*openapi3.Parameter) []*openapi3.Parameter {
	if o.op.RequestBody == nil || o.op.RequestBody.Value == nil {
		return params
	}
	mt, _ := pickMediaType(o.op.RequestBody.Value.Content)
	if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
		return params
	}
	props := mt.Schema.Value.Properties
	return slices.DeleteFunc(params, func(prm *openapi3.Parameter) bool {
		return prm.In == openapi3.ParameterInQuery && props[prm.Name] != nil
	})
}

// newParam describes a parameter, with Style and Explode defaults filled
// in per OpenAPI 3: form and exploded for query and cookie, simple and not
// exploded for path and header.
func newParam(prm *openapi3.Parameter) Param {
	loc := Location(prm.In)
	param := Param{
		Name:     prm.Name,
		In:       loc,
		Required: prm.Required || loc == InPath,
		Style:    prm.Style,
		Type:     paramType(prm),
	}
	if param.Style == "" {
		param.Style = "simple"
		if loc == InQuery || loc == InCookie {
			param.Style = "form"
		}
	}
	param.Explode = param.Style == "form"
	if prm.Explode != nil {
		param.Explode = *prm.Explode
	}
	return param
}

// strDesc is a converted schema's description, or "".
func strDesc(schema map[string]any) string {
	s, _ := schema["description"].(string)
	return s
}

// parameters are the operation's parameters merged over the path item's
// (same name and location: the operation wins), in document order, less
// those the caller never supplies: AWS signing parameters, headers OpenAPI
// says to ignore, and parameters a security scheme fills in.
func (b *builder) parameters(o *operation) []*openapi3.Parameter {
	covered := b.covered(o)
	var out []*openapi3.Parameter
	seen := map[string]bool{}
	for _, ps := range []openapi3.Parameters{o.op.Parameters, o.item.Parameters} {
		for _, r := range ps {
			if r == nil || r.Value == nil {
				continue
			}
			prm := r.Value
			key := prm.In + ":" + prm.Name
			if seen[key] {
				continue
			}
			seen[key] = true
			lower := strings.ToLower(prm.Name)
			switch {
			case signingNames[lower]:
			case prm.In == openapi3.ParameterInHeader && ignoredHeaders[lower]:
			case covered[prm.In+":"+lower]:
			default:
				out = append(out, prm)
			}
		}
	}
	// Operation parameters came first to win the merge; document order
	// puts the path item's first.
	var opFirst, itemLater []*openapi3.Parameter
	for _, prm := range out {
		if slices.ContainsFunc(o.op.Parameters, func(r *openapi3.ParameterRef) bool { return r != nil && r.Value == prm }) {
			opFirst = append(opFirst, prm)
		} else {
			itemLater = append(itemLater, prm)
		}
	}
	return append(itemLater, opFirst...)
}

// covered are the parameters, as "in:name" lowercased, that an apiKey
// scheme of the operation's security requirements fills in.
func (b *builder) covered(o *operation) map[string]bool {
	reqs := b.doc.Security
	if o.op.Security != nil {
		reqs = *o.op.Security
	}
	out := map[string]bool{}
	for _, req := range reqs {
		for name := range req {
			if p, ok := b.apiKeys[name]; ok {
				out[p] = true
			}
		}
	}
	return out
}

// fixedHeader reports a required header with exactly one allowed value
// (enum or const): the plan sends it, the model never sees it.
func fixedHeader(prm *openapi3.Parameter) (Header, bool) {
	if prm.In != openapi3.ParameterInHeader || !prm.Required {
		return Header{}, false
	}
	s := paramSchema(prm)
	if s == nil || s.Value == nil {
		return Header{}, false
	}
	switch {
	case len(s.Value.Enum) == 1 && s.Value.Enum[0] != nil:
		return Header{Name: prm.Name, Value: fmt.Sprint(s.Value.Enum[0])}, true
	case s.Value.Const != nil:
		return Header{Name: prm.Name, Value: fmt.Sprint(s.Value.Const)}, true
	}
	return Header{}, false
}

// paramSchema is the parameter's schema, or that of its content.
func paramSchema(prm *openapi3.Parameter) *openapi3.SchemaRef {
	if prm.Schema != nil {
		return prm.Schema
	}
	if mt, _ := pickMediaType(prm.Content); mt != nil {
		return mt.Schema
	}
	return nil
}

// paramType is the parameter schema's type without "null".
func paramType(prm *openapi3.Parameter) string {
	s := paramSchema(prm)
	if s == nil || s.Value == nil {
		return ""
	}
	if s.Value.Type != nil {
		for _, t := range *s.Value.Type {
			if t != "null" {
				return t
			}
		}
	}
	switch {
	case s.Value.Items != nil:
		return "array"
	case len(s.Value.Properties) > 0:
		return "object"
	}
	return ""
}

// assignArgs names the argument of every parameter: its own name, unless a
// parameter in a higher-ranked location has it; then "<name>_<in>".
func assignArgs(params []Param) {
	order := make([]int, len(params))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(x, y int) int { return locationOrder[params[x].In] - locationOrder[params[y].In] })
	used := map[string]bool{}
	for _, i := range order {
		arg := params[i].Name
		if used[arg] {
			arg = params[i].Name + "_" + string(params[i].In)
			for n := 2; used[arg]; n++ {
				arg = fmt.Sprintf("%s_%s%d", params[i].Name, params[i].In, n)
			}
		}
		used[arg] = true
		params[i].Arg = arg
	}
}

// pickMediaType chooses the media type to send or read: application/json,
// then any +json, then form, then multipart, then the first by name.
func pickMediaType(content openapi3.Content) (*openapi3.MediaType, string) {
	if len(content) == 0 {
		return nil, ""
	}
	names := slices.Sorted(maps.Keys(content))
	rank := func(n string) int {
		n = strings.ToLower(strings.TrimSpace(strings.SplitN(n, ";", 2)[0]))
		switch {
		case n == "application/json":
			return 0
		case strings.HasSuffix(n, "+json") || strings.HasPrefix(n, "application/x-amz-json"):
			return 1
		case n == "application/x-www-form-urlencoded":
			return 2
		case n == "multipart/form-data":
			return 3
		}
		return 4
	}
	slices.SortStableFunc(names, func(a, b string) int { return rank(a) - rank(b) })
	return content[names[0]], strings.TrimSpace(strings.SplitN(names[0], ";", 2)[0])
}

// body adds the request body to the input: an object's properties
// flattened into the arguments when none collides with a parameter,
// otherwise one "body" argument.
func (b *builder) body(o *operation, aws *AWS, props map[string]any, required *[]string) *Body {
	var rb *openapi3.RequestBody
	if o.op.RequestBody != nil {
		rb = o.op.RequestBody.Value
	}
	if rb == nil && aws == nil {
		return nil
	}
	body := &Body{}
	var schema *openapi3.SchemaRef
	if rb != nil {
		body.Required = rb.Required
		mt, name := pickMediaType(rb.Content)
		body.MediaType = name
		if mt != nil {
			schema = mt.Schema
		}
	}
	if aws != nil {
		body.MediaType = "application/x-amz-json-" + aws.JSONVersion
	}
	if body.MediaType == "" {
		body.MediaType = "application/json"
	}
	where := string(o.toolPath) + " body"
	if schema == nil || schema.Value == nil {
		if rb == nil {
			return body // AWS JSON with no input: the body is {}
		}
		schema = &openapi3.SchemaRef{Value: &openapi3.Schema{}}
	}
	if flat := b.flatten(schema.Value, body.MediaType, where, props); flat != nil {
		fprops, _ := flat["properties"].(map[string]any)
		for _, name := range slices.Sorted(maps.Keys(fprops)) {
			props[name] = fprops[name]
			body.Props = append(body.Props, name)
		}
		if req, ok := flat["required"].([]string); ok && body.Required {
			*required = append(*required, req...)
		}
		return body
	}
	body.Arg = "body"
	for n := 2; props[body.Arg] != nil; n++ {
		body.Arg = fmt.Sprintf("body%d", n)
	}
	s := b.in.ref(schema, where, 0)
	if d := plainText(rb.Description); d != "" {
		s["description"] = joinText(d, strDesc(s))
	}
	props[body.Arg] = s
	if body.Required {
		*required = append(*required, body.Arg)
	}
	return body
}

// flatten converts an object body whose properties can become top-level
// arguments, or returns nil: the body must be a JSON or form object with
// properties (possibly none), no composition, no additional properties,
// and no property named like a parameter argument.
func (b *builder) flatten(s *openapi3.Schema, mediaType, where string, props map[string]any) map[string]any {
	structured := mediaType == "application/json" || strings.HasSuffix(mediaType, "+json") ||
		strings.HasPrefix(mediaType, "application/x-amz-json") ||
		mediaType == "application/x-www-form-urlencoded" || mediaType == "multipart/form-data"
	if !structured || !isObject(s) || s.Properties == nil && s.Type == nil ||
		len(s.AllOf)+len(s.AnyOf)+len(s.OneOf) > 0 || s.Not != nil || s.If != nil ||
		s.AdditionalProperties.Schema != nil || (s.AdditionalProperties.Has != nil && *s.AdditionalProperties.Has) ||
		len(s.PatternProperties) > 0 || s.Nullable {
		return nil
	}
	for name := range s.Properties {
		if _, ok := props[name]; ok {
			return nil
		}
	}
	return b.in.value(s, where, 0)
}
