package tools

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/cognito-mcp/cognito-mcp/executor"
)

// resultText is the text of a result's first content.
func resultText(t testing.TB, res *mcp.CallToolResult) string {
	t.Helper()
	if res == nil || len(res.Content) == 0 {
		t.Fatalf("result has no content: %#v", res)
	}
	tc, ok := res.Content[0].(mcp.TextContent)
	if !ok {
		t.Fatalf("content is %T, want text", res.Content[0])
	}
	return tc.Text
}

func wantError(t *testing.T, res *mcp.CallToolResult, substrings ...string) string {
	t.Helper()
	text := resultText(t, res)
	if !res.IsError {
		t.Fatalf("want an isError result, got success: %s", text)
	}
	for _, s := range substrings {
		if !strings.Contains(text, s) {
			t.Errorf("error text %q does not mention %q", text, s)
		}
	}
	return text
}

func wantSuccess(t *testing.T, res *mcp.CallToolResult) string {
	t.Helper()
	text := resultText(t, res)
	if res.IsError {
		t.Fatalf("want success, got error: %s", text)
	}
	return text
}

type mcpCallRequest = mcp.CallToolRequest

// newCaller is a Caller of a new executor with opts and the default cap.
func newCaller(opts executor.Options) *Caller {
	return NewCaller(executor.New(opts), CallerOptions{})
}

// upstream records the requests it receives.
func upstream(t *testing.T) (*httptest.Server, chan *http.Request) {
	t.Helper()
	got := make(chan *http.Request, 10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- r
		w.Write([]byte(`{"ok": true}`))
	}))
	t.Cleanup(srv.Close)
	return srv, got
}
