package rpcguard

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"

	"github.com/mark3labs/mcp-go/mcp"
)

// Refusal is the error answer to a message that goes no further.
type Refusal struct {
	// ID is the request's id, or null when it can't be had.
	ID json.RawMessage
	// Error is the JSON-RPC error.
	Error mcp.JSONRPCErrorDetails
	// Status is the HTTP status to answer with over HTTP.
	Status int
}

// JSON is the refusal as a JSON-RPC error response.
func (r *Refusal) JSON() []byte {
	id := r.ID
	if len(id) == 0 {
		id = json.RawMessage("null")
	}
	b, _ := json.Marshal(struct {
		JSONRPC string                  `json:"jsonrpc"`
		ID      json.RawMessage         `json:"id"`
		Error   mcp.JSONRPCErrorDetails `json:"error"`
	}{mcp.JSONRPC_VERSION, id, r.Error})
	return b
}

// message is what the checks read of a message.
type message struct {
	ID     json.RawMessage `json:"id"`
	Method *string         `json:"method"`
	Params struct {
		Meta struct {
			ProtocolVersion string `json:"io.modelcontextprotocol/protocolVersion"`
		} `json:"_meta"`
	} `json:"params"`
}

// Check looks at one message (headerVersion is the MCP-Protocol-Version
// header over HTTP, "" otherwise) and returns the refusal it deserves, or
// nil to let it through. supports says which protocol versions the server
// implements; nil skips the version check. A message that is not JSON is
// let through, for the transport's own parse error.
func Check(msg []byte, headerVersion string, supports func(string) bool) *Refusal {
	msg = bytes.TrimSpace(msg)
	if len(msg) > 0 && msg[0] == '[' {
		return invalid("JSON-RPC batches are not part of MCP; send each message on its own")
	}
	var m message
	if json.Unmarshal(msg, &m) != nil {
		return nil
	}
	if m.Method != nil && string(m.ID) == "null" {
		return invalid("id must be a string or a number, not null; a notification leaves id out")
	}
	if supports == nil || m.Method == nil {
		return nil
	}
	if meta := m.Params.Meta.ProtocolVersion; headerVersion != "" && meta != "" && headerVersion != meta {
		// The header and the body disagree: that is the error, whether or
		// not either version is one the server knows.
		e := mcp.HeaderMismatchError{Header: "MCP-Protocol-Version", Reason: "the header says " + clip(headerVersion) + ", the request's _meta " + clip(meta) + "; send the same version in both"}
		r := &Refusal{Error: mcp.JSONRPCErrorDetails{Code: mcp.HEADER_MISMATCH, Message: e.Error()}, Status: http.StatusBadRequest}
		if len(m.ID) > 0 && len(m.ID) <= 256 {
			r.ID = m.ID
		}
		return r
	}
	for _, v := range []string{headerVersion, m.Params.Meta.ProtocolVersion} {
		if v != "" && !supports(v) {
			r := Unsupported(v, supports)
			if len(m.ID) > 0 && len(m.ID) <= 256 {
				r.ID = m.ID
			}
			return r
		}
	}
	return nil
}

// Unsupported is the UnsupportedProtocolVersion refusal of version, with
// the versions supports accepts, newest first.
func Unsupported(version string, supports func(string) bool) *Refusal {
	supported := slices.DeleteFunc(slices.Clone(mcp.ValidProtocolVersions), func(v string) bool { return !supports(v) })
	e := mcp.UnsupportedProtocolVersionError{Version: version, Supported: supported}.JSONRPCError()
	return &Refusal{Error: e.Error, Status: http.StatusBadRequest}
}

func invalid(why string) *Refusal {
	return &Refusal{Error: mcp.JSONRPCErrorDetails{Code: mcp.INVALID_REQUEST, Message: "Invalid Request: " + why}, Status: http.StatusBadRequest}
}

// clip quotes a version as the client sent it, cut to a sane length.
func clip(v string) string {
	if len(v) > 40 {
		v = v[:40] + "..."
	}
	return strconv.Quote(v)
}
