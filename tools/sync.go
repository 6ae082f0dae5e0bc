package tools

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

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
	// AWSSign grants added sources the process's AWS credentials: source
	// namespace -> the SigV4 service names their AWS JSON operations may
	// be signed for (the operator's --aws-sign-source). A source not
	// listed is never signed with them.
	AWSSign map[string][]string
	// Code configures code mode's sandbox (--catalog code).
	Code CodeOptions
	// Logger receives tool name conflicts. Default: discard.
	Logger *slog.Logger
	// NotesSaid tells whether the agent can read the notes of a catalog
	// elsewhere: full mode says the notes of the sources loaded at start
	// once, in the server's instructions, which never change. The tools
	// of a catalog whose notes are not said (a source added later) carry
	// the text of the notes they cite instead of the pointers. Nil: every
	// catalog's notes are said.
	NotesSaid func(*openapi.Catalog) bool
}

// Sync keeps an MCP server's tools equal to the inventory of a registry's
// sources plus the control tools: one SetTools call, so one
// tools/list_changed, per change. In search mode tools/list never
// changes (control tools and meta-tools); a change rebuilds what the
// meta-tools reach instead, and no notification is sent. Code mode is
// search mode whose third meta-tool runs scripts: their sandbox sees the
// same reach. Close releases the sandbox.
type Sync struct {
	srv     *server.MCPServer
	control *Control
	meta    *meta
	opts    SyncOptions

	reach atomic.Pointer[reach] // what the meta-tools reach; search and code mode

	mu     sync.Mutex // guards auths and listed
	auths  map[*registry.Source]*sourceauth.Authorizer
	listed bool // search mode: the unchanging tools/list is set
}

// NewSync registers the current tools of reg on srv and keeps them in step
// with every change of reg.
func NewSync(srv *server.MCPServer, reg *registry.Registry, opts SyncOptions) *Sync {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	opts.Inventory.Logger = opts.Logger
	opts.Inventory.Control = ControlTools()
	opts.Inventory.Meta = ModeTools(opts.Inventory.Mode, opts.Inventory.ReadOnly)
	s := &Sync{
		srv:     srv,
		control: NewControl(reg, opts.Inventory, opts.Auth),
		opts:    opts,
		auths:   map[*registry.Source]*sourceauth.Authorizer{},
	}
	s.meta = &meta{inv: opts.Inventory, current: s.reach.Load}
	s.meta.code = &codeRunner{bridge: &bridge{current: s.reach.Load}, opts: opts.Code}
	if c, ok := opts.Calls.(*Caller); ok {
		s.control.maxResult = c.maxResult // control results obey the same cap
	}
	reg.Subscribe(s.apply)
	return s
}

// apply follows one registry change. It runs on the registry's change
// path, never on a call's.
func (s *Sync) apply(snap *registry.Snapshot) {
	if s.opts.Inventory.Mode == inventory.Full {
		s.srv.SetTools(s.Tools(snap)...)
		return
	}
	r := s.reachFor(snap)
	s.reach.Store(r)
	s.mu.Lock()
	listed := s.listed
	s.listed = true
	s.mu.Unlock()
	if listed {
		// The reach and its index are built now, in the background, rather
		// than by the first search.
		go r.warm()
		return
	}
	s.srv.SetTools(s.Tools(snap)...)
	// At start, once the first tools/list has gone out: a client starts
	// the server and lists its tools well before it searches. In code mode
	// the sandbox is compiled next (1-2 s of CPU), ahead of the first
	// script.
	time.AfterFunc(indexWarmDelay, func() {
		r.warm()
		if s.opts.Inventory.Mode == inventory.Code {
			if _, err := s.meta.code.engine(); err != nil && !errors.Is(err, errClosed) {
				s.opts.Logger.Error("code mode: the sandbox cannot start; openapi_execute will fail", "err", err)
			}
		}
	})
}

// Close releases code mode's sandbox; scripts still running end. The
// Sync's other tools keep working.
func (s *Sync) Close() {
	s.meta.code.close()
}

// indexWarmDelay is how long after start the search index is built.
const indexWarmDelay = 250 * time.Millisecond

// Tools builds the server tools for snap: the inventory's entries, in its
// order, each with its handler.
func (s *Sync) Tools(snap *registry.Snapshot) []server.ServerTool {
	inv := s.opts.Inventory
	entries := inventory.Select(snap, inv)
	out := make([]server.ServerTool, 0, len(entries))
	handler := s.handlers()
	for _, e := range entries {
		t := e.Tool
		if e.Source != nil && len(e.Source.Catalog.Notes) > 0 && s.opts.NotesSaid != nil && !s.opts.NotesSaid(e.Source.Catalog) {
			expanded := openapi.ExpandNotes(*t, e.Source.Catalog.Notes)
			t = &expanded
		}
		out = append(out, server.ServerTool{Tool: MCPTool(t, inv.Names), Handler: handler(e)})
	}
	s.forgetAuths(snap)
	return out
}

// reachFor builds what the meta-tools reach in snap: every tool the
// inventory exposes, with the handler a direct call would have.
func (s *Sync) reachFor(snap *registry.Snapshot) *reach {
	inv := s.opts.Inventory
	r := newReach(snap, func() []inventory.Entry { return inventory.Reachable(snap, inv) }, s.calls())
	s.forgetAuths(snap)
	return r
}

// handlers gives each entry its handler; sources share one target each.
func (s *Sync) handlers() func(inventory.Entry) server.ToolHandlerFunc {
	calls := s.calls()
	return func(e inventory.Entry) server.ToolHandlerFunc {
		h, _ := calls(e)
		return h
	}
}

// calls gives each entry its handler and, for an operation, the value call
// a script makes: the same pipeline on the same target. Sources share one
// target each.
func (s *Sync) calls() callFuncs {
	targets := map[*registry.Source]*executor.Target{}
	return func(e inventory.Entry) (server.ToolHandlerFunc, func(context.Context, map[string]any) (any, error)) {
		switch e.Kind {
		case inventory.Control:
			return s.control.handler(e.Tool), nil
		case inventory.Meta:
			return s.meta.handler(e.Tool), nil
		}
		target, ok := targets[e.Source]
		if !ok {
			target = s.target(e.Source)
			targets[e.Source] = target
		}
		h := s.handler(e.Tool, target)
		if vc, ok := s.opts.Calls.(ValueCalls); ok {
			return h, vc.Value(e.Tool, target)
		}
		return h, func(ctx context.Context, args map[string]any) (any, error) {
			req := mcp.CallToolRequest{}
			req.Params.Name = e.Name
			req.Params.Arguments = args
			return valueOfResult(h(ctx, req))
		}
	}
}

// forgetAuths drops the authorizers of sources no longer in snap.
func (s *Sync) forgetAuths(snap *registry.Snapshot) {
	live := map[*registry.Source]bool{}
	for _, src := range snap.Sources {
		live[src] = true
	}
	s.mu.Lock()
	maps.DeleteFunc(s.auths, func(src *registry.Source, _ *sourceauth.Authorizer) bool { return !live[src] })
	s.mu.Unlock()
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
	t := &executor.Target{BaseURL: src.BaseURL, AWS: &executor.AWSTarget{Namespace: src.Namespace, SignFor: s.opts.AWSSign[src.Namespace]}}
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
