package tools

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/cognito-mcp/cognito-mcp/executor"
	"github.com/cognito-mcp/cognito-mcp/internal/cognitotest"
	"github.com/cognito-mcp/cognito-mcp/inventory"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// TestHandlerThroughMCP serves a tool with its handler and calls it with
// the in-process MCP client, so structured results survive the protocol.
func TestHandlerThroughMCP(t *testing.T) {
	up := cognitotest.NewStub(t,
		cognitotest.Answer{Status: 200, Body: `{"User":{"Username":"alice","UserCreateDate":1700000000,"Enabled":true}}`},
		cognitotest.Answer{Status: 400, Body: `{"__type":"ResourceNotFoundException","message":"User pool eu-west-1_zzz does not exist."}`})
	e := newCaller(executor.Options{AWS: cognitotest.Config(up.URL)})
	tool := cognitotest.AdminCreateUser()
	srv := server.NewMCPServer("test", "1.0.0", server.WithToolCapabilities(true))
	srv.AddTools(server.ServerTool{Tool: MCPTool(tool, inventory.CompactNames), Handler: e.Handler(tool, &executor.Target{})})

	c, err := client.NewInProcessClient(srv)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	ctx := context.Background()
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	init := mcp.InitializeRequest{}
	init.Params.ProtocolVersion = "2025-11-25"
	init.Params.ClientInfo = mcp.Implementation{Name: "test", Version: "1"}
	if _, err := c.Initialize(ctx, init); err != nil {
		t.Fatal(err)
	}

	call := func(args map[string]any) *mcp.CallToolResult {
		t.Helper()
		req := mcp.CallToolRequest{}
		req.Params.Name = tool.Name
		req.Params.Arguments = args
		res, err := c.CallTool(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	res := call(map[string]any{"UserPoolId": "eu-west-1_abc", "Username": "alice"})
	wantSuccess(t, res)
	var got struct {
		User struct{ UserCreateDate string }
	}
	raw, _ := json.Marshal(res.StructuredContent)
	if err := json.Unmarshal(raw, &got); err != nil || got.User.UserCreateDate != "2023-11-14T22:13:20Z" {
		t.Errorf("structuredContent = %s (%v)", raw, err)
	}

	wantError(t, call(map[string]any{"UserPoolId": "eu-west-1_zzz", "Username": "alice"}), "ResourceNotFoundException", "HTTP 400")
	wantError(t, call(map[string]any{"Username": "alice"}), "/UserPoolId: is required")
	if n := len(up.Requests()); n != 2 {
		t.Errorf("%d requests sent, want 2", n)
	}
}
