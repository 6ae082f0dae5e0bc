package botocore

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// firstErrorStatus is the made-up status code of an operation's first
// error response; the others follow in the model's order, as APIs.guru
// numbers them.
const firstErrorStatus = 480

// signingParams are the SigV4 parameters every path declares, in the order
// APIs.guru declares them. The signer sets them; the loader drops them.
var signingParams = []string{
	"X-Amz-Content-Sha256", "X-Amz-Date", "X-Amz-Algorithm", "X-Amz-Credential",
	"X-Amz-Security-Token", "X-Amz-Signature", "X-Amz-SignedHeaders",
}

// noAuth is the Smithy auth scheme of operations served without SigV4.
const noAuth = "smithy.api#noAuth"

// Convert turns a botocore service model (service-2.json) of an AWS JSON
// protocol service, with its paginators (paginators-1.json; nil when the
// service has none), into an OpenAPI 3.0 document, as indented JSON.
//
// It fails when the model is not JSON, is not an AWS JSON protocol model,
// lacks its targetPrefix or endpointPrefix, refers to a shape it does not
// define, or when a paginator names an operation or token the model lacks.
func Convert(model, paginators []byte) ([]byte, error) {
	m, err := parseModel(model)
	if err != nil {
		return nil, err
	}
	pages, err := parsePaginators(paginators, m)
	if err != nil {
		return nil, err
	}
	doc := document(m, pages)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "\t")
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("botocore: encode the document: %w", err)
	}
	return buf.Bytes(), nil
}

// parseModel decodes and checks a service model.
func parseModel(data []byte) (*model, error) {
	var m model
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("botocore: parse the service model: %w", err)
	}
	md := m.Metadata
	if md.Protocol != "json" && !slices.Contains(md.Protocols, "json") {
		return nil, fmt.Errorf("botocore: the model's protocol is %q; only AWS JSON (protocol json) models convert", md.Protocol)
	}
	if md.TargetPrefix == "" || md.EndpointPrefix == "" {
		return nil, errors.New("botocore: the model's metadata lacks targetPrefix or endpointPrefix; is this a service-2.json?")
	}
	if len(m.Operations) == 0 {
		return nil, errors.New("botocore: the model has no operations")
	}
	check := func(where string, r *member) error {
		if r == nil {
			return nil
		}
		if _, ok := m.Shapes[r.Shape]; !ok {
			return fmt.Errorf("botocore: %s refers to shape %q, which the model does not define", where, r.Shape)
		}
		return nil
	}
	for _, name := range slices.Sorted(maps.Keys(m.Operations)) {
		op := m.Operations[name]
		if method := op.HTTP.Method; method != "" && method != "POST" {
			return nil, fmt.Errorf("botocore: operation %s uses %s; AWS JSON operations are POST", name, method)
		}
		if strings.ContainsAny(op.Endpoint.HostPrefix, "{}") {
			return nil, fmt.Errorf("botocore: operation %s puts input members into its host (%q); host labels are not supported", name, op.Endpoint.HostPrefix)
		}
		refs := append([]*member{op.Input, op.Output}, ptrs(op.Errors)...)
		for _, r := range refs {
			if err := check("operation "+name, r); err != nil {
				return nil, err
			}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(m.Shapes)) {
		s := m.Shapes[name]
		if _, ok := schemaTypes[s.Type]; !ok {
			return nil, fmt.Errorf("botocore: shape %s has type %q, which AWS JSON does not use", name, s.Type)
		}
		for _, mn := range slices.Sorted(maps.Keys(s.Members)) {
			r := s.Members[mn]
			if err := check("shape "+name+" member "+mn, &r); err != nil {
				return nil, err
			}
		}
		for _, r := range []*member{s.Member, s.Key, s.Value} {
			if err := check("shape "+name, r); err != nil {
				return nil, err
			}
		}
		for _, req := range s.Required {
			if _, ok := s.Members[req]; !ok {
				return nil, fmt.Errorf("botocore: shape %s requires %s, which is not one of its members", name, req)
			}
		}
	}
	return &m, nil
}

func ptrs(ms []member) []*member {
	out := make([]*member, len(ms))
	for i := range ms {
		out[i] = &ms[i]
	}
	return out
}

// parsePaginators decodes paginators-1.json and checks it against the model.
func parsePaginators(data []byte, m *model) (map[string]paginator, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil
	}
	var p paginators
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, fmt.Errorf("botocore: parse the paginators: %w", err)
	}
	for _, name := range slices.Sorted(maps.Keys(p.Pagination)) {
		pg := p.Pagination[name]
		op, ok := m.Operations[name]
		if !ok {
			return nil, fmt.Errorf("botocore: the paginators name operation %s, which the model does not define; are they the same service and version?", name)
		}
		if len(pg.InputToken) == 0 || len(pg.InputToken) != len(pg.OutputToken) {
			return nil, fmt.Errorf("botocore: paginator %s: want as many output tokens as input tokens, at least one", name)
		}
		var input shape
		if op.Input != nil {
			input = m.Shapes[op.Input.Shape]
		}
		for _, tok := range append(slices.Clone(pg.InputToken), pg.LimitKey) {
			if _, ok := input.Members[tok]; tok != "" && !ok {
				return nil, fmt.Errorf("botocore: paginator %s: %s is not a member of the operation's input", name, tok)
			}
		}
	}
	return p.Pagination, nil
}

// document builds the OpenAPI document as maps and slices, which
// encoding/json writes with sorted keys.
func document(m *model, pages map[string]paginator) map[string]any {
	md := m.Metadata
	mediaType := "application/x-amz-json-" + firstOf(md.JSONVersion, "1.0")
	title := firstOf(md.ServiceFullName, md.ServiceID, md.EndpointPrefix)
	info := map[string]any{
		"title":              title,
		"version":            md.APIVersion,
		"x-serviceName":      md.EndpointPrefix,
		"x-aws-signing-name": firstOf(md.SigningName, md.EndpointPrefix),
	}
	if m.Documentation != "" {
		info["description"] = m.Documentation
	}

	inputs := map[string]bool{}
	paths := map[string]any{}
	for name, op := range m.Operations {
		if op.Input != nil {
			inputs[op.Input.Shape] = true
		}
		pg, paged := pages[name]
		o := operationObject(md.TargetPrefix, name, op, mediaType, pg, paged)
		if op.Endpoint.HostPrefix != "" {
			o["servers"] = servers(md, op.Endpoint.HostPrefix, title)
		}
		paths["/#X-Amz-Target="+md.TargetPrefix+"."+name] = map[string]any{
			"post":       o,
			"parameters": signingRefs(),
		}
	}

	schemas := map[string]any{}
	for name, s := range m.Shapes {
		schemas[name] = schemaOf(name, s, inputs[name])
	}
	params := map[string]any{}
	for _, p := range signingParams {
		params[p] = map[string]any{
			"name":     p,
			"in":       "header",
			"required": false,
			"schema":   map[string]any{"type": "string"},
		}
	}
	return map[string]any{
		"openapi":              "3.0.0",
		"info":                 info,
		"servers":              servers(md, "", title),
		"x-hasEquivalentPaths": true,
		"paths":                paths,
		"components": map[string]any{
			"parameters": params,
			"securitySchemes": map[string]any{
				"hmac": map[string]any{
					"type":                         "apiKey",
					"name":                         "Authorization",
					"in":                           "header",
					"description":                  "Amazon Signature authorization v4",
					"x-amazon-apigateway-authtype": "awsSigv4",
				},
			},
			"schemas": schemas,
		},
		"security": []any{map[string]any{"hmac": []any{}}},
	}
}

// servers are the service's regional endpoints in the aws and aws-cn
// partitions, always https, with an operation's host prefix if it has one.
func servers(md metadata, hostPrefix, title string) []any {
	server := func(domain, region, desc string) map[string]any {
		return map[string]any{
			"url": "https://" + hostPrefix + md.EndpointPrefix + ".{region}." + domain,
			"variables": map[string]any{
				"region": map[string]any{"description": "The AWS region", "default": region},
			},
			"description": desc,
		}
	}
	return []any{
		server("amazonaws.com", "us-east-1", "The "+title+" regional endpoint"),
		server("amazonaws.com.cn", "cn-north-1", "The "+title+" endpoint for China (Beijing) and China (Ningxia)"),
	}
}

// signingRefs are the path item's references to the SigV4 parameters.
func signingRefs() []any {
	out := make([]any, len(signingParams))
	for i, p := range signingParams {
		out[i] = ref("parameters", p)
	}
	return out
}

// operationObject is one operation: its X-Amz-Target header, body,
// responses and extensions.
func operationObject(prefix, name string, op operation, mediaType string, pg paginator, paged bool) map[string]any {
	content := func(shape string) map[string]any {
		return map[string]any{mediaType: map[string]any{"schema": ref("schemas", shape)}}
	}
	success := map[string]any{"description": "Success"}
	if op.Output != nil {
		success["content"] = content(op.Output.Shape)
	}
	responses := map[string]any{"200": success}
	for i, e := range op.Errors {
		responses[fmt.Sprint(firstErrorStatus+i)] = map[string]any{
			"description": e.Shape,
			"content":     content(e.Shape),
		}
	}
	o := map[string]any{
		"operationId": name,
		"responses":   responses,
		"parameters": []any{map[string]any{
			"name":     "X-Amz-Target",
			"in":       "header",
			"required": true,
			"schema":   map[string]any{"type": "string", "enum": []any{prefix + "." + name}},
		}},
	}
	if desc := withDeprecation(op.Documentation, op.DeprecatedMessage); desc != "" {
		o["description"] = desc
	}
	if op.Deprecated {
		o["deprecated"] = true
	}
	if op.Input != nil {
		o["requestBody"] = map[string]any{"required": true, "content": content(op.Input.Shape)}
	} else {
		// AWS JSON sends {} for an operation without input; the media type
		// also tells the loader the JSON version.
		o["requestBody"] = map[string]any{"content": map[string]any{mediaType: map[string]any{"schema": map[string]any{"type": "object"}}}}
	}
	if unsigned(op) {
		o["security"] = []any{}
		o["x-aws-unsigned"] = true
	}
	if paged {
		p := map[string]any{
			"inputToken":  []string(pg.InputToken),
			"outputToken": []string(pg.OutputToken),
		}
		if pg.LimitKey != "" {
			p["limitKey"] = pg.LimitKey
		}
		if len(pg.ResultKey) > 0 {
			p["resultKey"] = []string(pg.ResultKey)
		}
		if pg.MoreResults != "" {
			p["moreResults"] = pg.MoreResults
		}
		o["x-aws-pagination"] = p
	}
	return o
}

// unsigned reports an operation AWS serves without SigV4: its only auth
// scheme is smithy.api#noAuth, or (older models) its authtype is none.
func unsigned(op operation) bool {
	if len(op.Auth) > 0 {
		return len(op.Auth) == 1 && op.Auth[0] == noAuth
	}
	return op.AuthType == "none"
}

func ref(kind, name string) map[string]any {
	return map[string]any{"$ref": "#/components/" + kind + "/" + name}
}

// firstOf returns the first non-empty string.
func firstOf(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// withDeprecation appends a deprecation message to documentation.
func withDeprecation(doc, msg string) string {
	if msg == "" {
		return doc
	}
	return strings.TrimSpace(doc + " <p>Deprecated: " + msg + "</p>")
}
