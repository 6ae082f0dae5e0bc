package tools

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/cognito-mcp/cognito-mcp/openapi"
	"github.com/cognito-mcp/cognito-mcp/registry"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// Control provides the openapi.* control tools: previewSpec, addSource,
// listSources and removeSource.
type Control struct {
	reg   *registry.Registry
	names NameStyle
	auth  AuthOptions // where secrets are read from, as calls read them
}

// NewControl makes the control tools of reg, named in the given style.
func NewControl(reg *registry.Registry, names NameStyle, auth AuthOptions) *Control {
	return &Control{reg: reg, names: names, auth: auth}
}

const specDescription = "The OpenAPI document: an http(s) URL to fetch, or the document text itself (OpenAPI 3.0/3.1 or Swagger 2.0, JSON or YAML). Local paths and file:// URLs work only for directories the server allows."

const filterDescription = "Entries match an operationId, a tool path or an MCP name; '*' is a wildcard."

var (
	previewSpecTool = openapi.Tool{
		Name:  "openapi_preview_spec",
		Path:  "openapi.previewSpec",
		Title: "previewSpec",
		Description: "Look at an OpenAPI document without changing anything: title, version, servers, security schemes, " +
			"operation count, the exact tools openapi_add_source would register (MCP names, tool paths, annotations, required inputs), " +
			"warnings (skipped operations, relative or templated servers needing baseUrl, shortened names) and how many bytes the tools would add to tools/list.",
		InputSchema: json.RawMessage(`{"type":"object","properties":{` +
			`"spec":{"type":"string","description":` + quote(specDescription) + `},` +
			`"namespace":{"type":"string","pattern":"^[a-z][a-z0-9]{0,15}$","description":"Namespace the tools would get (1-16 lowercase letters and digits, starting with a letter). Omitted: one is suggested from the title."},` +
			`"baseUrl":{"type":"string","description":"Base URL for calls, replacing the document's servers."},` +
			`"include":{"type":"array","items":{"type":"string"},"description":"Only these operations. ` + filterDescription + `"},` +
			`"exclude":{"type":"array","items":{"type":"string"},"description":"Leave these operations out. ` + filterDescription + `"}` +
			`},"required":["spec"],"additionalProperties":false}`),
		Annotations: openapi.Annotations{ReadOnly: true, Idempotent: true, OpenWorld: true},
	}
	addSourceTool = openapi.Tool{
		Name:  "openapi_add_source",
		Path:  "openapi.addSource",
		Title: "addSource",
		Description: "Add an OpenAPI document as a source: every operation becomes a tool named <namespace>_<operation>, registered at once, " +
			"and the source is saved so it survives a restart. Preview it first with openapi_preview_spec. " +
			"Secrets are never passed here: auth names an environment variable or file that holds each secret.",
		InputSchema: json.RawMessage(`{"type":"object","properties":{` +
			`"namespace":{"type":"string","pattern":"^[a-z][a-z0-9]{0,15}$","description":"Short name of the source, prefixing its tools: 1-16 lowercase letters and digits, starting with a letter, e.g. \"petstore\". \"openapi\" and \"cognito\" are reserved."},` +
			`"spec":{"type":"string","description":` + quote(specDescription) + `},` +
			`"baseUrl":{"type":"string","description":"Base URL for calls, e.g. https://api.example.com/v1, replacing the document's servers. Needed when the servers are relative or templated without defaults."},` +
			`"auth":{"type":"object","description":"Credentials per security scheme, keyed by the scheme name as the document declares it (see securitySchemes in the preview). Each value says where the secret comes from, never the secret itself: {\"env\": \"VAR\"} or {\"file\": \"/absolute/path\"}. apiKey: the key; http bearer, oauth2, openIdConnect: an access token; http basic: \"username:password\"; oauth2 with a client-credentials flow may instead use {\"clientId\": {\"env\": \"ID_VAR\"}, \"clientSecret\": {\"env\": \"SECRET_VAR\"}, \"scopes\": [\"...\"]}. Example: {\"api_key\": {\"env\": \"PETSTORE_API_KEY\"}}.",` +
			`"additionalProperties":{"type":"object","properties":{` +
			`"env":{"type":"string","description":"Environment variable holding the secret."},` +
			`"file":{"type":"string","description":"Absolute path of a file holding the secret."},` +
			`"clientId":{"type":"object","description":"oauth2 client credentials: where the client id comes from ({\"env\": ...} or {\"file\": ...})."},` +
			`"clientSecret":{"type":"object","description":"oauth2 client credentials: where the client secret comes from ({\"env\": ...} or {\"file\": ...})."},` +
			`"scopes":{"type":"array","items":{"type":"string"},"description":"oauth2 client credentials: scopes to request."}},` +
			`"additionalProperties":false}},` +
			`"headers":{"type":"object","additionalProperties":{"type":"string"},"description":"Extra headers sent with every call. Not for credentials: use auth."},` +
			`"include":{"type":"array","items":{"type":"string"},"description":"Only these operations. ` + filterDescription + `"},` +
			`"exclude":{"type":"array","items":{"type":"string"},"description":"Leave these operations out. ` + filterDescription + `"},` +
			`"replace":{"type":"boolean","description":"Replace an existing source with this namespace. Default false: an existing namespace is an error."}` +
			`},"required":["namespace","spec"],"additionalProperties":false}`),
		Annotations: openapi.Annotations{OpenWorld: true},
	}
	listSourcesTool = openapi.Tool{
		Name:        "openapi_list_sources",
		Path:        "openapi.listSources",
		Title:       "listSources",
		Description: "List the OpenAPI sources whose operations are tools: the embedded Cognito source and the added ones, with origin, tool count, base URL and auth references (never secrets), plus saved sources that failed to load.",
		InputSchema: json.RawMessage(`{"type":"object","properties":{},"additionalProperties":false}`),
		Annotations: openapi.Annotations{ReadOnly: true, Idempotent: true},
	}
	removeSourceTool = openapi.Tool{
		Name:        "openapi_remove_source",
		Path:        "openapi.removeSource",
		Title:       "removeSource",
		Description: "Remove an added source and all its tools, also from the saved state. The embedded Cognito source cannot be removed.",
		InputSchema: json.RawMessage(`{"type":"object","properties":{` +
			`"namespace":{"type":"string","description":"Namespace of the source to remove, as openapi_list_sources shows it."}` +
			`},"required":["namespace"],"additionalProperties":false}`),
		Annotations: openapi.Annotations{Destructive: true, Idempotent: true},
	}
)

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// Tools returns the control tools; readOnly leaves out addSource and
// removeSource.
func (c *Control) Tools(readOnly bool) []server.ServerTool {
	all := []struct {
		def     *openapi.Tool
		handler server.ToolHandlerFunc
	}{
		{&addSourceTool, c.addSource},
		{&listSourcesTool, c.listSources},
		{&previewSpecTool, c.previewSpec},
		{&removeSourceTool, c.removeSource},
	}
	var out []server.ServerTool
	for _, t := range all {
		if readOnly && !t.def.Annotations.ReadOnly {
			continue
		}
		out = append(out, server.ServerTool{Tool: MCPTool(t.def, c.names), Handler: t.handler})
	}
	return out
}

// decodeArgs turns the call's arguments into v, naming the problem but no value.
func decodeArgs(req mcp.CallToolRequest, v any) error {
	raw, err := json.Marshal(req.GetArguments())
	if err != nil {
		return fmt.Errorf("arguments are not JSON: %v", err)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return fmt.Errorf("argument %q has the wrong type: want %s", te.Field, jsonKind(te.Type.Kind().String()))
		}
		return fmt.Errorf("arguments do not match the input schema: %v", err)
	}
	return nil
}

func jsonKind(k string) string {
	switch k {
	case "slice":
		return "a list"
	case "map", "struct":
		return "an object"
	case "bool":
		return "a boolean"
	}
	return "a " + k
}

func controlError(format string, a ...any) *mcp.CallToolResult {
	return mcp.NewToolResultError(fmt.Sprintf(format, a...))
}

func structured(v any) *mcp.CallToolResult {
	text, err := json.Marshal(v)
	if err != nil {
		return controlError("internal error: result not JSON: %v", err)
	}
	return mcp.NewToolResultStructured(v, string(text))
}

type previewArgs struct {
	Spec      string   `json:"spec"`
	Namespace string   `json:"namespace"`
	BaseURL   string   `json:"baseUrl"`
	Include   []string `json:"include"`
	Exclude   []string `json:"exclude"`
}

func (c *Control) previewSpec(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
	var a previewArgs
	if err := decodeArgs(req, &a); err != nil {
		return controlError("previewSpec: %v", err), nil
	}
	res, err := c.reg.Preview(ctx, registry.PreviewRequest{
		Spec:      a.Spec,
		Namespace: a.Namespace,
		BaseURL:   a.BaseURL,
		Include:   a.Include,
		Exclude:   a.Exclude,
	})
	if err != nil {
		return controlError("%v", err), nil
	}
	res.ToolsListBytes = ToolsListBytes(res.Catalog, c.names)
	if c.names == PathNames {
		for i := range res.Tools {
			res.Tools[i].Name = string(res.Tools[i].Path)
		}
	}
	return structured(res), nil
}

// ToolsListBytes is how many bytes the catalog's tools add to a tools/list
// answer: their MCP definitions as JSON, with separating commas.
func ToolsListBytes(cat *openapi.Catalog, names NameStyle) int {
	n := 0
	for i := range cat.Tools {
		b, err := json.Marshal(MCPTool(&cat.Tools[i], names))
		if err == nil {
			n += len(b) + 1
		}
	}
	return n
}

type addArgs struct {
	Namespace string                     `json:"namespace"`
	Spec      string                     `json:"spec"`
	BaseURL   string                     `json:"baseUrl"`
	Auth      map[string]json.RawMessage `json:"auth"`
	Headers   map[string]string          `json:"headers"`
	Include   []string                   `json:"include"`
	Exclude   []string                   `json:"exclude"`
	Replace   bool                       `json:"replace"`
}

func (c *Control) addSource(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
	var a addArgs
	if err := decodeArgs(req, &a); err != nil {
		return controlError("addSource: %v", err), nil
	}
	if a.Namespace == "" || a.Spec == "" {
		return controlError("addSource: namespace and spec are required"), nil
	}
	auth := map[string]registry.SecretRef{}
	for _, name := range slices.Sorted(maps.Keys(a.Auth)) {
		var ref registry.SecretRef
		if err := ref.UnmarshalJSON(a.Auth[name]); err != nil {
			return controlError("addSource: auth %q: %v", name, err), nil
		}
		auth[name] = ref
	}
	res, err := c.reg.Add(ctx, registry.AddRequest{
		Namespace: a.Namespace,
		Spec:      a.Spec,
		BaseURL:   a.BaseURL,
		Auth:      auth,
		Headers:   a.Headers,
		Include:   a.Include,
		Exclude:   a.Exclude,
		Replace:   a.Replace,
	})
	if err != nil {
		return controlError("%v", err), nil
	}
	// The registry's answer, with the names as clients see them and a
	// warning for each secret that cannot be read yet.
	out := *res
	out.Tools = out.Tools[:0:0]
	for i := range res.Source.Catalog.Tools {
		out.Tools = append(out.Tools, c.names.Name(&res.Source.Catalog.Tools[i]))
	}
	out.Warnings = slices.Clone(res.Warnings)
	for _, name := range slices.Sorted(maps.Keys(auth)) {
		if w := c.missingSecret(auth[name]); w != "" {
			out.Warnings = append(out.Warnings, fmt.Sprintf("auth %q: %s; calls go without it until it is", name, w))
		}
	}
	return structured(out), nil
}

// missingSecret says when a reference cannot be read now, without the
// secret, reading it the way calls will.
func (c *Control) missingSecret(ref registry.SecretRef) string {
	a := NewAuthorizer(nil, nil, c.auth)
	check := func(r *registry.SecretRef) string {
		if _, err := a.read(*r); err != nil {
			return strings.TrimSuffix(err.Error(), ": "+errNotConfigured.Error())
		}
		return ""
	}
	if ref.IsClientCredentials() {
		if w := check(ref.ClientID); w != "" {
			return w
		}
		return check(ref.ClientSecret)
	}
	return check(&ref)
}

// sourceInfo is one source as listSources shows it.
type sourceInfo struct {
	Namespace string                        `json:"namespace"`
	Origin    string                        `json:"origin"`
	Builtin   bool                          `json:"builtin,omitempty"`
	Title     string                        `json:"title"`
	Version   string                        `json:"version"`
	ToolCount int                           `json:"toolCount"`
	BaseURL   string                        `json:"baseUrl,omitempty"`
	Auth      map[string]registry.SecretRef `json:"auth,omitempty"`
	Headers   []string                      `json:"headers,omitempty"`
	Include   []string                      `json:"include,omitempty"`
	Exclude   []string                      `json:"exclude,omitempty"`
	AddedAt   *time.Time                    `json:"addedAt,omitempty"`
}

type listResult struct {
	Sources  []sourceInfo       `json:"sources"`
	Problems []registry.Problem `json:"problems,omitempty"`
	StateDir string             `json:"stateDir"`
}

func (c *Control) listSources(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
	snap := c.reg.Snapshot()
	out := listResult{Sources: []sourceInfo{}, Problems: snap.Problems, StateDir: c.reg.Dir()}
	for _, s := range snap.Sources {
		info := sourceInfo{
			Namespace: s.Namespace,
			Origin:    s.Origin,
			Builtin:   s.Builtin,
			Title:     s.Catalog.Title,
			Version:   s.Catalog.Version,
			ToolCount: len(s.Catalog.Tools),
			BaseURL:   s.BaseURL,
			Auth:      s.Config.Auth,
			Headers:   slices.Sorted(maps.Keys(s.Config.Headers)),
			Include:   s.Config.Include,
			Exclude:   s.Config.Exclude,
		}
		if !s.AddedAt.IsZero() {
			t := s.AddedAt
			info.AddedAt = &t
		}
		out.Sources = append(out.Sources, info)
	}
	return structured(out), nil
}

type removeArgs struct {
	Namespace string `json:"namespace"`
}

func (c *Control) removeSource(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
	var a removeArgs
	if err := decodeArgs(req, &a); err != nil {
		return controlError("removeSource: %v", err), nil
	}
	if a.Namespace == "" {
		return controlError("removeSource: namespace is required; list the sources with openapi_list_sources"), nil
	}
	n := 0
	if s := c.reg.Snapshot().Source(a.Namespace); s != nil {
		n = len(s.Catalog.Tools)
	}
	if err := c.reg.Remove(ctx, a.Namespace); err != nil {
		return controlError("%v", err), nil
	}
	return structured(map[string]any{"namespace": a.Namespace, "removed": true, "toolCount": n}), nil
}
