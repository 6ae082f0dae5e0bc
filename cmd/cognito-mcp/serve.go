package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"

	"github.com/mark3labs/mcp-go/server"

	"github.com/cognito-mcp/cognito-mcp/awsconf"
	"github.com/cognito-mcp/cognito-mcp/executor"
	"github.com/cognito-mcp/cognito-mcp/httpserver"
	"github.com/cognito-mcp/cognito-mcp/registry"
	"github.com/cognito-mcp/cognito-mcp/sourceauth"
	"github.com/cognito-mcp/cognito-mcp/tools"
)

// instructions tell the agent how the server is organised.
const instructions = `Each tool is one operation of an OpenAPI-described API. The cognito_* tools call the Amazon Cognito user pools API: arguments are the AWS request members (UserPoolId, Username, ClientId...), results are the AWS response. Use openapi_preview_spec (tool path openapi.previewSpec) to look at another OpenAPI document and openapi_add_source (openapi.addSource) to add its operations as tools; openapi_list_sources shows what is loaded.`

// app is the server, wired once, and its log.
type app struct {
	mcp *server.MCPServer
	log *slog.Logger
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
	stateDir := cfg.stateDir
	if stateDir == "" {
		stateDir = registry.DefaultStateDir(getenv)
	}
	reg, err := registry.New(cfg.registryOptions(stateDir, log))
	if err != nil {
		return nil, err
	}
	logSources(log, reg, stateDir, cfg.stateDir != "")
	exec := executor.New(executor.Options{
		Logger:    log,
		Timeout:   cfg.callTimeout,
		ReadLimit: tools.ReadLimit(cfg.maxResultBytes),
		LoadAWS:   loadAWS,
	})
	srv := server.NewMCPServer("cognito-mcp", version,
		server.WithTitle("Cognito and OpenAPI tools"),
		server.WithToolCapabilities(true),
		server.WithPaginationLimit(cfg.pageSize),
		server.WithInstructions(instructions),
		server.WithRecovery(),
	)
	// The sync registers the current tools now, and again on every change
	// of the registry.
	tools.NewSync(srv, reg, tools.SyncOptions{
		Inventory: cfg.inventory(),
		Calls:     tools.NewCaller(exec, tools.CallerOptions{MaxResultBytes: cfg.maxResultBytes}),
		Auth:      sourceauth.Options{Getenv: getenv},
		Logger:    log,
	})
	// Now that the tools are registered, warm the AWS configuration up
	// for the first call without competing with start-up for the CPU.
	go func() {
		if _, err := loadAWS(); err != nil {
			log.Warn("AWS configuration: Cognito calls will fail until it is fixed", "err", err)
		}
	}()
	return &app{mcp: srv, log: log}, nil
}

// serve runs the MCP server on stdio, or over HTTP with --http, until ctx
// ends or the client goes away.
func serve(ctx context.Context, cfg *config, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if cfg.http.Addr != "" {
		if err := cfg.http.Resolve(); err != nil { // fail before loading sources
			return err
		}
	}
	a, err := newApp(ctx, cfg, getenv, stderr)
	if err != nil {
		return err
	}
	if cfg.http.Addr != "" {
		return httpserver.Serve(ctx, a.mcp, cfg.http, a.log)
	}
	hintOnTerminal(stdin, stderr)
	stdio := server.NewStdioServer(a.mcp)
	stdio.SetErrorLogger(slog.NewLogLogger(a.log.Handler(), slog.LevelError))
	err = stdio.Listen(ctx, stdin, stdout)
	if err == nil || errors.Is(err, io.EOF) || errors.Is(err, context.Canceled) || errors.Is(err, os.ErrClosed) {
		return nil
	}
	return fmt.Errorf("stdio: %w", err)
}
