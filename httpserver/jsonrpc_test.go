package httpserver

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
)

// rpcAnswer is a JSON-RPC error response as the tests read it.
type rpcAnswer struct {
	ID    json.RawMessage `json:"id"`
	Error *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
		Data    struct {
			Supported []string `json:"supported"`
			Requested string   `json:"requested"`
		} `json:"data"`
	} `json:"error"`
	Result *struct {
		ProtocolVersion string `json:"protocolVersion"`
	} `json:"result"`
}

func decodeAnswer(t *testing.T, body string) rpcAnswer {
	t.Helper()
	var a rpcAnswer
	if err := json.Unmarshal([]byte(body), &a); err != nil {
		t.Fatalf("not a JSON-RPC answer: %v: %s", err, body)
	}
	return a
}

// TestJSONRPCEdges: batches, null ids and unknown protocol versions get
// the JSON-RPC errors the specification names.
func TestJSONRPCEdges(t *testing.T) {
	tt := newTestTools(t)
	r := startHTTP(t, tt.srv, testConfig(nil), nil)
	session := initSession(t, r.base)
	inSession := map[string]string{"Mcp-Session-Id": session, "Mcp-Protocol-Version": "2025-11-25"}
	modern := `{"jsonrpc":"2.0","id":7,"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"%s","io.modelcontextprotocol/clientCapabilities":{},"io.modelcontextprotocol/clientInfo":{"name":"t","version":"1"}}}}`

	for _, tc := range []struct {
		name   string
		body   string
		header map[string]string
		status int
		code   int
		id     string
	}{
		{"batch", `[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","id":2,"method":"tools/list"}]`, inSession, 400, mcp.INVALID_REQUEST, "null"},
		{"empty batch", `[]`, inSession, 400, mcp.INVALID_REQUEST, "null"},
		{"null id", `{"jsonrpc":"2.0","id":null,"method":"tools/list"}`, inSession, 400, mcp.INVALID_REQUEST, "null"},
		{"null id on initialize", strings.Replace(initBody, `"id":1`, `"id":null`, 1), nil, 400, mcp.INVALID_REQUEST, "null"},
		{"unknown version in the header", `{"jsonrpc":"2.0","id":3,"method":"tools/list"}`,
			map[string]string{"Mcp-Session-Id": session, "Mcp-Protocol-Version": "2025-01-01"}, 400, mcp.UNSUPPORTED_PROTOCOL_VERSION, "3"},
		{"unknown old version in _meta", strings.Replace(modern, "%s", "2025-01-01", 1), map[string]string{"Mcp-Protocol-Version": "2025-01-01"}, 400, mcp.UNSUPPORTED_PROTOCOL_VERSION, "7"},
		{"unknown new version in _meta", strings.Replace(modern, "%s", "2027-01-01", 1), map[string]string{"Mcp-Protocol-Version": "2027-01-01"}, 400, mcp.UNSUPPORTED_PROTOCOL_VERSION, "7"},
		{"parse error stays a parse error", `{"jsonrpc":`, inSession, 400, mcp.PARSE_ERROR, "null"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := do(t, http.MethodPost, r.base+mcpPath, tc.body, tc.header)
			a := decodeAnswer(t, body)
			if a.Error == nil || a.Error.Code != tc.code || string(a.ID) != tc.id {
				t.Fatalf("HTTP %d %s, want error %d with id %s", resp.StatusCode, body, tc.code, tc.id)
			}
			if resp.StatusCode != tc.status {
				t.Errorf("HTTP %d, want %d", resp.StatusCode, tc.status)
			}
			if tc.code == mcp.UNSUPPORTED_PROTOCOL_VERSION {
				if !slices.Contains(a.Error.Data.Supported, "2025-11-25") || !slices.Contains(a.Error.Data.Supported, "2026-07-28") || a.Error.Data.Requested == "" {
					t.Errorf("data %+v does not list the supported versions", a.Error.Data)
				}
			}
		})
	}

	t.Run("GET with an unknown version", func(t *testing.T) {
		resp, body := do(t, http.MethodGet, r.base+mcpPath, "", map[string]string{"Accept": "text/event-stream", "Mcp-Session-Id": session, "Mcp-Protocol-Version": "2025-01-01"})
		if a := decodeAnswer(t, body); resp.StatusCode != 400 || a.Error == nil || a.Error.Code != mcp.UNSUPPORTED_PROTOCOL_VERSION {
			t.Errorf("HTTP %d %s", resp.StatusCode, body)
		}
	})
	// initialize negotiates, as revision 2025-11-25 says: an unknown
	// version is answered with one the server supports.
	t.Run("initialize negotiates", func(t *testing.T) {
		_, body := do(t, http.MethodPost, r.base+mcpPath, strings.Replace(initBody, "2025-11-25", "2025-01-01", 1), nil)
		if a := decodeAnswer(t, body); a.Result == nil || a.Result.ProtocolVersion != "2025-11-25" {
			t.Errorf("initialize with 2025-01-01: %s", body)
		}
	})
	// Both revisions keep working.
	for _, version := range []string{"2025-11-25", "2026-07-28"} {
		t.Run("client "+version, func(t *testing.T) {
			c := dial(t, r.base, "streamable", version, "", nil)
			if got := callText(t, c, "echo", map[string]any{"text": "hi"}); !strings.Contains(got, "hi") {
				t.Errorf("echo over %s: %s", version, got)
			}
		})
	}
	// The modern revision stated properly is served.
	t.Run("modern request", func(t *testing.T) {
		resp, body := do(t, http.MethodPost, r.base+mcpPath, strings.Replace(modern, "%s", "2026-07-28", 1), map[string]string{"Mcp-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/list"})
		if resp.StatusCode != 200 || !strings.Contains(body, `"tools"`) {
			t.Errorf("HTTP %d %.300s", resp.StatusCode, body)
		}
	})
}

// TestJSONRPCEdgesSSE: the SSE transport's /message refuses batches and
// null ids the same way.
func TestJSONRPCEdgesSSE(t *testing.T) {
	tt := newTestTools(t)
	r := startHTTP(t, tt.srv, testConfig(nil), nil)
	for _, body := range []string{`[{"jsonrpc":"2.0","id":1,"method":"ping"}]`, `{"jsonrpc":"2.0","id":null,"method":"ping"}`} {
		resp, out := do(t, http.MethodPost, r.base+messagePath+"?sessionId=none", body, nil)
		if a := decodeAnswer(t, out); resp.StatusCode != 400 || a.Error == nil || a.Error.Code != mcp.INVALID_REQUEST {
			t.Errorf("%s: HTTP %d %s", body, resp.StatusCode, out)
		}
	}
}
