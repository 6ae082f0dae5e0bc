package peers

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// echoServerEnv makes the test binary serve newEchoServer over stdio instead of
// running tests, so the TypeScript client can start it as a stdio server.
const echoServerEnv = "PEERS_TEST_ECHO_SERVER"

func TestMain(m *testing.M) {
	if os.Getenv(echoServerEnv) == "stdio" {
		if err := server.ServeStdio(newEchoServer()); err != nil {
			fmt.Fprintln(os.Stderr, "echo server:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// newEchoServer is a small MCP server: three tools listed two per page,
// "echo" whose structuredContent matches its outputSchema, "bad_output" whose
// structuredContent breaks it, and "add_tool", which adds a tool.
func newEchoServer() *server.MCPServer {
	s := server.NewMCPServer("echo", "1.0.0",
		server.WithToolCapabilities(true),
		server.WithPaginationLimit(2),
	)
	var added atomic.Int32
	s.AddTools(
		server.ServerTool{
			Tool: mcp.NewTool("echo",
				mcp.WithDescription("Returns its text."),
				mcp.WithString("text", mcp.Required()),
				mcp.WithRawOutputSchema(json.RawMessage(`{"type":"object","properties":{"text":{"type":"string"}},"required":["text"]}`)),
			),
			Handler: func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
				text, err := req.RequireString("text")
				if err != nil {
					return mcp.NewToolResultError(err.Error()), nil
				}
				return mcp.NewToolResultStructured(map[string]any{"text": text}, text), nil
			},
		},
		server.ServerTool{
			Tool: mcp.NewTool("bad_output",
				mcp.WithDescription("Returns structured content its output schema forbids."),
				mcp.WithRawOutputSchema(json.RawMessage(`{"type":"object","properties":{"count":{"type":"integer"},"at":{"type":"string","format":"date-time"}},"required":["count"]}`)),
			),
			Handler: func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
				return mcp.NewToolResultStructured(map[string]any{"count": 1, "at": 1795672128}, "1"), nil
			},
		},
		server.ServerTool{
			Tool: mcp.NewTool("add_tool", mcp.WithDescription("Adds a tool named added_N.")),
			Handler: func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
				name := fmt.Sprintf("added_%d", added.Add(1))
				s.AddTools(server.ServerTool{
					Tool: mcp.NewTool(name),
					Handler: func(context.Context, mcp.CallToolRequest) (*mcp.CallToolResult, error) {
						return mcp.NewToolResultText(name), nil
					},
				})
				return mcp.NewToolResultText(name), nil
			},
		},
	)
	return s
}

func TestRunMCPClient(t *testing.T) {
	EnsureNodeModules(t)
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	streamable := httptest.NewServer(server.NewStreamableHTTPServer(newEchoServer()))
	t.Cleanup(streamable.Close)
	sse := httptest.NewServer(server.NewSSEServer(newEchoServer()))
	t.Cleanup(sse.Close)

	scenario := ClientScenario{
		Env: []string{echoServerEnv + "=stdio"},
		Calls: []ClientCall{
			{Name: "echo", Arguments: map[string]any{"text": "hello"}},
			{Name: "bad_output", ExpectError: true},
			{Name: "add_tool", WaitListChanged: true, ListAfter: true},
		},
	}
	tests := []struct {
		name      string
		transport []string
	}{
		{"stdio", []string{"stdio", self}},
		{"streamable http", []string{"http", streamable.URL + "/mcp"}},
		{"sse", []string{"sse", sse.URL + "/sse"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := RunMCPClient(t, scenario, tt.transport...)
			if len(got.Errors) > 0 {
				t.Fatalf("errors: %q", got.Errors)
			}
			if got.ProtocolVersion != "2025-11-25" {
				t.Errorf("protocol version %q, want 2025-11-25", got.ProtocolVersion)
			}
			if got.ServerInfo["name"] != "echo" {
				t.Errorf("server info %v", got.ServerInfo)
			}
			wantTools := []string{"add_tool", "bad_output", "echo"}
			if got.Tools.Count != 3 || got.Tools.Pages != 2 || !slices.Equal(sorted(got.Tools.Names), wantTools) {
				t.Errorf("tools: %d in %d pages %q, want %q in 2 pages", got.Tools.Count, got.Tools.Pages, got.Tools.Names, wantTools)
			}
			if len(got.Calls) != 3 {
				t.Fatalf("calls: %+v", got.Calls)
			}
			var echo mcp.CallToolResult
			if err := json.Unmarshal(got.Calls[0].Result, &echo); err != nil {
				t.Fatalf("echo result: %v", err)
			}
			if sc, _ := echo.StructuredContent.(map[string]any); sc["text"] != "hello" {
				t.Errorf("echo structuredContent = %v", echo.StructuredContent)
			}
			if e := got.Calls[1].Error; !strings.Contains(e, "output schema") {
				t.Errorf("bad_output error = %q, want the client to reject it against the output schema", e)
			}
			add := got.Calls[2]
			if !add.ListChanged || add.ToolsAfter == nil || add.ToolsAfter.Count != 4 {
				t.Errorf("add_tool: list_changed %v, tools after %+v", add.ListChanged, add.ToolsAfter)
			}
		})
	}
}

func TestRunMCPClientReportsFailures(t *testing.T) {
	EnsureNodeModules(t)
	streamable := httptest.NewServer(server.NewStreamableHTTPServer(newEchoServer()))
	t.Cleanup(streamable.Close)
	unauthorized := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="test"`)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"error":"unauthorized"}`)
	}))
	t.Cleanup(unauthorized.Close)

	tests := []struct {
		name      string
		scenario  ClientScenario
		transport []string
		wantErr   string
	}{
		{
			name:      "unknown tool",
			scenario:  ClientScenario{Calls: []ClientCall{{Name: "nope"}}},
			transport: []string{"http", streamable.URL + "/mcp"},
			wantErr:   "nope",
		},
		{
			name:      "nothing listening",
			transport: []string{"http", "http://127.0.0.1:1/mcp"},
			wantErr:   "fetch failed",
		},
		{
			name:      "streamable http 401",
			transport: []string{"http", unauthorized.URL + "/mcp"},
			wantErr:   "(HTTP 401)",
		},
		{
			name:      "sse 401",
			transport: []string{"sse", unauthorized.URL + "/sse"},
			wantErr:   "401",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := RunMCPClient(t, tt.scenario, tt.transport...)
			if !strings.Contains(strings.Join(got.Errors, "\n"), tt.wantErr) {
				t.Errorf("errors %q, want one mentioning %q", got.Errors, tt.wantErr)
			}
		})
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}
