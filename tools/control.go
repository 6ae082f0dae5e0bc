package tools

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/cognito-mcp/cognito-mcp/inventory"
	"github.com/cognito-mcp/cognito-mcp/openapi"
	"github.com/cognito-mcp/cognito-mcp/registry"
	"github.com/cognito-mcp/cognito-mcp/sourceauth"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// Control provides the openapi.* control tools: previewSpec, addSource,
// listSources and removeSource.
type Control struct {
	reg       *registry.Registry
	inv       inventory.Options  // which tools are served, to count a preview's bytes
	auth      sourceauth.Options // where secrets are read from, as calls read them
	maxResult int                // cap on a result's text, as for calls
}

// NewControl makes the control tools of reg; inv says which tools are
// served and under which names.
func NewControl(reg *registry.Registry, inv inventory.Options, auth sourceauth.Options) *Control {
	return &Control{reg: reg, inv: inv, auth: auth, maxResult: DefaultMaxResultBytes}
}

// ControlTools are the definitions of the control tools, sorted by name.
func ControlTools() []*openapi.Tool {
	return []*openapi.Tool{&addSourceTool, &listSourcesTool, &previewSpecTool, &removeSourceTool}
}

// handler is the handler of the control tool t.
func (c *Control) handler(t *openapi.Tool) server.ToolHandlerFunc {
	switch t.Path {
	case addSourceTool.Path:
		return c.addSource
	case listSourcesTool.Path:
		return c.listSources
	case previewSpecTool.Path:
		return c.previewSpec
	case removeSourceTool.Path:
		return c.removeSource
	}
	return func(context.Context, mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		return controlError("%s is not a control tool", t.Name), nil
	}
}

// decodeArgs turns the call's arguments into v, naming the problem but no value.
// A spec, up to the request body limit, is taken as it is, not encoded
// and decoded again: that doubled what each waiting request held.
func decodeArgs(req mcp.CallToolRequest, v any) error {
	args := req.GetArguments()
	spec, isText := args["spec"].(string)
	withSpec, takesSpec := v.(interface{ setSpec(string) })
	if isText && takesSpec {
		args = maps.Clone(args)
		delete(args, "spec")
		withSpec.setSpec(spec)
	}
	raw, err := json.Marshal(args)
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

// structured is v as a result. The meta-tools' results are bounded by
// their arguments (a page of hits, one tool's definition).
func structured(v any) *mcp.CallToolResult {
	text, err := json.Marshal(v)
	if err != nil {
		return controlError("internal error: result not JSON: %v", err)
	}
	return mcp.NewToolResultStructured(v, string(text))
}

// structured is v as a result, or an error when its text is over the
// result cap; less says how to ask for less.
func (c *Control) structured(v any, less string) *mcp.CallToolResult {
	text, err := json.Marshal(v)
	if err != nil {
		return controlError("internal error: result not JSON: %v", err)
	}
	if len(text) > c.maxResult {
		return controlError("the result is %d bytes, over the %d-byte cap on results (--max-result-bytes); %s", len(text), c.maxResult, less)
	}
	return mcp.NewToolResultStructured(v, string(text))
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
		Offset:    a.Offset,
		Limit:     a.Limit,
	})
	if err != nil {
		return controlError("%v", err), nil
	}
	res.ToolsListBytes = c.toolsListBytes(a.Namespace, res.Catalog)
	if c.inv.Names == inventory.PathNames {
		for i := range res.Tools {
			res.Tools[i].Name = string(res.Tools[i].Path)
		}
	}
	return c.structured(res, "pass a smaller limit"), nil
}

// toolsListBytes is how many bytes the catalog's tools would add to a
// tools/list answer: the MCP definitions of the tools the inventory would
// serve, as JSON, with separating commas. None in search mode, where the
// meta-tools reach them.
func (c *Control) toolsListBytes(namespace string, cat *openapi.Catalog) int {
	snap := &registry.Snapshot{Sources: []*registry.Source{{Namespace: namespace, Catalog: cat}}}
	inv := c.inv
	inv.Control, inv.Meta, inv.Logger = nil, nil, nil
	n := 0
	var buf bytes.Buffer
	for _, e := range inventory.Select(snap, inv) {
		size, ok := encodedLen(MCPTool(e.Tool, inv.Names), &buf)
		if !ok { // a definition that does not encode is not served either
			continue
		}
		n += size + 1
	}
	return n
}

// encodedLen is len(json.Marshal(t)), and false when t does not encode,
// without encoding its schemas, most of its bytes, twice over as Marshal
// does (mcp.Tool's MarshalJSON, then Marshal again): a raw schema goes out
// compacted with <, >, & and U+2028, U+2029 escaped, so it is compacted
// once into buf and measured, and the rest of t encoded with empty schemas.
// Microsoft Graph's 11,422 tools took 1.8 s the long way.
func encodedLen(t mcp.Tool, buf *bytes.Buffer) (int, bool) {
	n := 0
	for _, raw := range []*json.RawMessage{&t.RawInputSchema, &t.RawOutputSchema} {
		if *raw == nil {
			continue
		}
		buf.Reset()
		if json.Compact(buf, *raw) != nil {
			return 0, false
		}
		b := buf.Bytes()
		escaped := bytes.Count(b, []byte("<")) + bytes.Count(b, []byte(">")) + bytes.Count(b, []byte("&"))
		separators := bytes.Count(b, []byte("\u2028")) + bytes.Count(b, []byte("\u2029"))
		n += len(b) - len("{}") + 5*escaped + 3*separators
		*raw = json.RawMessage("{}")
	}
	b, err := json.Marshal(t)
	if err != nil {
		return 0, false
	}
	return n + len(b), true
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
	out := addResult{AddResult: *res}
	out.Tools = out.Tools[:0:0]
	for i := range res.Source.Catalog.Tools {
		out.Tools = append(out.Tools, c.inv.Names.Name(&res.Source.Catalog.Tools[i]))
	}
	var warnings []string
	for _, name := range slices.Sorted(maps.Keys(auth)) {
		if w := c.missingSecret(auth[name]); w != "" {
			warnings = append(warnings, fmt.Sprintf("auth %q: %s; calls go without it until it is", name, w))
		}
	}
	out.Warnings = append(warnings, res.Warnings...)
	out.bound()
	return c.structured(out, "list the tools with openapi_preview_spec, a page at a time"), nil
}

// addResult is the registry's answer as addSource shows it: at most
// maxAddListed tool names and warnings, with the counts of the others.
type addResult struct {
	registry.AddResult
	ToolsNotListed    int `json:"toolsNotListed,omitempty"`
	WarningsNotListed int `json:"warningsNotListed,omitempty"`
}

// maxAddListed bounds the lists of an addSource result: Microsoft Graph's
// 11,422 tool names alone are 400 KB.
const maxAddListed = 200

func (r *addResult) bound() {
	if n := len(r.Tools); n > maxAddListed {
		r.Tools, r.ToolsNotListed = r.Tools[:maxAddListed], n-maxAddListed
	}
	if n := len(r.Warnings); n > maxAddListed {
		r.Warnings, r.WarningsNotListed = r.Warnings[:maxAddListed], n-maxAddListed
	}
}

// missingSecret says when a reference cannot be read now, without the
// secret, reading it the way calls will.
func (c *Control) missingSecret(ref registry.SecretRef) string {
	err := sourceauth.CheckSecret(ref, c.auth)
	if err == nil {
		return ""
	}
	if se, ok := errors.AsType[*sourceauth.SecretError](err); ok {
		return se.Problem
	}
	return err.Error()
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
	return c.structured(out, "remove the sources no longer needed"), nil
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
	return c.structured(map[string]any{"namespace": a.Namespace, "removed": true, "toolCount": n}, ""), nil
}
