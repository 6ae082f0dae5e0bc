package openapi

import (
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// effectiveServers are the operation's servers, else the path item's,
// else the document's.
func (b *builder) effectiveServers(o *operation) []Server {
	switch {
	case o.op.Servers != nil && len(*o.op.Servers) > 0:
		return b.servers(*o.op.Servers)
	case len(o.item.Servers) > 0:
		return b.servers(o.item.Servers)
	}
	return b.servers(b.doc.Servers)
}

// servers converts servers, warning about URL variables with no definition.
func (b *builder) servers(ss openapi3.Servers) []Server {
	var out []Server
	for _, s := range ss {
		if s == nil {
			continue
		}
		srv := Server{URL: s.URL, Description: plainText(s.Description)}
		for _, name := range slices.Sorted(maps.Keys(s.Variables)) {
			v := s.Variables[name]
			if v == nil {
				continue
			}
			srv.Variables = append(srv.Variables, ServerVariable{Name: name, Default: v.Default, Enum: slices.Clone(v.Enum)})
		}
		for rest := s.URL; ; {
			i := strings.IndexByte(rest, '{')
			j := strings.IndexByte(rest, '}')
			if i < 0 || j < i {
				break
			}
			if name := rest[i+1 : j]; s.Variables[name] == nil {
				b.warn(fmt.Sprintf("server %s: variable {%s} has no definition; the caller must supply the URL", s.URL, name))
			}
			rest = rest[j+1:]
		}
		out = append(out, srv)
	}
	return out
}

// securitySchemes converts the document's schemes and notes which
// parameters they fill in.
func (b *builder) securitySchemes() []SecurityScheme {
	if b.doc.Components == nil {
		return nil
	}
	var out []SecurityScheme
	schemes := b.doc.Components.SecuritySchemes
	for _, name := range slices.Sorted(maps.Keys(schemes)) {
		r := schemes[name]
		if r == nil || r.Value == nil {
			continue
		}
		s := r.Value
		ss := SecurityScheme{
			Name:        name,
			Type:        SchemeKind(s.Type),
			Scheme:      HTTPScheme(strings.ToLower(s.Scheme)),
			Description: plainText(s.Description),
		}
		if ss.Type == SchemeAPIKey {
			ss.In, ss.Param = s.In, s.Name
			b.apiKeys[name] = s.In + ":" + strings.ToLower(s.Name)
		}
		if s.Flows != nil && s.Flows.ClientCredentials != nil {
			ss.TokenURL = s.Flows.ClientCredentials.TokenURL
		}
		if v, _ := s.Extensions["x-amazon-apigateway-authtype"].(string); strings.EqualFold(v, "awsSigv4") {
			ss.AWSSigV4 = true
			b.sigV4 = true
		}
		out = append(out, ss)
	}
	return out
}

// awsOf recognises an AWS JSON protocol operation: a fixed X-Amz-Target
// header, and an amazonaws.com server or a SigV4 security scheme.
func (b *builder) awsOf(o *operation, headers []Header) *AWS {
	var target string
	for _, h := range headers {
		if strings.EqualFold(h.Name, "X-Amz-Target") {
			target = h.Value
		}
	}
	if target == "" {
		return nil
	}
	var signing string
	for _, s := range b.effectiveServers(o) {
		if host := serverHost(s.URL); strings.HasSuffix(host, ".amazonaws.com") || strings.HasSuffix(host, ".amazonaws.com.cn") {
			signing = host[:strings.IndexByte(host, '.')]
			break
		}
	}
	if signing == "" && !b.sigV4 {
		return nil
	}
	if signing == "" && b.doc.Info != nil {
		signing, _ = b.doc.Info.Extensions["x-serviceName"].(string)
	}
	version := "1.1"
	if o.op.RequestBody != nil && o.op.RequestBody.Value != nil {
		for name := range o.op.RequestBody.Value.Content {
			if v, ok := strings.CutPrefix(name, "application/x-amz-json-"); ok {
				version = v
			}
		}
	}
	return &AWS{Target: target, SigningName: signing, JSONVersion: version}
}

// serverHost is the lowercased host of a server URL, variables left as
// written ("cognito-idp.{region}.amazonaws.com").
func serverHost(raw string) string {
	rest := raw
	if i := strings.Index(rest, "://"); i >= 0 {
		rest = rest[i+3:]
	} else {
		return ""
	}
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.LastIndexByte(rest, '@'); i >= 0 {
		rest = rest[i+1:]
	}
	if h, _, ok := strings.Cut(rest, ":"); ok && !strings.Contains(h, "[") {
		rest = h
	}
	if u, err := url.PathUnescape(rest); err == nil {
		rest = u
	}
	return strings.ToLower(rest)
}
