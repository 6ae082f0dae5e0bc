package httpserver

import (
	"encoding/json"
	"net/http"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/cognito-mcp/cognito-mcp/internal/rpcguard"
)

// checkRPC answers, on the MCP endpoints, the JSON-RPC messages mcp-go
// gets wrong (package rpcguard), and reports whether the request may go
// on to the transport. /mcp checks declared protocol versions too, on
// every method; the SSE transport's /message has none to check.
func (h *handler) checkRPC(w http.ResponseWriter, r *http.Request, body []byte) bool {
	var supports func(string) bool
	switch r.URL.Path {
	case mcpPath:
		supports = h.streamable.SupportsProtocolVersion
	case messagePath:
	default:
		return true
	}
	header := r.Header.Get(mcp.HeaderProtocolVersion)
	var refusal *rpcguard.Refusal
	if r.Method == http.MethodPost {
		refusal = rpcguard.Check(body, header, supports)
	} else if supports != nil && header != "" && !supports(header) {
		refusal = rpcguard.Unsupported(header, supports)
	}
	if refusal == nil {
		return true
	}
	writeRefusal(w, refusal)
	return false
}

// refuseRPC answers a JSON-RPC error with the given HTTP status; a nil id
// is written as null.
func refuseRPC(w http.ResponseWriter, status int, id json.RawMessage, code int, msg string) {
	writeRefusal(w, &rpcguard.Refusal{ID: id, Status: status, Error: mcp.JSONRPCErrorDetails{Code: code, Message: msg}})
}

func writeRefusal(w http.ResponseWriter, r *rpcguard.Refusal) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(r.Status)
	_, _ = w.Write(append(r.JSON(), '\n'))
}
