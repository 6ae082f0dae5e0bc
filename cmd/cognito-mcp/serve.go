package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/cognito-mcp/cognito-mcp/awsconf"
	"github.com/cognito-mcp/cognito-mcp/executor"
	"github.com/cognito-mcp/cognito-mcp/httpserver"
	"github.com/cognito-mcp/cognito-mcp/internal/rpcguard"
	"github.com/cognito-mcp/cognito-mcp/internal/startgc"
	"github.com/cognito-mcp/cognito-mcp/inventory"
	"github.com/cognito-mcp/cognito-mcp/listing"
	"github.com/cognito-mcp/cognito-mcp/registry"
	"github.com/cognito-mcp/cognito-mcp/sourceauth"
	"github.com/cognito-mcp/cognito-mcp/tools"
)

// app is the server, wired once, and its log.
type app struct {
	mcp *server.MCPServer
	log *slog.Logger
	// background follows the saved sources' changes and loads the AWS
	// configuration ahead of the first call; serve starts it, the tools
	// command does not.
	background func()
	// listed is closed when the first tools/list has been answered (its
	// answer may not be written yet).
	listed <-chan struct{}
	health func() map[string]any // what /healthz says of the store
	close  func()                // releases the store
}

// newApp builds the MCP server with every source's tools registered.
func newApp(ctx context.Context, cfg *config, getenv func(string) string, stderr io.Writer) (*app, error) {
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: cfg.logLevel}))
	// The AWS configuration (files, environment, profile) is loaded in the
	// background: listing tools does not need it, and the first AWS call
	// waits for it. A failure is logged now and answers every AWS call.
	loadAWS := sync.OnceValues(func() (*awsconf.Config, error) {
		return awsconf.Load(ctx, awsconf.Settings{Region: cfg.region, Profile: cfg.profile, EndpointURL: cfg.endpointURL})
	})
	st, err := openStore(ctx, cfg, getenv, log)
	if err != nil {
		return nil, err
	}
	reg, err := registry.New(ctx, st.registryOptions(cfg, log))
	if err != nil {
		st.close()
		return nil, err
	}
	listing.LogSources(log, reg, st.kind == "file" && cfg.stateDir == "")
	exec := executor.New(executor.Options{
		Logger:    log,
		Timeout:   cfg.callTimeout,
		ReadLimit: tools.ReadLimit(cfg.maxResultBytes),
		LoadAWS:   loadAWS,
	})
	start := reg.Snapshot()
	listed := make(chan struct{})
	closeListed := sync.OnceFunc(func() { close(listed) }) // lists may run concurrently
	hooks := &server.Hooks{}
	hooks.AddAfterListTools(func(context.Context, any, *mcp.ListToolsRequest, *mcp.ListToolsResult) {
		closeListed()
	})
	srv := server.NewMCPServer("cognito-mcp", version,
		server.WithHooks(hooks),
		server.WithTitle("Cognito and OpenAPI tools"),
		server.WithToolCapabilities(true),
		server.WithPaginationLimit(cfg.pageSize),
		server.WithInstructions(tools.Instructions(start, cfg.inventory())),
		server.WithRecovery(),
	)
	// The sync registers the current tools now, and again on every change
	// of the registry.
	toolSync := tools.NewSync(srv, reg, tools.SyncOptions{
		Inventory: cfg.inventory(),
		Calls:     tools.NewCaller(exec, tools.CallerOptions{MaxResultBytes: cfg.maxResultBytes}),
		Auth:      sourceauth.Options{Getenv: getenv},
		AWSSign:   cfg.awsSign,
		Code:      tools.CodeOptions{MaxResultBytes: cfg.maxResultBytes},
		Logger:    log,
		NotesSaid: tools.NotesSaid(start, cfg.inventory()),
	})
	background := func() {
		// Apply the changes made to the saved sources by others, for a
		// store that reports them (FileStore does not), until the server
		// stops.
		go func() {
			if err := reg.Follow(ctx); err != nil {
				log.Error("changes to the saved sources are no longer followed", "err", err)
			}
		}()
		if _, err := loadAWS(); err != nil {
			log.Warn("AWS configuration: Cognito calls will fail until it is fixed", "err", err)
		}
	}
	closeAll := func() {
		toolSync.Close() // code mode's sandbox
		st.close()
	}
	return &app{mcp: srv, log: log, background: background, listed: listed, health: health(st.kind, reg), close: closeAll}, nil
}

// backgroundDelay is how long after start the background work begins
// when no client has listed the tools by then.
const backgroundDelay = time.Second

// serve runs the MCP server on stdio, or over HTTP with --http, until ctx
// ends or the client goes away.
func serve(ctx context.Context, cfg *config, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	applyMemoryLimit(cfg.memoryLimit, getenv)
	if cfg.http.Addr != "" {
		if err := cfg.http.Resolve(); err != nil { // fail before loading sources
			return err
		}
	}
	// Start-up allocates a few megabytes it keeps (the catalogs, the
	// tool definitions): collecting while it does is wasted work, so the
	// collector waits until start-up is over. Package initialization began
	// the wait already (startgc); a second serve in the same process
	// begins it again.
	startgc.Begin()
	// The embedded catalog is decoded once; doing it on another core now
	// lets it overlap opening the store and wiring the server.
	go cfg.builtin()()
	a, err := newApp(ctx, cfg, getenv, stderr)
	if err != nil {
		startgc.End()
		return err
	}
	defer a.close()
	// Following the sources and warming the AWS configuration up would
	// compete with start-up for the CPU: on stdio they start once the
	// first tools/list answer has been written (a host lists the tools
	// before it calls one), or after backgroundDelay at the latest.
	startBackground := sync.OnceFunc(func() {
		startgc.End()
		go a.background()
	})
	if cfg.http.Addr != "" {
		startBackground()
		cfg.http.Health = a.health
		return httpserver.Serve(ctx, a.mcp, cfg.http, a.log)
	}
	hintOnTerminal(stdin, stderr)
	timer := time.AfterFunc(backgroundDelay, startBackground)
	defer timer.Stop()
	stdio := server.NewStdioServer(a.mcp)
	if cfg.mode == inventory.Code {
		// mcp-go runs stdio tool calls on 5 workers, and a script holds one
		// for up to its time limit: room for the sandbox's 8 scripts and
		// direct calls beside them.
		server.WithWorkerPoolSize(16)(stdio)
	}
	stdio.SetErrorLogger(slog.NewLogLogger(a.log.Handler(), slog.LevelError))
	in, out := rpcguard.Stdio(stdin, stdout, func() {
		select {
		case <-a.listed:
			startBackground()
		default:
		}
	})
	err = stdio.Listen(ctx, in, out)
	if err == nil || errors.Is(err, io.EOF) || errors.Is(err, context.Canceled) || errors.Is(err, os.ErrClosed) {
		return nil
	}
	return fmt.Errorf("stdio: %w", err)
}
