package tools

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/cognito-mcp/cognito-mcp/inventory"
	"github.com/cognito-mcp/cognito-mcp/openapi"
)

// TestEncodedLen: the size a preview reports for a tool is what the tool
// marshals to, whatever its schemas hold, and a tool that does not marshal
// is not counted.
func TestEncodedLen(t *testing.T) {
	for _, tt := range []struct{ in, out string }{
		{`{"type":"object"}`, ``},
		{`{"type":"object","description":"a < b > c & d \u2028 e \u2029"}`, `{"type":"object"}`},
		{"{\"type\": \"object\",\n \"description\": \"raw \u2028 and \u2029 <&>\"}", ` { "type" : "object" } `},
		{`{"type":"object","description":"\u003c already escaped \\\" quote"}`, ``},
		{`{"type":`, ``},
		{`{"type":"object"}`, `{"not json`},
	} {
		tool := openapi.Tool{Name: "t_x", Path: "t.x", Title: "x", Description: "Says <hi> & bye.", InputSchema: json.RawMessage(tt.in)}
		if tt.out != "" {
			tool.OutputSchema = json.RawMessage(tt.out)
		}
		m := MCPTool(&tool, inventory.CompactNames)
		want, err := json.Marshal(m)
		var buf bytes.Buffer
		got, ok := encodedLen(m, &buf)
		switch {
		case err != nil && ok:
			t.Errorf("%s %s: counted %d bytes, but it does not marshal: %v", tt.in, tt.out, got, err)
		case err == nil && (!ok || got != len(want)):
			t.Errorf("%s %s: counted %d bytes (%v), marshals to %d", tt.in, tt.out, got, ok, len(want))
		}
	}
	var buf bytes.Buffer
	if _, ok := encodedLen(mcp.Tool{Name: "empty", RawInputSchema: json.RawMessage{}}, &buf); ok {
		t.Error("an empty raw schema counted")
	}
}
