package tools

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/cognito-mcp/cognito-mcp/internal/cognitotest"

	"github.com/cognito-mcp/cognito-mcp/executor"
	"github.com/cognito-mcp/cognito-mcp/openapi"
	"github.com/cognito-mcp/cognito-mcp/registry"
	"github.com/cognito-mcp/cognito-mcp/sourceauth"
)

func TestTruncation(t *testing.T) {
	big := `{"Users":[` + strings.Repeat(`{"Username":"user-with-a-long-name","Enabled":true},`, 100) + `{"Username":"last"}]}`
	up := cognitotest.NewStub(t, cognitotest.Answer{Status: 200, Body: big})
	for _, withSchema := range []bool{false, true} {
		tool := cognitotest.ListUsers()
		if !withSchema {
			tool.OutputSchema = nil
		}
		e := NewCaller(executor.New(executor.Options{AWS: cognitotest.Config(up.URL)}), CallerOptions{MaxResultBytes: 500})
		res := e.Call(context.Background(), tool, nil, map[string]any{"UserPoolId": "p"})
		text := resultText(t, res)
		if !strings.Contains(text, "[truncated: the result is "+strconv.Itoa(len(big))+" bytes") {
			t.Errorf("no truncation notice: %s", text)
		}
		if res.StructuredContent != nil {
			t.Error("truncated result carries structuredContent")
		}
		if res.IsError != withSchema {
			t.Errorf("isError = %v with output schema %v", res.IsError, withSchema)
		}
		if len(text) > 500+300 {
			t.Errorf("truncated text is %d bytes", len(text))
		}
	}
}

func TestHandler(t *testing.T) {
	up := cognitotest.NewStub(t, cognitotest.Answer{Status: 200, Body: `{"Users":[]}`})
	e := newCaller(executor.Options{AWS: cognitotest.Config(up.URL)})
	h := e.Handler(cognitotest.ListUsers(), nil)
	var req mcpCallRequest
	req.Params.Name = "cognito_listusers"
	req.Params.Arguments = map[string]any{"UserPoolId": "p"}
	res, err := h(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	wantSuccess(t, res)
}

// TestUnauthorizedSaysWhatToConfigure: a 401 from an added source's API
// tells the agent which scheme to configure, naming no secret.
func TestUnauthorizedSaysWhatToConfigure(t *testing.T) {
	up := cognitotest.NewStub(t, cognitotest.Answer{Status: 401, Header: map[string]string{"Content-Type": "application/json"}, Body: `{"message":"missing api key"}`})
	auth := sourceauth.New(
		[]openapi.SecurityScheme{{Name: "api_key", Type: "apiKey", In: "header", Param: "api_key"}},
		nil, sourceauth.Options{Getenv: func(string) string { return "" }},
	)
	tool := &openapi.Tool{Name: "pets_inventory", InputSchema: json.RawMessage(`{"type":"object"}`),
		Plan: openapi.Plan{Method: "GET", Path: "/store/inventory", Security: []openapi.SecurityRequirement{{"api_key": nil}}}}
	res := newCaller(executor.Options{}).Call(context.Background(), tool, &executor.Target{BaseURL: up.URL, Auth: auth}, nil)
	wantError(t, res, "401", "missing api key", "security scheme api_key", `{"api_key": {"env"`)

	// A 404 is not about credentials.
	up = cognitotest.NewStub(t, cognitotest.Answer{Status: 404, Header: map[string]string{"Content-Type": "application/json"}, Body: `{"message":"no such pet"}`})
	res = newCaller(executor.Options{}).Call(context.Background(), tool, &executor.Target{BaseURL: up.URL, Auth: auth}, nil)
	if text := wantError(t, res, "404", "no such pet"); strings.Contains(text, "security scheme") {
		t.Errorf("404 result talks about auth: %q", text)
	}
}

// TestTruncationSaysHowToGetTheRest: the notice of a cut result names the
// token argument of a paginated operation and its page size argument, and
// suggests a narrower request for others.
func TestTruncationSaysHowToGetTheRest(t *testing.T) {
	cat, err := registry.Cognito()
	if err != nil {
		t.Fatal(err)
	}
	big := strings.Repeat("x", 2000)
	for _, tc := range []struct {
		tool     string
		overflow bool
		want     string
	}{
		{"cognito_list_users", false, "Call again with a smaller Limit so that each page fits, then pass PaginationToken from each result as PaginationToken to get the next page.]"},
		{"cognito_list_user_pools", true, "Call again with a smaller MaxResults so that each page fits, then pass NextToken from each result as NextToken to get the next page.]"},
		{"cognito_describe_user_pool", false, "Ask for less (a narrower filter or a smaller limit) or raise the result size limit (--max-result-bytes).]"},
	} {
		tool := cat.Tool(tc.tool)
		if tool == nil {
			t.Fatalf("no tool %s", tc.tool)
		}
		res := &executor.Result{Status: 200, Text: big, Body: []byte(big), Overflow: tc.overflow}
		text := resultText(t, CallResult(tool, res, nil, 1024))
		if !strings.HasSuffix(text, tc.want) {
			t.Errorf("%s: notice %q, want it to end with %q", tc.tool, text[1024:], tc.want)
		}
	}
	// A paginator without a page size argument: a narrower request.
	tool := *cat.Tool("cognito_list_users")
	tool.Paging = &openapi.Paging{InputTokens: []string{"Marker"}, OutputTokens: []string{"NextMarker"}}
	text := resultText(t, CallResult(&tool, &executor.Result{Status: 200, Text: big}, nil, 1024))
	if want := "Narrow the request with a filter so that each page fits, then pass NextMarker from each result as Marker to get the next page.]"; !strings.HasSuffix(text, want) {
		t.Errorf("notice %q, want it to end with %q", text[1024:], want)
	}
}
