package tools

import (
	"fmt"
	"strings"

	"github.com/cognito-mcp/cognito-mcp/inventory"
	"github.com/cognito-mcp/cognito-mcp/openapi"
	"github.com/cognito-mcp/cognito-mcp/registry"
)

// Instructions tell the agent how the server is organised: the sources
// loaded at start, how to reach their operations in this catalog mode, and
// the notes tool descriptions refer to. They are context too: keep them
// short.
func Instructions(snap *registry.Snapshot, inv inventory.Options) string {
	inv.Control, inv.Meta = ControlTools(), ModeTools(inv.Mode, inv.ReadOnly)
	listed := map[string]string{} // tool path -> name, of the listed control and meta-tools
	for _, e := range inventory.Select(&registry.Snapshot{}, inv) {
		listed[string(e.Tool.Path)] = e.Name
	}
	var b strings.Builder
	b.WriteString("Each tool is one operation of an OpenAPI-described API. Sources: ")
	counts := map[*registry.Source]int{}
	for _, e := range inventory.Reachable(snap, inv) {
		counts[e.Source]++
	}
	for i, src := range snap.Sources {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%s (%s, %d tools)", src.Namespace, src.Catalog.Title, counts[src])
		if src.Builtin {
			b.WriteString(": arguments are the AWS request members (UserPoolId, Username, ClientId...), results the AWS response")
		}
	}
	b.WriteString(".")
	if inv.Mode == inventory.Search {
		fmt.Fprintf(&b, " The operations are not listed: find them with %s (plain words, e.g. \"disable a user\"), "+
			"read one's input schema with %s, run it with %s {name, arguments}.",
			listed["openapi.searchTools"], listed["openapi.describeTool"], listed["openapi.callTool"])
	}
	if inv.Mode == inventory.Code {
		fmt.Fprintf(&b, " The operations are not listed: find them with %s (plain words), get a TypeScript declaration with %s, "+
			"and run them from JavaScript with %s {code}: await tools.<source>.<operation>(args) in a loop, filter, return a small result.",
			listed["openapi.searchTools"], listed["openapi.describeTool"], listed["openapi.execute"])
		if !inv.ReadOnly {
			b.WriteString(" Scripts that change anything need allowWrites: true.")
		}
	}
	if inv.Mode == inventory.Search {
		b.WriteString(" Descriptions may cite notes as (note ID): the describe tool gives their text.")
	}
	for _, c := range []struct{ path, does string }{
		{"openapi.previewSpec", "looks at another OpenAPI document"},
		{"openapi.addSource", "adds its operations"},
		{"openapi.listSources", "shows what is loaded"},
	} {
		if n, ok := listed[c.path]; ok {
			fmt.Fprintf(&b, " %s %s.", n, c.does)
		}
	}
	if inv.Mode == inventory.Full {
		writeNotes(&b, snap)
	}
	return b.String()
}

// writeNotes says once the notes the sources' descriptions cite, instead
// of in every tool that shares them.
func writeNotes(b *strings.Builder, snap *registry.Snapshot) {
	first := true
	for _, src := range snap.Sources {
		for _, n := range src.Catalog.Notes {
			if first {
				b.WriteString("\n\nNotes the tool descriptions cite as (note ID):")
				first = false
			}
			fmt.Fprintf(b, "\n(note %s) %s", n.ID, strings.ReplaceAll(n.Text, "\n", " "))
		}
	}
}

// NotesSaid tells which catalogs' notes the instructions for snap say:
// in full mode, those of the sources loaded at start. The instructions
// never change, so a source added later has its notes written out in its
// tools instead (SyncOptions.NotesSaid).
func NotesSaid(snap *registry.Snapshot, inv inventory.Options) func(*openapi.Catalog) bool {
	said := map[*openapi.Catalog]bool{}
	if inv.Mode == inventory.Full {
		for _, src := range snap.Sources {
			said[src.Catalog] = true
		}
	}
	return func(c *openapi.Catalog) bool { return said[c] }
}
