package main

import (
	"context"
	"io"
	"log/slog"

	"github.com/cognito-mcp/cognito-mcp/listing"
	"github.com/cognito-mcp/cognito-mcp/registry"
	"github.com/cognito-mcp/cognito-mcp/tools"
)

// catalog lists the tools the server would serve with cfg, as the
// inventory selects them (listing.Rows) from the registry cfg opens.
func catalog(ctx context.Context, cfg *config, getenv func(string) string, stderr io.Writer) ([]listing.Row, error) {
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: cfg.logLevel}))
	st, err := openStore(ctx, cfg, getenv, log)
	if err != nil {
		return nil, err
	}
	defer st.close()
	reg, err := registry.New(ctx, st.registryOptions(cfg, log))
	if err != nil {
		return nil, err
	}
	inv := cfg.inventory()
	inv.Logger = log
	inv.Control, inv.Meta = tools.ControlTools(), tools.ModeTools(inv.Mode, inv.ReadOnly)
	return listing.Rows(reg.Snapshot(), inv), nil
}

// stats measures tools/list as the server would answer it with cfg: the
// server is built in process and asked for every page.
func stats(ctx context.Context, cfg *config, getenv func(string) string, stderr io.Writer) (*listing.Stats, error) {
	a, err := newApp(ctx, cfg, getenv, stderr)
	if err != nil {
		return nil, err
	}
	defer a.close()
	st, err := listing.Measure(ctx, a.mcp)
	if err != nil {
		return nil, err
	}
	st.Catalog = cfg.mode.String()
	st.Descriptions = cfg.descriptions.String()
	return st, nil
}
