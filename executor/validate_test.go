package executor

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/cognito-mcp/cognito-mcp/internal/cognitotest"
)

func TestValidationNamesFields(t *testing.T) {
	tests := []struct {
		name string
		args map[string]any
		want []string
	}{
		{"missing required", map[string]any{"Username": "alice"},
			[]string{"/UserPoolId: is required"}},
		{"nested required and type", map[string]any{"UserPoolId": "eu-west-1_abc", "Username": "alice",
			"UserAttributes": []any{map[string]any{"Value": "x"}, map[string]any{"Name": 5.0}}},
			[]string{"/UserAttributes/0/Name: is required", "/UserAttributes/1/Name: must be of type string, not number"}},
		{"unknown argument", map[string]any{"UserPoolId": "eu-west-1_abc", "Username": "alice", "Colour": "red"},
			[]string{"/Colour: is not a known argument here"}},
		{"enum", map[string]any{"UserPoolId": "eu-west-1_abc", "Username": "alice", "MessageAction": "LOUD"},
			[]string{`/MessageAction: must be one of "RESEND", "SUPPRESS"`}},
		{"pattern via $ref", map[string]any{"UserPoolId": "no underscore", "Username": "alice"},
			[]string{"/UserPoolId: must match the pattern"}},
		{"length", map[string]any{"UserPoolId": "eu-west-1_abc", "Username": ""},
			[]string{"/Username: must be at least 1 characters long"}},
	}
	up := cognitotest.NewStub(t)
	e := New(Options{AWS: cognitotest.Config(up.URL)})
	tool := cognitotest.AdminCreateUser()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wantError(t, e.callT(context.Background(), tool, nil, tc.args), append(tc.want, "nothing was sent")...)
		})
	}
	if n := len(up.Requests()); n != 0 {
		t.Errorf("%d requests sent with invalid arguments", n)
	}
}

func TestValidationNeverEchoesSecrets(t *testing.T) {
	up := cognitotest.NewStub(t)
	e := New(Options{AWS: cognitotest.Config(up.URL)})
	const secret = "sh ort" // breaks both minLength and the no-space pattern
	res := e.callT(context.Background(), cognitotest.AdminCreateUser(), nil, map[string]any{
		"UserPoolId": "eu-west-1_abc", "Username": "alice", "TemporaryPassword": secret})
	text := wantError(t, res, "/TemporaryPassword")
	if strings.Contains(text, secret) {
		t.Errorf("error echoes the password: %s", text)
	}
}

func TestValidationToleratesECMAOnlyPatterns(t *testing.T) {
	up := cognitotest.NewStub(t)
	e := New(Options{AWS: cognitotest.Config(up.URL)})
	tool := cognitotest.CognitoTool("CreateUserImportJob", `{"type":"object","properties":{"Bucket":{"type":"string","pattern":"^(?<!\\.)[a-z]+$"}}}`, "")
	wantSuccess(t, e.callT(context.Background(), tool, nil, map[string]any{"Bucket": "abc"}))
}

func TestValidationConcurrent(t *testing.T) {
	up := cognitotest.NewStub(t)
	e := New(Options{AWS: cognitotest.Config(up.URL)})
	tool := cognitotest.AdminCreateUser()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			args := map[string]any{"UserPoolId": "eu-west-1_abc", "Username": "u"}
			if i%2 == 0 {
				delete(args, "Username")
			}
			res := e.callT(context.Background(), tool, nil, args)
			if res.IsError != (i%2 == 0) {
				t.Errorf("call %d: isError = %v", i, res.IsError)
			}
		})
	}
	wg.Wait()
}
