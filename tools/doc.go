// Package tools makes MCP tools of catalog entries: it converts tool
// definitions to mcp-go tools, runs calls (validate the arguments, build the
// HTTP request from the plan, sign, send with retries, shape the result) and
// provides the openapi.* control tools. It never parses OpenAPI documents.
package tools
