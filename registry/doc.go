// Package registry owns the set of live OpenAPI sources: the embedded
// Cognito default and the sources added at run time. It previews, adds,
// removes and persists sources and hands their tool definitions to the MCP
// server in batches. It never builds or sends API requests.
package registry
