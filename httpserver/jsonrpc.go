package httpserver

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"

	"github.com/mark3labs/mcp-go/mcp"
)

// rpcMessage is what the JSON-RPC checks read of a message.
type rpcMessage struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Method  *string         `json:"method"`
	Params  struct {
		ProtocolVersion string `json:"protocolVersion"`
		Meta            struct {
			ProtocolVersion string `json:"io.modelcontextprotocol/protocolVersion"`
		} `json:"_meta"`
	} `json:"params"`
}

// checkRPC answers the JSON-RPC edges mcp-go gets wrong, before the
// transport sees the message, and reports whether the message may go on:
//
//   - a batch (an array) is an Invalid Request (-32600): MCP has no
//     batches since 2025-06-18, and mcp-go calls it a parse error;
//   - a request whose id is null is an Invalid Request, where mcp-go would
//     take it for a notification and answer nothing;
//   - a declared protocol version (the MCP-Protocol-Version header, or the
//     request's _meta) the server does not implement gets
//     UnsupportedProtocolVersion (-32022) with the supported versions, where
//     mcp-go takes any version earlier than 2026-07-28 for an old client.
//     initialize's own params.protocolVersion is negotiated as the
//     2025-11-25 revision says: the answer names a version the server
//     supports.
//
// versions checks protocol versions; nil skips that check (the SSE
// transport has none).
func checkRPC(w http.ResponseWriter, r *http.Request, body []byte, versions func(string) bool) bool {
	if r.Method != http.MethodPost {
		if v := r.Header.Get(mcp.HeaderProtocolVersion); versions != nil && v != "" && !versions(v) {
			refuseVersion(w, nil, v, versions)
			return false
		}
		return true
	}
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) > 0 && trimmed[0] == '[' {
		refuseRPC(w, http.StatusBadRequest, nil, mcp.INVALID_REQUEST,
			"Invalid Request: JSON-RPC batches are not part of MCP; send each message in a request of its own")
		return false
	}
	var m rpcMessage
	if json.Unmarshal(trimmed, &m) != nil {
		return true // mcp-go answers -32700 Parse error
	}
	if m.Method != nil && string(m.ID) == "null" {
		refuseRPC(w, http.StatusBadRequest, nil, mcp.INVALID_REQUEST,
			"Invalid Request: id must be a string or a number, not null; a notification leaves id out")
		return false
	}
	if versions == nil || m.Method == nil {
		return true
	}
	for _, v := range []string{r.Header.Get(mcp.HeaderProtocolVersion), m.Params.Meta.ProtocolVersion} {
		if v != "" && !versions(v) {
			refuseVersion(w, m.ID, v, versions)
			return false
		}
	}
	return true
}

// refuseVersion answers UnsupportedProtocolVersion with the versions the
// server does implement, newest first.
func refuseVersion(w http.ResponseWriter, id json.RawMessage, requested string, versions func(string) bool) {
	supported := slices.DeleteFunc(slices.Clone(mcp.ValidProtocolVersions), func(v string) bool { return !versions(v) })
	e := mcp.UnsupportedProtocolVersionError{Version: requested, Supported: supported}.JSONRPCError()
	writeRPCError(w, http.StatusBadRequest, id, e.Error)
}

// refuseRPC answers a JSON-RPC error with the given HTTP status. A nil id
// is written as null, as JSON-RPC asks when the request's id can't be had.
func refuseRPC(w http.ResponseWriter, status int, id json.RawMessage, code int, msg string) {
	writeRPCError(w, status, id, mcp.JSONRPCErrorDetails{Code: code, Message: msg})
}

func writeRPCError(w http.ResponseWriter, status int, id json.RawMessage, details mcp.JSONRPCErrorDetails) {
	if len(id) == 0 {
		id = json.RawMessage("null")
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(struct {
		JSONRPC string                  `json:"jsonrpc"`
		ID      json.RawMessage         `json:"id"`
		Error   mcp.JSONRPCErrorDetails `json:"error"`
	}{mcp.JSONRPC_VERSION, id, details})
}

// checkRPC applies the JSON-RPC checks to the MCP endpoints: all of them
// on /mcp, all but the protocol version on the SSE transport's /message.
func (h *handler) checkRPC(w http.ResponseWriter, r *http.Request, body []byte) bool {
	switch r.URL.Path {
	case mcpPath:
		return checkRPC(w, r, body, h.streamable.SupportsProtocolVersion)
	case messagePath:
		return checkRPC(w, r, body, nil)
	}
	return true
}
