package tools

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/cognito-mcp/cognito-mcp/codemode"
	"github.com/cognito-mcp/cognito-mcp/inventory"
	"github.com/cognito-mcp/cognito-mcp/openapi"
	"github.com/cognito-mcp/cognito-mcp/registry"
	"github.com/cognito-mcp/cognito-mcp/search"
)

// reach is what the meta-tools reach for one registry snapshot: the tools
// the inventory exposes, each with the handler a direct call would have,
// and their search index. Everything in it is built on first use (or by a
// warm-up), not on the registry change that made it: at start, the first
// tools/list does not wait for it. It is immutable once built.
type reach struct {
	snap *registry.Snapshot
	// tools gives every reachable tool by MCP name and by tool path, and
	// the tools as code mode's sandbox sees them.
	tools func() reachTools
	index func() *search.Index
	// bindings gives each tool path's name under the script's tools (the
	// short one when there is one).
	bindings func() map[string]string
}

// reachTools are the tools of a reach.
type reachTools struct {
	byName map[string]*reachable // by MCP name and by tool path
	refs   []codemode.ToolRef
}

// reachable is one tool the meta-tools can describe and call.
type reachable struct {
	entry   inventory.Entry
	handler server.ToolHandlerFunc
	// value runs the call a script makes: the handler's pipeline, with the
	// decoded result or the typed error.
	value func(context.Context, map[string]any) (any, error)
}

// callFuncs are the two ways of calling one entry: as an MCP handler and
// as a value (code mode).
type callFuncs func(inventory.Entry) (server.ToolHandlerFunc, func(context.Context, map[string]any) (any, error))

// newReach makes what the meta-tools reach in snap: the inventory's
// entries, which entries gives, each with its handler and its value call
// from calls.
func newReach(snap *registry.Snapshot, entries func() []inventory.Entry, calls callFuncs) *reach {
	r := &reach{snap: snap}
	listed := sync.OnceValue(entries)
	r.tools = sync.OnceValue(func() reachTools {
		entries := listed()
		rt := reachTools{byName: make(map[string]*reachable, 2*len(entries)), refs: make([]codemode.ToolRef, len(entries))}
		for i, e := range entries {
			h, v := calls(e)
			t := &reachable{entry: e, handler: h, value: v}
			rt.byName[e.Name] = t
			if _, taken := rt.byName[string(e.Tool.Path)]; !taken {
				rt.byName[string(e.Tool.Path)] = t
			}
			rt.refs[i] = codemode.ToolRef{Path: string(e.Tool.Path), Namespace: e.Source.Namespace, MCPName: e.Name, ReadOnly: e.Tool.Annotations.ReadOnly}
		}
		return rt
	})
	r.index = sync.OnceValue(func() *search.Index {
		entries := listed()
		docs := make([]search.Doc, len(entries))
		for i, e := range entries {
			t := e.Tool
			docs[i] = search.Doc{
				Name:        e.Name,
				Path:        string(t.Path),
				Title:       t.Title,
				Description: t.Description,
				Source:      e.Source.Namespace,
				Params:      search.ParamNames(t.InputSchema),
				ReadOnly:    t.Annotations.ReadOnly,
			}
		}
		return search.New(docs)
	})
	r.bindings = sync.OnceValue(func() map[string]string {
		names := map[string]string{}
		for _, b := range codemode.Bindings(r.tools().refs) {
			names[b.Tool.Path] = b.Name // the short name comes last
		}
		return names
	})
	return r
}

// warm builds the reach's tools and search index ahead of their first use.
func (r *reach) warm() {
	r.tools()
	r.index()
}

// meta serves the meta-tools from the latest reach.
type meta struct {
	inv     inventory.Options
	current func() *reach
	code    *codeRunner // code mode's sandbox
}

// handler is the handler of the meta-tool t.
func (m *meta) handler(t *openapi.Tool) server.ToolHandlerFunc {
	switch t.Path {
	case searchToolsTool.Path:
		return m.search
	case describeToolTool.Path:
		return m.describe
	case callToolTool.Path:
		return m.call
	case executeTool.Path:
		return m.execute
	}
	return func(context.Context, mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		return controlError("%s is not a meta-tool", t.Name), nil
	}
}

func (m *meta) search(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
	var a searchArgs
	if err := decodeArgs(req, &a); err != nil {
		return controlError("searchTools: %v", err), nil
	}
	if strings.TrimSpace(a.Query) == "" {
		return controlError("searchTools: query is required: say in plain words what you want to do"), nil
	}
	limit := DefaultSearchLimit
	if a.Limit != nil {
		limit = *a.Limit
	}
	if limit < 1 || limit > MaxSearchLimit {
		return controlError("searchTools: limit %d is out of range: want 1 to %d", limit, MaxSearchLimit), nil
	}
	r := m.current()
	if a.Source != "" && r.snap.Source(a.Source) == nil {
		return controlError("searchTools: no source %q; openapi_list_sources lists them", a.Source), nil
	}
	hits, total := r.index().Search(a.Query, search.Options{Limit: limit, Source: a.Source, ReadOnly: m.inv.ReadOnly})
	out := SearchResult{Tools: make([]SearchHit, 0, len(hits)), Total: total}
	for _, h := range hits {
		t := r.tools().byName[h.Name].entry.Tool
		hit := SearchHit{
			Name:        h.Name,
			Title:       t.Title,
			Description: search.Summary(t.Description),
			Source:      h.Source,
			Annotations: MCPTool(t, m.inv.Names).Annotations,
		}
		if m.inv.Mode == inventory.Code {
			hit.Call = "tools." + r.bindings()[string(t.Path)]
		}
		out.Tools = append(out.Tools, hit)
	}
	return structured(out), nil
}

func (m *meta) describe(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
	var a describeArgs
	if err := decodeArgs(req, &a); err != nil {
		return controlError("describeTool: %v", err), nil
	}
	t, err := m.find(a.Name)
	if err != nil {
		return controlError("describeTool: %v", err), nil
	}
	switch {
	case a.Format == "" && m.inv.Mode == inventory.Code, a.Format == "typescript":
		binding := m.current().bindings()[string(t.entry.Tool.Path)]
		if binding == "" {
			return controlError("describeTool: %s has no name scripts can use; call it with tools.call(%q, args)", t.entry.Name, t.entry.Name), nil
		}
		return mcp.NewToolResultText(typeScript(t.entry.Tool, binding, t.entry.Name)), nil
	case a.Format != "" && a.Format != "json":
		return controlError("describeTool: format %q: want typescript or json", a.Format), nil
	}
	res := structured(MCPTool(t.entry.Tool, m.inv.Names))
	if notes := citedNotes(t.entry.Tool, t.entry.Source.Catalog.Notes); notes != "" {
		res.Content = append(res.Content, mcp.NewTextContent(notes))
	}
	return res, nil
}

// citedNotes gives the text of the notes t's description and input schema
// cite as "(note ID)": full mode says them once in the instructions,
// search mode with the tool that cites them.
func citedNotes(t *openapi.Tool, notes []openapi.Note) string {
	var b strings.Builder
	for _, n := range notes {
		cite := "(note " + n.ID + ")"
		if strings.Contains(t.Description, cite) || strings.Contains(string(t.InputSchema), cite) {
			if b.Len() == 0 {
				b.WriteString("Notes this tool cites:")
			}
			fmt.Fprintf(&b, "\n%s %s", cite, n.Text)
		}
	}
	return b.String()
}

func (m *meta) call(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
	var a callArgs
	if err := decodeArgs(req, &a); err != nil {
		return controlError("callTool: %v", err), nil
	}
	t, err := m.find(a.Name)
	if err != nil {
		return controlError("callTool: %v", err), nil
	}
	// The same request a direct call of the tool would carry, to the same
	// handler: the result is the one a direct call gives.
	direct := mcp.CallToolRequest{Request: req.Request, Header: req.Header}
	direct.Params.Name = t.entry.Name
	direct.Params.Arguments = a.Arguments
	direct.Params.Meta = req.Params.Meta
	if a.Arguments == nil {
		direct.Params.Arguments = map[string]any{}
	}
	var raw struct {
		Arguments json.RawMessage `json:"arguments"`
	}
	if json.Unmarshal(req.Params.RawArguments, &raw) == nil {
		direct.Params.RawArguments = raw.Arguments
	}
	return t.handler(ctx, direct)
}

// find looks a tool up by MCP name or tool path, and says what to do when
// it cannot be reached.
func (m *meta) find(name string) (*reachable, error) {
	if name == "" {
		return nil, fmt.Errorf("name is required; find tools with openapi_search_tools")
	}
	r := m.current()
	if t, ok := r.tools().byName[name]; ok {
		return t, nil
	}
	for _, t := range append(append(ControlTools(), MetaTools(false)...), CodeTools(false)...) {
		if name == t.Name || name == string(t.Path) {
			return nil, fmt.Errorf("%s is listed in tools/list: call it directly", name)
		}
	}
	for _, src := range r.snap.Sources {
		for i := range src.Catalog.Tools {
			t := &src.Catalog.Tools[i]
			if name != t.Name && name != string(t.Path) {
				continue
			}
			if why := m.inv.Refusal(t, m.inv.Names.Name(t)); why != "" {
				return nil, fmt.Errorf("tool %s cannot be used: %s", name, why)
			}
		}
	}
	return nil, fmt.Errorf("no tool named %q; find tools with openapi_search_tools", name)
}
