package rpcguard

import (
	"encoding/json"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
)

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		name, msg, header string
		code              int // 0: let through
		id                string
	}{
		{"request", `{"jsonrpc":"2.0","id":1,"method":"ping"}`, "", 0, ""},
		{"notification", `{"jsonrpc":"2.0","method":"notifications/initialized"}`, "", 0, ""},
		{"response", `{"jsonrpc":"2.0","id":null,"result":{}}`, "", 0, ""},
		{"not JSON", `{"jsonrpc":`, "", 0, ""},
		{"batch", ` [{"jsonrpc":"2.0","id":1,"method":"ping"}]`, "", mcp.INVALID_REQUEST, "null"},
		{"null id", `{"jsonrpc":"2.0","id":null,"method":"ping"}`, "", mcp.INVALID_REQUEST, "null"},
		{"known versions", `{"jsonrpc":"2.0","id":2,"method":"ping","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}}}`, "2026-07-28", 0, ""},
		{"unknown header version", `{"jsonrpc":"2.0","id":"a","method":"ping"}`, "2025-01-01", mcp.UNSUPPORTED_PROTOCOL_VERSION, `"a"`},
		{"unknown _meta version", `{"jsonrpc":"2.0","id":3,"method":"ping","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2025-01-01"}}}`, "", mcp.UNSUPPORTED_PROTOCOL_VERSION, "3"},
		{"header and _meta disagree", `{"jsonrpc":"2.0","id":4,"method":"server/discover","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"v999.0.0"}}}`, "2026-07-28", mcp.HEADER_MISMATCH, "4"},
		{"initialize negotiates its own version", `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-01-01"}}`, "", 0, ""},
	} {
		r := Check([]byte(tc.msg), tc.header, mcp.IsValidProtocolVersion)
		if tc.code == 0 {
			if r != nil {
				t.Errorf("%s: refused with %s", tc.name, r.JSON())
			}
			continue
		}
		if r == nil {
			t.Errorf("%s: let through", tc.name)
			continue
		}
		var got struct {
			ID    json.RawMessage `json:"id"`
			Error struct {
				Code int `json:"code"`
				Data struct {
					Supported []string `json:"supported"`
				} `json:"data"`
			} `json:"error"`
		}
		if err := json.Unmarshal(r.JSON(), &got); err != nil {
			t.Fatal(err)
		}
		if got.Error.Code != tc.code || string(got.ID) != tc.id || r.Status != 400 {
			t.Errorf("%s: %s (HTTP %d), want code %d id %s", tc.name, r.JSON(), r.Status, tc.code, tc.id)
		}
		if tc.code == mcp.UNSUPPORTED_PROTOCOL_VERSION && len(got.Error.Data.Supported) != len(mcp.ValidProtocolVersions) {
			t.Errorf("%s: supported %v", tc.name, got.Error.Data.Supported)
		}
	}
}
