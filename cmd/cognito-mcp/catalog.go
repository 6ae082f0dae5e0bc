package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"text/tabwriter"

	"github.com/cognito-mcp/cognito-mcp/inventory"
	"github.com/cognito-mcp/cognito-mcp/openapi"
	"github.com/cognito-mcp/cognito-mcp/registry"
)

// catalogEntry is one row of `cognito-mcp tools`.
type catalogEntry struct {
	Name        string           `json:"name"`
	Path        openapi.ToolPath `json:"path"`
	Title       string           `json:"title"`
	Source      string           `json:"source"`
	ReadOnly    bool             `json:"readOnly"`
	Destructive bool             `json:"destructive"`
	Idempotent  bool             `json:"idempotent"`
	Description string           `json:"description,omitempty"`
}

// printTools prints the catalog the server would serve with this config:
// a table for people, or JSON with --json.
func printTools(w io.Writer, entries []catalogEntry, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(entries)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tTOOL PATH\tKIND")
	for _, e := range entries {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", e.Name, e.Path, kind(e))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "%d tools\n", len(entries))
	return err
}

func kind(e catalogEntry) string {
	switch {
	case e.ReadOnly:
		return "read-only"
	case e.Destructive:
		return "destructive"
	}
	return "write"
}

// catalog lists the tools of every source the server would load with cfg
// (the embedded Cognito source and the sources saved in the state
// directory), as the inventory selects them; the control tools are not
// listed.
func catalog(ctx context.Context, cfg *config, getenv func(string) string, stderr io.Writer) ([]catalogEntry, error) {
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
	var out []catalogEntry
	for _, e := range inventory.Select(reg.Snapshot(), inv) {
		out = append(out, entry(e))
	}
	return out, nil
}

// entry describes a source's tool as the server exposes it.
func entry(e inventory.Entry) catalogEntry {
	t := e.Tool
	return catalogEntry{
		Name:        e.Name,
		Path:        t.Path,
		Title:       t.Title,
		Source:      e.Source.Namespace,
		ReadOnly:    t.Annotations.ReadOnly,
		Destructive: t.Annotations.Destructive,
		Idempotent:  t.Annotations.Idempotent,
		Description: t.Description,
	}
}
