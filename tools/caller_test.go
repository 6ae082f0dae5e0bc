package tools

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/cognito-mcp/cognito-mcp/executor"
	"github.com/cognito-mcp/cognito-mcp/openapi"
	"github.com/cognito-mcp/cognito-mcp/sourceauth"
)

func TestTruncation(t *testing.T) {
	big := `{"Users":[` + strings.Repeat(`{"Username":"user-with-a-long-name","Enabled":true},`, 100) + `{"Username":"last"}]}`
	up := newStub(t, answer{status: 200, body: big})
	for _, withSchema := range []bool{false, true} {
		tool := listUsers()
		if !withSchema {
			tool.OutputSchema = nil
		}
		e := NewCaller(executor.New(executor.Options{AWS: testAWS(up.URL)}), CallerOptions{MaxResultBytes: 500})
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
	up := newStub(t, answer{status: 200, body: `{"Users":[]}`})
	e := newCaller(executor.Options{AWS: testAWS(up.URL)})
	h := e.Handler(listUsers(), nil)
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
	up := newStub(t, answer{status: 401, header: map[string]string{"Content-Type": "application/json"}, body: `{"message":"missing api key"}`})
	auth := sourceauth.New(
		[]openapi.SecurityScheme{{Name: "api_key", Type: "apiKey", In: "header", Param: "api_key"}},
		nil, sourceauth.Options{Getenv: func(string) string { return "" }},
	)
	tool := &openapi.Tool{Name: "pets_inventory", InputSchema: json.RawMessage(`{"type":"object"}`),
		Plan: openapi.Plan{Method: "GET", Path: "/store/inventory", Security: []openapi.SecurityRequirement{{"api_key": nil}}}}
	res := newCaller(executor.Options{}).Call(context.Background(), tool, &executor.Target{BaseURL: up.URL, Auth: auth}, nil)
	wantError(t, res, "401", "missing api key", "security scheme api_key", `{"api_key": {"env"`)

	// A 404 is not about credentials.
	up = newStub(t, answer{status: 404, header: map[string]string{"Content-Type": "application/json"}, body: `{"message":"no such pet"}`})
	res = newCaller(executor.Options{}).Call(context.Background(), tool, &executor.Target{BaseURL: up.URL, Auth: auth}, nil)
	if text := wantError(t, res, "404", "no such pet"); strings.Contains(text, "security scheme") {
		t.Errorf("404 result talks about auth: %q", text)
	}
}
