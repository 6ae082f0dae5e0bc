package listing

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/cognito-mcp/cognito-mcp/inventory"
	"github.com/cognito-mcp/cognito-mcp/openapi"
	"github.com/cognito-mcp/cognito-mcp/registry"
)

// Row is one row of `cognito-mcp tools`.
type Row struct {
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

// Rows lists the tools a server on snap serves with opts, as the
// inventory selects them: what tools/list holds (the control tools, then
// the operations, or in search and code mode the meta-tools), then in
// those modes the operations the meta-tools reach.
func Rows(snap *registry.Snapshot, opts inventory.Options) []Row {
	var out []Row
	for _, e := range inventory.Select(snap, opts) {
		out = append(out, row(e, true))
	}
	if opts.Mode != inventory.Full {
		opts.Logger = nil // Select has said which names are taken
		for _, e := range inventory.Reachable(snap, opts) {
			out = append(out, row(e, false))
		}
	}
	return out
}

// row describes a tool as the server exposes it.
func row(e inventory.Entry, listed bool) Row {
	t := e.Tool
	r := Row{
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
		r.Source = e.Source.Namespace
	}
	return r
}

// Print prints rows: a table for people, or JSON when asJSON.
func Print(w io.Writer, rows []Row, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tTOOL PATH\tKIND")
	kinds := map[string]int{}
	listed := 0
	for i, e := range rows {
		if i > 0 && !e.Listed && rows[i-1].Listed {
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
	if n := len(rows) - listed; n > 0 {
		summary += fmt.Sprintf(" listed; %d operations reached through the meta-tools", n)
	}
	_, err := fmt.Fprintln(w, summary)
	return err
}

// kind is the KIND column: control, meta, or what an operation does.
func kind(e Row) string {
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
