package tools

import (
	"fmt"

	"github.com/cognito-mcp/cognito-mcp/openapi"
	"github.com/mark3labs/mcp-go/mcp"
)

// NameStyle chooses what clients see as a tool's name.
type NameStyle int

const (
	// CompactNames are "<namespace>_<snake_case(operationId)>": [a-z0-9_],
	// at most 48 characters, safe for every host.
	CompactNames NameStyle = iota
	// PathNames are the tool paths, "group.leaf", for hosts that accept them.
	PathNames
)

// ParseNameStyle reads the --tool-names value: "compact" or "path".
func ParseNameStyle(s string) (NameStyle, error) {
	switch s {
	case "compact", "":
		return CompactNames, nil
	case "path":
		return PathNames, nil
	}
	return 0, fmt.Errorf("tool names %q: want compact or path", s)
}

// Name is the name clients see for t in this style.
func (s NameStyle) Name(t *openapi.Tool) string {
	if s == PathNames {
		return string(t.Path)
	}
	return t.Name
}

// MetaToolPath is the _meta key that carries a tool's path.
const MetaToolPath = "toolPath"

// MCPTool converts a catalog tool to its MCP definition: name in the given
// style, operationId as title, the tool path in _meta, all four annotations.
func MCPTool(t *openapi.Tool, style NameStyle) mcp.Tool {
	m := mcp.NewToolWithRawSchema(style.Name(t), t.Description, t.InputSchema)
	m.Title = t.Title
	if len(t.OutputSchema) > 0 {
		m.RawOutputSchema = t.OutputSchema
	}
	m.Meta = &mcp.Meta{AdditionalFields: map[string]any{MetaToolPath: string(t.Path)}}
	a := t.Annotations
	m.Annotations = mcp.ToolAnnotation{
		Title:           t.Title,
		ReadOnlyHint:    &a.ReadOnly,
		DestructiveHint: &a.Destructive,
		IdempotentHint:  &a.Idempotent,
		OpenWorldHint:   &a.OpenWorld,
	}
	return m
}
