package executor

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/cognito-mcp/cognito-mcp/internal/cognitotest"

	"github.com/cognito-mcp/cognito-mcp/openapi"
)

func TestRedactJSON(t *testing.T) {
	in := `{"Username":"alice","Password":"p1","TemporaryPassword":"p2","ProposedPassword":"p3","PreviousPassword":"p4",
"AccessToken":"t1","RefreshToken":"t2","IdToken":"t3","Session":"s1","SecretHash":"h1","ClientSecret":"c1","SecretCode":"c2",
"Authorization":"Bearer x1","Cookie":"k=v1","X-Amz-Security-Token":"t4","AuthenticationResult":{"AccessToken":"t5","ExpiresIn":3600},
"ChallengeResponses":{"PASSWORD":"p5","USERNAME":"alice","SECRET_HASH":"h2"},"list":[{"api_key":"k1"}],"Limit":10}`
	out := string(redactJSON([]byte(in), nil))
	for _, secret := range []string{"p1", "p2", "p3", "p4", "t1", "t2", "t3", "s1", "h1", "c1", "c2", "x1", "v1", "t4", "t5", "p5", "h2", "k1"} {
		if strings.Contains(out, `"`+secret+`"`) || strings.Contains(out, secret+`"`) {
			t.Errorf("%q survives redaction: %s", secret, out)
		}
	}
	for _, kept := range []string{`"Username":"alice"`, `"USERNAME":"alice"`, `"ExpiresIn":3600`, `"Limit":10`} {
		if !strings.Contains(out, kept) {
			t.Errorf("%s was lost: %s", kept, out)
		}
	}
	if got := string(redactJSON([]byte("password=hunter2"), nil)); strings.Contains(got, "hunter2") {
		t.Errorf("non-JSON text kept: %s", got)
	}
}

func TestIsSecretName(t *testing.T) {
	for name, want := range map[string]bool{
		"Password": true, "TemporaryPassword": true, "AccessToken": true, "Session": true, "SecretHash": true,
		"ClientSecret": true, "Authorization": true, "cookie": true, "X-Amz-Security-Token": true, "PaginationToken": true,
		"Username": false, "UserPoolId": false, "ClientId": false, "Name": false, "Value": false,
	} {
		if got := isSecretName(name); got != want {
			t.Errorf("isSecretName(%s) = %v", name, got)
		}
	}
}

// TestRedactSensitive masks what the document marks sensitive (x-sensitive:
// Tool.Sensitive) on top of the names, at the marked paths only.
func TestRedactSensitive(t *testing.T) {
	sens := &openapi.Sensitive{
		Args:   []string{"Username", "UserAttributes[].Value"},
		Result: []string{"User.Attributes[].Value", "ClientMetadata.*"},
	}
	in := `{"Username":"u1","UserAttributes":[{"Name":"email","Value":"v1"},{"Name":"phone","Value":"v2"}],
"User":{"Attributes":[{"Name":"n1","Value":"v3"}],"Username":"kept1"},"ClientMetadata":{"a":"v4","b":"v5"},
"Password":"p1","Other":{"Username":"kept2","Value":"kept3"}}`
	out := string(redactJSON([]byte(in), sens))
	for _, secret := range []string{"u1", "v1", "v2", "v3", "v4", "v5", "p1"} {
		if strings.Contains(out, `"`+secret+`"`) {
			t.Errorf("%q survives redaction: %s", secret, out)
		}
	}
	for _, kept := range []string{`"Name":"email"`, `"Name":"n1"`, `"Username":"kept1"`, `"Username":"kept2"`, `"Value":"kept3"`} {
		if !strings.Contains(out, kept) {
			t.Errorf("%s was lost: %s", kept, out)
		}
	}
	// Without the document's marks, the names alone still apply.
	if out := string(redactJSON([]byte(in), nil)); !strings.Contains(out, `"Username":"u1"`) || strings.Contains(out, `"p1"`) {
		t.Errorf("name-based redaction changed: %s", out)
	}
}

// TestErrorSnippetMasksSensitive: an error answer without a message is
// shown as a snippet, which must not show the values the tool marks
// sensitive.
func TestErrorSnippetMasksSensitive(t *testing.T) {
	up := cognitotest.NewStub(t, cognitotest.Answer{Status: 400, Header: map[string]string{"Content-Type": "application/json"},
		Body: `{"rejected":{"pin":"4242","name":"pet"}}`})
	tool := &openapi.Tool{
		Name:        "pets_create",
		InputSchema: json.RawMessage(`{"type":"object"}`),
		Plan:        openapi.Plan{Method: "POST", Path: "/pets"},
		Sensitive:   &openapi.Sensitive{Args: []string{"rejected.pin"}},
	}
	e := New(Options{Retryer: cognitotest.Retryer(1)})
	_, err := e.Call(context.Background(), tool, &Target{BaseURL: up.URL}, map[string]any{})
	if err == nil || strings.Contains(err.Error(), "4242") || !strings.Contains(err.Error(), `"name":"pet"`) {
		t.Errorf("error %v: want the snippet with the sensitive value masked", err)
	}
}
