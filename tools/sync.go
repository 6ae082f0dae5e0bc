package tools

import (
	"context"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"sync"

	"github.com/cognito-mcp/cognito-mcp/openapi"
	"github.com/cognito-mcp/cognito-mcp/registry"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// CallHandlers makes the handler that calls one operation of a source.
// The executor implements it.
type CallHandlers interface {
	Handler(tool *openapi.Tool, target *Target) server.ToolHandlerFunc
}

// SyncOptions configure a Sync. The zero value works (calls then answer
// that no executor is configured).
type SyncOptions struct {
	// Names is the style of MCP names.
	Names NameStyle
	// ReadOnly exposes only read-only tools: source operations annotated
	// read-only, and of the control tools previewSpec and listSources
	// (addSource and removeSource change the server, so they are hidden).
	ReadOnly bool
	// Calls makes the handlers of source operations.
	Calls CallHandlers
	// Auth is where secrets are read from for added sources.
	Auth AuthOptions
	// BuiltinTarget is the target of the embedded Cognito source (its AWS
	// endpoint and signing are the executor's business). Nil: empty.
	BuiltinTarget *Target
	// Logger receives tool name conflicts. Default: discard.
	Logger *slog.Logger
}

// Sync keeps an MCP server's tools equal to a registry's sources plus the
// control tools: one SetTools call, so one tools/list_changed, per change.
type Sync struct {
	srv     *server.MCPServer
	control *Control
	opts    SyncOptions

	mu    sync.Mutex // guards auths
	auths map[*registry.Source]*SourceAuth
}

// NewSync registers the current tools of reg on srv and keeps them in step
// with every change of reg.
func NewSync(srv *server.MCPServer, reg *registry.Registry, opts SyncOptions) *Sync {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s := &Sync{
		srv:     srv,
		control: NewControl(reg, opts.Names, opts.Auth),
		opts:    opts,
		auths:   map[*registry.Source]*SourceAuth{},
	}
	reg.Subscribe(s.apply)
	return s
}

func (s *Sync) apply(snap *registry.Snapshot) {
	s.srv.SetTools(s.Tools(snap)...)
}

// Tools builds the server tools for snap in a fixed order: control tools,
// then each source's tools in namespace and catalog order. A name already
// taken is logged and left out.
func (s *Sync) Tools(snap *registry.Snapshot) []server.ServerTool {
	out := s.control.Tools(s.opts.ReadOnly)
	seen := map[string]bool{}
	for _, t := range out {
		seen[t.Tool.Name] = true
	}
	live := map[*registry.Source]bool{}
	for _, src := range snap.Sources {
		live[src] = true
		target := s.target(src)
		for i := range src.Catalog.Tools {
			t := &src.Catalog.Tools[i]
			if s.opts.ReadOnly && !t.Annotations.ReadOnly {
				continue
			}
			def := MCPTool(t, s.opts.Names)
			if seen[def.Name] {
				s.opts.Logger.Warn("tool name taken; tool left out", "namespace", src.Namespace, "tool", def.Name, "path", string(t.Path))
				continue
			}
			seen[def.Name] = true
			out = append(out, server.ServerTool{Tool: def, Handler: s.handler(t, target)})
		}
	}
	s.mu.Lock()
	maps.DeleteFunc(s.auths, func(src *registry.Source, _ *SourceAuth) bool { return !live[src] })
	s.mu.Unlock()
	return out
}

// target is where src's calls go. Authorizers are kept per source so
// cached tokens outlive unrelated changes.
func (s *Sync) target(src *registry.Source) *Target {
	if src.Builtin {
		if s.opts.BuiltinTarget != nil {
			return s.opts.BuiltinTarget
		}
		return &Target{}
	}
	t := &Target{BaseURL: src.BaseURL}
	if len(src.Config.Headers) > 0 {
		t.Headers = http.Header{}
		for k, v := range src.Config.Headers {
			t.Headers.Set(k, v)
		}
	}
	// Every source with security schemes gets an authorizer, configured or
	// not, so a 401 can be answered with what to configure (SourceAuth.Hint).
	if len(src.Catalog.SecuritySchemes) > 0 {
		s.mu.Lock()
		a, ok := s.auths[src]
		if !ok {
			a = NewAuthorizer(src.Catalog.SecuritySchemes, src.Config.Auth, s.opts.Auth)
			s.auths[src] = a
		}
		s.mu.Unlock()
		t.Auth = a
	}
	return t
}

func (s *Sync) handler(t *openapi.Tool, target *Target) server.ToolHandlerFunc {
	if s.opts.Calls == nil {
		return func(context.Context, mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			return mcp.NewToolResultError("no executor is configured to call " + string(t.Path)), nil
		}
	}
	return s.opts.Calls.Handler(t, target)
}
