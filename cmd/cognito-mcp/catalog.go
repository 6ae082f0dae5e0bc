package main

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/cognito-mcp/cognito-mcp/openapi"
	"github.com/cognito-mcp/cognito-mcp/tools"
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

// entry describes t as the server exposes it under style.
func entry(source string, t *openapi.Tool, style tools.NameStyle) catalogEntry {
	return catalogEntry{
		Name:        style.Name(t),
		Path:        t.Path,
		Title:       t.Title,
		Source:      source,
		ReadOnly:    t.Annotations.ReadOnly,
		Destructive: t.Annotations.Destructive,
		Idempotent:  t.Annotations.Idempotent,
		Description: t.Description,
	}
}
