package executor_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/cognito-mcp/cognito-mcp/awsconf"
	"github.com/cognito-mcp/cognito-mcp/executor"
	"github.com/cognito-mcp/cognito-mcp/openapi"
)

// A Cognito operation sent unsigned (SignUp needs no IAM credentials) to a
// local stand-in for the service.
func ExampleExecutor_Call() {
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Println(r.Method, r.URL.Path, r.Header.Get("X-Amz-Target"), r.Header.Get("Content-Type"))
		w.Write([]byte(`{"UserConfirmed":false,"UserSub":"5f0c1e2a"}`))
	}))
	defer upstream.Close()

	tool := &openapi.Tool{
		Name:        "cognito_sign_up",
		InputSchema: json.RawMessage(`{"type":"object","properties":{"ClientId":{"type":"string"},"Username":{"type":"string"},"Password":{"type":"string"}},"required":["ClientId","Username","Password"]}`),
		Plan: openapi.Plan{Method: "POST", Path: "/", AWS: &openapi.AWS{
			Target: "AWSCognitoIdentityProviderService.SignUp", SigningName: "cognito-idp", JSONVersion: "1.1", Unsigned: true}},
	}
	e := executor.New(executor.Options{AWS: &awsconf.Config{Endpoint: upstream.URL}})
	res, err := e.Call(context.Background(), tool, nil, map[string]any{"ClientId": "app", "Username": "alice", "Password": "correct horse"})
	fmt.Println(res.Status, res.Value.(map[string]any)["UserSub"], err)

	_, err = e.Call(context.Background(), tool, nil, map[string]any{"ClientId": "app"})
	if ve, ok := errors.AsType[*executor.ValidationError](err); ok {
		fmt.Println(ve.Violations)
	}
	fmt.Println(err)
	// Output:
	// POST / AWSCognitoIdentityProviderService.SignUp application/x-amz-json-1.1
	// 200 5f0c1e2a <nil>
	// [/Password: is required /Username: is required]
	// invalid arguments for cognito_sign_up; nothing was sent:
	// - /Password: is required
	// - /Username: is required
}
