package codemode

import (
	"slices"
	"strings"
)

// Binding is where a tool appears under the script's `tools` object.
type Binding struct {
	// Name is the dotted name under tools, e.g. "cognito.adminCreateUser".
	Name string
	// Tool is the tool it calls.
	Tool ToolRef
}

// Bindings says where each tool appears in a script, in a fixed order:
//
//   - its full name: tools.<ns>.<group>.<leaf>. The tool path is prefixed
//     with the namespace unless it already starts with it, so the embedded
//     Cognito tool "xAmzTarget...AdminCreateUser.adminCreateUser" is
//     tools.cognito.xAmzTarget...AdminCreateUser.adminCreateUser and the
//     added source's "pets.pets.listPets" is tools.pets.pets.listPets;
//   - and its short name tools.<ns>.<leaf> when no other tool of the
//     namespace has the same leaf and no group of the namespace is named
//     like it: tools.cognito.adminCreateUser, tools.pets.listPets.
//
// Every tool is also reachable as tools.call(name, args), where name is its
// MCP name, its tool path or either dotted name above. A namespace called
// "call" is reachable only that way. Tools whose path has an empty segment
// are skipped.
func Bindings(tools []ToolRef) []Binding {
	type entry struct {
		ref      ToolRef
		segments []string // ns, group..., leaf
	}
	var entries []entry
	leaves := map[[2]string]int{}  // (ns, leaf) -> tools with that leaf
	groups := map[[2]string]bool{} // (ns, first segment after ns)
	for _, t := range tools {
		segs := fullSegments(t)
		if segs == nil {
			continue
		}
		entries = append(entries, entry{t, segs})
		leaves[[2]string{segs[0], segs[len(segs)-1]}]++
		if len(segs) > 2 {
			groups[[2]string{segs[0], segs[1]}] = true
		}
	}
	slices.SortFunc(entries, func(a, b entry) int {
		return strings.Compare(strings.Join(a.segments, "."), strings.Join(b.segments, "."))
	})
	var out []Binding
	for _, e := range entries {
		ns, leaf := e.segments[0], e.segments[len(e.segments)-1]
		if ns == "call" {
			continue
		}
		out = append(out, Binding{Name: strings.Join(e.segments, "."), Tool: e.ref})
		if len(e.segments) > 2 && leaves[[2]string{ns, leaf}] == 1 && !groups[[2]string{ns, leaf}] {
			out = append(out, Binding{Name: ns + "." + leaf, Tool: e.ref})
		}
	}
	return out
}

// fullSegments is the tool's full name under tools, split at dots, or nil
// when it has an empty segment.
func fullSegments(t ToolRef) []string {
	full := t.Path
	if t.Namespace != "" && !strings.HasPrefix(t.Path, t.Namespace+".") {
		full = t.Namespace + "." + t.Path
	}
	segs := strings.Split(full, ".")
	if len(segs) < 2 || slices.Contains(segs, "") {
		return nil
	}
	return segs
}

// toolIndex resolves the names a script may use for a tool.
type toolIndex map[string]ToolRef

// newToolIndex indexes tools by MCP name, tool path and binding names. A name
// already taken keeps its first tool, in the order MCP name, path, bindings.
func newToolIndex(tools []ToolRef, bindings []Binding) toolIndex {
	ix := toolIndex{}
	add := func(name string, t ToolRef) {
		if _, taken := ix[name]; name != "" && !taken {
			ix[name] = t
		}
	}
	for _, t := range tools {
		add(t.MCPName, t)
	}
	for _, t := range tools {
		add(t.Path, t)
	}
	for _, b := range bindings {
		add(b.Name, b.Tool)
	}
	return ix
}
