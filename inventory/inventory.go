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
)

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
	// Logger receives the tools left out because their name is taken.
	// Default: discard.
	Logger *slog.Logger
}

// Entry is one exposed tool.
type Entry struct {
	// Name is the MCP name clients see.
	Name string
	// Tool is the catalog tool.
	Tool *openapi.Tool
	// Source is the tool's source; nil for a control tool.
	Source *registry.Source
}

// Select lists the tools exposed for snap with opts, in a fixed order:
// control tools, then each source's tools in namespace and catalog order.
// A tool whose name is already taken is logged and left out.
func Select(snap *registry.Snapshot, opts Options) []Entry {
	switch opts.Mode {
	case Full:
		return selectTools(snap, &opts)
	}
	// A new mode (search, code) chooses its tools here, from the same
	// selection or instead of it.
	return selectTools(snap, &opts)
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
		if !opts.exposes(t, name) {
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
		out = append(out, Entry{Name: name, Tool: t, Source: src})
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

// exposes applies read-only mode and the patterns to one tool.
func (o *Options) exposes(t *openapi.Tool, name string) bool {
	if o.ReadOnly && !t.Annotations.ReadOnly {
		return false
	}
	if len(o.Include) > 0 && !matchAny(o.Include, name, string(t.Path)) {
		return false
	}
	return !matchAny(o.Exclude, name, string(t.Path))
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
