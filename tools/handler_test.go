package tools

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/cognito-mcp/cognito-mcp/openapi"
)

// TestHandlerThroughMCP serves a tool with its handler and calls it with
// the in-process MCP client, so structured results survive the protocol.
func TestHandlerThroughMCP(t *testing.T) {
	up := newStub(t,
		answer{status: 200, body: `{"User":{"Username":"alice","UserCreateDate":1700000000,"Enabled":true}}`},
		answer{status: 400, body: `{"__type":"ResourceNotFoundException","message":"User pool eu-west-1_zzz does not exist."}`})
	e := NewExecutor(ExecutorOptions{AWS: testAWS(up.URL)})
	tool := adminCreateUser()
	srv := server.NewMCPServer("test", "1.0.0", server.WithToolCapabilities(true))
	srv.AddTools(server.ServerTool{Tool: MCPTool(tool, CompactNames), Handler: e.Handler(tool, &Target{})})

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
	if n := len(up.requests()); n != 2 {
		t.Errorf("%d requests sent, want 2", n)
	}
}

func TestAWSEndpointForOtherServices(t *testing.T) {
	e := NewExecutor(ExecutorOptions{AWS: testAWS("http://127.0.0.1:9229")})
	plan := &openapi.Plan{
		AWS:     &openapi.AWS{Target: "DynamoDB_20120810.ListTables", SigningName: "dynamodb", JSONVersion: "1.0"},
		Servers: []openapi.Server{{URL: "http://dynamodb.{region}.amazonaws.com", Variables: []openapi.ServerVariable{{Name: "region", Default: "us-east-1"}}}},
	}
	if got, want := e.awsEndpoint(plan, testRegion), "https://dynamodb.eu-west-1.amazonaws.com"; got != want {
		t.Errorf("endpoint = %q, want %q", got, want)
	}
	plan.AWS.SigningName = "cognito-idp"
	if got := e.awsEndpoint(plan, testRegion); got != "http://127.0.0.1:9229" {
		t.Errorf("cognito endpoint = %q", got)
	}
}

func TestUncompilableSchemaStillSends(t *testing.T) {
	up := newStub(t)
	e := NewExecutor(ExecutorOptions{AWS: testAWS(up.URL)})
	tool := cognitoTool("ListUsers", `{"type":"object","properties":{"A":{"$ref":"#/$defs/Missing"}}}`, "")
	wantSuccess(t, e.Call(context.Background(), tool, nil, map[string]any{"A": "x"}))
	if len(up.requests()) != 1 {
		t.Error("request not sent")
	}
}
