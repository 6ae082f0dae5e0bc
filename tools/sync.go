package tools

import (
	"context"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"sync"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/cognito-mcp/cognito-mcp/executor"
	"github.com/cognito-mcp/cognito-mcp/inventory"
	"github.com/cognito-mcp/cognito-mcp/openapi"
	"github.com/cognito-mcp/cognito-mcp/registry"
	"github.com/cognito-mcp/cognito-mcp/sourceauth"
)

// CallHandlers makes the handler that calls one operation of a source.
// A Caller implements it.
type CallHandlers interface {
	Handler(tool *openapi.Tool, target *executor.Target) server.ToolHandlerFunc
}

// SyncOptions configure a Sync. The zero value works (calls then answer
// that no executor is configured).
type SyncOptions struct {
	// Inventory says which tools are served and under which names; its
	// Control and Logger fields are filled in by the Sync.
	Inventory inventory.Options
	// Calls makes the handlers of source operations.
	Calls CallHandlers
	// Auth is where secrets are read from for added sources.
	Auth sourceauth.Options
	// BuiltinTarget is the target of the embedded Cognito source (its AWS
	// endpoint and signing are the executor's business). Nil: empty.
	BuiltinTarget *executor.Target
	// Logger receives tool name conflicts. Default: discard.
	Logger *slog.Logger
}

// Sync keeps an MCP server's tools equal to the inventory of a registry's
// sources plus the control tools: one SetTools call, so one
// tools/list_changed, per change.
type Sync struct {
	srv     *server.MCPServer
	control *Control
	opts    SyncOptions

	mu    sync.Mutex // guards auths
	auths map[*registry.Source]*sourceauth.Authorizer
}

// NewSync registers the current tools of reg on srv and keeps them in step
// with every change of reg.
func NewSync(srv *server.MCPServer, reg *registry.Registry, opts SyncOptions) *Sync {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	opts.Inventory.Logger = opts.Logger
	s := &Sync{
		srv:     srv,
		control: NewControl(reg, opts.Inventory, opts.Auth),
		opts:    opts,
		auths:   map[*registry.Source]*sourceauth.Authorizer{},
	}
	if c, ok := opts.Calls.(*Caller); ok {
		s.control.maxResult = c.maxResult // control results obey the same cap
	}
	reg.Subscribe(s.apply)
	return s
}

func (s *Sync) apply(snap *registry.Snapshot) {
	s.srv.SetTools(s.Tools(snap)...)
}

// Tools builds the server tools for snap: the inventory's entries, in its
// order, each with its handler.
func (s *Sync) Tools(snap *registry.Snapshot) []server.ServerTool {
	inv := s.opts.Inventory
	inv.Control = ControlTools()
	entries := inventory.Select(snap, inv)
	out := make([]server.ServerTool, 0, len(entries))
	targets := map[*registry.Source]*executor.Target{}
	for _, e := range entries {
		def := MCPTool(e.Tool, inv.Names)
		if e.Source == nil {
			out = append(out, server.ServerTool{Tool: def, Handler: s.control.handler(e.Tool)})
			continue
		}
		target, ok := targets[e.Source]
		if !ok {
			target = s.target(e.Source)
			targets[e.Source] = target
		}
		out = append(out, server.ServerTool{Tool: def, Handler: s.handler(e.Tool, target)})
	}
	live := map[*registry.Source]bool{}
	for _, src := range snap.Sources {
		live[src] = true
	}
	s.mu.Lock()
	maps.DeleteFunc(s.auths, func(src *registry.Source, _ *sourceauth.Authorizer) bool { return !live[src] })
	s.mu.Unlock()
	return out
}

// target is where src's calls go. Authorizers are kept per source so
// cached tokens outlive unrelated changes.
func (s *Sync) target(src *registry.Source) *executor.Target {
	if src.Builtin {
		if s.opts.BuiltinTarget != nil {
			return s.opts.BuiltinTarget
		}
		return &executor.Target{}
	}
	t := &executor.Target{BaseURL: src.BaseURL}
	if len(src.Config.Headers) > 0 {
		t.Headers = http.Header{}
		for k, v := range src.Config.Headers {
			t.Headers.Set(k, v)
		}
	}
	// Every source with security schemes gets an authorizer, configured or
	// not, so a 401 can be answered with what to configure (Hint).
	if len(src.Catalog.SecuritySchemes) > 0 {
		s.mu.Lock()
		a, ok := s.auths[src]
		if !ok {
			a = sourceauth.New(src.Catalog.SecuritySchemes, src.Config.Auth, s.opts.Auth)
			s.auths[src] = a
		}
		s.mu.Unlock()
		t.Auth = a
	}
	return t
}

func (s *Sync) handler(t *openapi.Tool, target *executor.Target) server.ToolHandlerFunc {
	if s.opts.Calls == nil {
		return func(context.Context, mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			return mcp.NewToolResultError("no executor is configured to call " + string(t.Path)), nil
		}
	}
	return s.opts.Calls.Handler(t, target)
}
