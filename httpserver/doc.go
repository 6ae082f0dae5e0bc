// Package httpserver serves an mcp-go MCP server over HTTP: Streamable HTTP
// at /mcp, the older SSE transport at /sse and /message, and /healthz, all
// on one listener.
//
// It owns everything between the socket and the MCP server: the Host and
// Origin checks that stop DNS rebinding (and the CORS answers that go with
// them), the bearer token, request body limits, read and write timeouts,
// an access log that never shows arguments, tokens or whole session ids,
// a cap on live Streamable HTTP sessions (least recently used idle ones
// are evicted), the JSON-RPC errors mcp-go gets wrong (batches, null ids,
// unknown protocol versions), and a graceful shutdown that lets calls in
// flight finish before it closes the event streams.
//
//	cfg := httpserver.DefaultConfig()
//	cfg.Addr = "127.0.0.1:8080"
//	err := httpserver.Serve(ctx, mcpSrv, cfg, log) // until ctx ends
//
// It never knows which tools the MCP server has, nor anything of OpenAPI or
// AWS, and it never reads flags or the environment: the caller passes a
// Config, the token included. Its error messages name the cognito-mcp flags
// that change each setting.
package httpserver
