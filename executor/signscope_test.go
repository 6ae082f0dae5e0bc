package executor

import (
	"context"
	"errors"
	"testing"

	"github.com/cognito-mcp/cognito-mcp/internal/cognitotest"
)

// TestEmbeddedSignsCognitoOnly: a tool without an added source's target is
// signed for Cognito only; one that claims another service is refused
// before anything is sent.
func TestEmbeddedSignsCognitoOnly(t *testing.T) {
	up := cognitotest.NewStub(t)
	tool := cognitotest.ListUsers()
	tool.Plan.AWS.SigningName = "secretsmanager"
	e := New(Options{AWS: cognitotest.Config(up.URL)})
	res := e.callT(context.Background(), tool, nil, map[string]any{"UserPoolId": "p"})
	wantError(t, res, "Cognito", "secretsmanager")
	if !errors.Is(res.Err, ErrSigningNotAllowed) {
		t.Errorf("error %v does not wrap ErrSigningNotAllowed", res.Err)
	}
	if n := len(up.Requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
	wantSuccess(t, e.callT(context.Background(), cognitotest.ListUsers(), nil, map[string]any{"UserPoolId": "p"}))
}

// TestAddedSourceSignedOnlyWhereGranted: an added source's operation is
// signed only for a granted service, to its configured endpoint.
func TestAddedSourceSignedOnlyWhereGranted(t *testing.T) {
	up := cognitotest.NewStub(t)
	e := New(Options{AWS: cognitotest.Config(up.URL)})
	args := map[string]any{"UserPoolId": "p"}
	refused := e.callT(context.Background(), cognitotest.ListUsers(), &Target{AWS: &AWSTarget{Namespace: "idp", Endpoint: up.URL}}, args)
	wantError(t, refused, "--aws-sign-source idp=cognito-idp")
	if n := len(up.Requests()); n != 0 {
		t.Fatalf("%d requests sent without a grant", n)
	}
	wantSuccess(t, e.callT(context.Background(), cognitotest.ListUsers(), &Target{AWS: &AWSTarget{Namespace: "idp", Endpoint: up.URL, SignFor: []string{"cognito-idp"}}}, args))
	reqs := up.Requests()
	if len(reqs) != 1 || reqs[0].Header.Get("Authorization") == "" {
		t.Fatalf("granted call: %d requests, want 1 signed", len(reqs))
	}
}
