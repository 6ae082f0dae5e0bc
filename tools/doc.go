// Package tools is the MCP adapter of the catalog: it turns catalog tools
// into mcp-go tools (MCPTool), shapes what the executor answers into MCP
// results (CallResult, Caller), keeps an mcp-go server's tools equal to the
// inventory (Sync) and provides the openapi.* control tools (Control).
//
// It never builds or sends HTTP requests (package executor does), never
// decides on its own which tools are served (package inventory does) and
// never parses OpenAPI documents (package openapi does).
package tools
