package inventory

import (
	"fmt"
	"io"
	"log/slog"
	"path"

	"github.com/cognito-mcp/cognito-mcp/openapi"
	"github.com/cognito-mcp/cognito-mcp/registry"
)

// Mode is how the catalog is presented.
type Mode int

const (
	// Full exposes every selected tool as itself.
	Full Mode = iota
	// Search exposes the control tools and the meta-tools (Options.Meta):
	// search, describe and call. The selected tools are reached through
	// them (Reachable), so tools/list stays the same size whatever the
	// sources hold.
	Search
	// Code exposes the control tools and code mode's meta-tools
	// (Options.Meta): search, describe and execute, which runs a script
	// that calls the selected tools (Reachable). Like search mode,
	// tools/list stays the same size whatever the sources hold.
	Code
)

// ParseMode reads the --catalog value: "full", "search" or "code".
func ParseMode(s string) (Mode, error) {
	switch s {
	case "full", "":
		return Full, nil
	case "search":
		return Search, nil
	case "code":
		return Code, nil
	}
	return 0, fmt.Errorf("catalog %q: want full, search or code", s)
}

// String is the flag form of m.
func (m Mode) String() string {
	switch m {
	case Search:
		return "search"
	case Code:
		return "code"
	}
	return "full"
}

// Options say which tools are exposed. The zero value exposes every tool
// of every source under its compact name, in full mode.
type Options struct {
	// Names is the style of MCP names.
	Names NameStyle
	// ReadOnly exposes only tools annotated read-only (of the control
	// tools, previewSpec and listSources).
	ReadOnly bool
	// Include, when not empty, exposes only the tools whose MCP name or
	// tool path matches one of these patterns; Exclude leaves out those
	// that match one of its patterns. Patterns are path.Match globs:
	// "cognito_admin_*", "openapi.*". They apply to the control tools too.
	Include, Exclude []string
	// Mode is the catalog mode.
	Mode Mode
	// Control are the control tools, listed before the sources' tools.
	Control []*openapi.Tool
	// Meta are the meta-tools search and code mode list after the
	// control tools.
	// Read-only mode and the patterns do not remove them: they reach only
	// the tools that pass both.
	Meta []*openapi.Tool
	// Logger receives the tools left out because their name is taken.
	// Default: discard.
	Logger *slog.Logger
}

// Kind says what an entry is.
type Kind int

const (
	// Operation is a tool of a source: one API operation.
	Operation Kind = iota
	// Control is one of the openapi.* tools that manage sources.
	Control
	// Meta is a meta-tool of search or code mode.
	Meta
)

// String names the kind as `cognito-mcp tools` shows it.
func (k Kind) String() string {
	switch k {
	case Control:
		return "control"
	case Meta:
		return "meta"
	}
	return "operation"
}

// Entry is one exposed tool.
type Entry struct {
	// Name is the MCP name clients see.
	Name string
	// Tool is the catalog tool.
	Tool *openapi.Tool
	// Source is the tool's source; nil for a control tool or a meta-tool.
	Source *registry.Source
	// Kind says whether it is an operation, a control tool or a meta-tool.
	Kind Kind
}

// Select lists the tools listed for snap with opts (what tools/list
// holds), in a fixed order. Full mode: the control tools, then each
// source's tools in namespace and catalog order. Search and code mode: the
// control tools, then the meta-tools. A tool whose name is already taken is logged
// and left out.
func Select(snap *registry.Snapshot, opts Options) []Entry {
	switch opts.Mode {
	case Search, Code:
		out := selectTools(nil, &opts)
		for _, t := range opts.Meta {
			out = append(out, Entry{Name: opts.Names.Name(t), Tool: t, Kind: Meta})
		}
		return out
	}
	return selectTools(snap, &opts)
}

// Reachable lists the sources' tools that opts expose, in Select's order
// and whatever the mode: in full mode they are listed, in search mode the
// meta-tools search, describe and call them, in code mode scripts call
// them. The control tools' names
// stay taken.
func Reachable(snap *registry.Snapshot, opts Options) []Entry {
	all := selectTools(snap, &opts)
	i := 0
	for i < len(all) && all[i].Kind == Control {
		i++
	}
	return all[i:]
}

// Refusal says why opts do not expose t under name, or "" when they do.
// It names the setting, so callers can tell the agent what keeps the tool
// out.
func (o *Options) Refusal(t *openapi.Tool, name string) string {
	if o.ReadOnly && !t.Annotations.ReadOnly {
		return "it is not read-only and the server runs in read-only mode"
	}
	if len(o.Include) > 0 && !matchAny(o.Include, name, string(t.Path)) {
		return "the server's include patterns leave it out"
	}
	if matchAny(o.Exclude, name, string(t.Path)) {
		return "the server's exclude patterns leave it out"
	}
	return ""
}

// selectTools is every tool that passes the filters, named and deduplicated.
func selectTools(snap *registry.Snapshot, opts *Options) []Entry {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	var out []Entry
	seen := map[string]bool{}
	add := func(t *openapi.Tool, src *registry.Source) {
		name := opts.Names.Name(t)
		if opts.Refusal(t, name) != "" {
			return
		}
		if seen[name] {
			ns := "openapi"
			if src != nil {
				ns = src.Namespace
			}
			log.Warn("tool name taken; tool left out", "namespace", ns, "tool", name, "path", string(t.Path))
			return
		}
		seen[name] = true
		kind := Operation
		if src == nil {
			kind = Control
		}
		out = append(out, Entry{Name: name, Tool: t, Source: src, Kind: kind})
	}
	for _, t := range opts.Control {
		add(t, nil)
	}
	if snap != nil {
		for _, src := range snap.Sources {
			for i := range src.Catalog.Tools {
				add(&src.Catalog.Tools[i], src)
			}
		}
	}
	return out
}

func matchAny(patterns []string, name, toolPath string) bool {
	for _, p := range patterns {
		// CheckPatterns has refused malformed patterns; one that slips
		// through matches nothing.
		if ok, err := path.Match(p, name); err == nil && ok {
			return true
		}
		if ok, err := path.Match(p, toolPath); err == nil && ok {
			return true
		}
	}
	return false
}

// CheckPatterns reports the first malformed include or exclude pattern.
func CheckPatterns(patterns []string) error {
	for _, p := range patterns {
		if _, err := path.Match(p, ""); err != nil {
			return fmt.Errorf("pattern %q: %w; use * and ? as wildcards, [a-z] for a class", p, err)
		}
	}
	return nil
}
