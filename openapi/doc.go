// Package openapi turns an OpenAPI document into MCP tool definitions and
// request plans. It does no I/O: callers pass bytes (and, for external
// $refs, a function that reads them) and get a *Catalog.
package openapi
