package tools

import (
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/cognito-mcp/cognito-mcp/inventory"
	"github.com/cognito-mcp/cognito-mcp/openapi"
)

// MetaToolPath is the _meta key that carries a tool's path.
const MetaToolPath = "toolPath"

// MCPTool converts a catalog tool to its MCP definition: name in the given
// style, operationId as title, the tool path in _meta, all four annotations.
func MCPTool(t *openapi.Tool, style inventory.NameStyle) mcp.Tool {
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
