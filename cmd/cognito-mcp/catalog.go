package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"text/tabwriter"

	"github.com/cognito-mcp/cognito-mcp/inventory"
	"github.com/cognito-mcp/cognito-mcp/openapi"
	"github.com/cognito-mcp/cognito-mcp/registry"
	"github.com/cognito-mcp/cognito-mcp/tools"
)

// catalogEntry is one row of `cognito-mcp tools`.
type catalogEntry struct {
	Name   string           `json:"name"`
	Path   openapi.ToolPath `json:"path"`
	Title  string           `json:"title"`
	Source string           `json:"source,omitempty"`
	// Kind is "operation", "control" (the openapi.* tools that manage
	// sources) or "meta" (search mode's search, describe and call, code
	// mode's search, describe and execute).
	Kind string `json:"kind"`
	// Listed says whether tools/list holds the tool; in search mode the
	// operations are reached through the meta-tools instead.
	Listed      bool   `json:"listed"`
	ReadOnly    bool   `json:"readOnly"`
	Destructive bool   `json:"destructive"`
	Idempotent  bool   `json:"idempotent"`
	Description string `json:"description,omitempty"`
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
	kinds := map[string]int{}
	listed := 0
	for i, e := range entries {
		if i > 0 && !e.Listed && entries[i-1].Listed {
			fmt.Fprintln(tw, "\t\t")
			fmt.Fprintln(tw, "Not listed, reached through the meta-tools:\t\t")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", e.Name, e.Path, kind(e))
		kinds[e.Kind]++
		if e.Listed {
			listed++
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	var special []string
	if n := kinds["control"]; n > 0 {
		special = append(special, fmt.Sprintf("%d control", n))
	}
	if n := kinds["meta"]; n > 0 {
		special = append(special, fmt.Sprintf("%d meta", n))
	}
	summary := fmt.Sprintf("%d tools", listed)
	if len(special) > 0 {
		summary += " (" + strings.Join(special, ", ") + ")"
	}
	if n := len(entries) - listed; n > 0 {
		summary += fmt.Sprintf(" listed; %d operations reached through the meta-tools", n)
	}
	_, err := fmt.Fprintln(w, summary)
	return err
}

// kind is the KIND column: control, meta, or what an operation does.
func kind(e catalogEntry) string {
	switch {
	case e.Kind != "operation":
		return e.Kind
	case e.ReadOnly:
		return "read-only"
	case e.Destructive:
		return "destructive"
	}
	return "write"
}

// catalog lists the tools the server would serve with cfg, as the
// inventory selects them: what tools/list holds (the control tools, then
// the operations, or in search and code mode the meta-tools), then in
// those modes the operations the meta-tools reach.
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
	inv.Control, inv.Meta = tools.ControlTools(), tools.ModeTools(inv.Mode, inv.ReadOnly)
	snap := reg.Snapshot()
	var out []catalogEntry
	for _, e := range inventory.Select(snap, inv) {
		out = append(out, entry(e, true))
	}
	if inv.Mode != inventory.Full {
		inv.Logger = nil // Select has said which names are taken
		for _, e := range inventory.Reachable(snap, inv) {
			out = append(out, entry(e, false))
		}
	}
	return out, nil
}

// entry describes a tool as the server exposes it.
func entry(e inventory.Entry, listed bool) catalogEntry {
	t := e.Tool
	c := catalogEntry{
		Name:        e.Name,
		Path:        t.Path,
		Title:       t.Title,
		Kind:        e.Kind.String(),
		Listed:      listed,
		ReadOnly:    t.Annotations.ReadOnly,
		Destructive: t.Annotations.Destructive,
		Idempotent:  t.Annotations.Idempotent,
		Description: t.Description,
	}
	if e.Source != nil {
		c.Source = e.Source.Namespace
	}
	return c
}

// stats measures tools/list as the server would answer it with cfg: the
// server is built in process and asked for every page.
func stats(ctx context.Context, cfg *config, getenv func(string) string, stderr io.Writer) (*listStats, error) {
	a, err := newApp(ctx, cfg, getenv, stderr)
	if err != nil {
		return nil, err
	}
	defer a.close()
	responses, instructions, err := toolsListResponses(ctx, a.mcp)
	if err != nil {
		return nil, err
	}
	st, err := measure(responses)
	if err != nil {
		return nil, err
	}
	st.InstructionsBytes = len(instructions)
	st.Catalog = cfg.mode.String()
	st.Descriptions = cfg.descriptions.String()
	return st, nil
}
