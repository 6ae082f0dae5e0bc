package executor

import (
	"context"
	"errors"
	"testing"

	"github.com/cognito-mcp/cognito-mcp/internal/cognitotest"

	"github.com/aws/smithy-go"
)

// TestTypedErrors: a Go caller tells the failures apart with errors.As and
// errors.Is, without reading texts.
func TestTypedErrors(t *testing.T) {
	ctx := context.Background()
	t.Run("AWS exception", func(t *testing.T) {
		up := cognitotest.NewStub(t, cognitotest.Answer{Status: 400, Header: map[string]string{"X-Amzn-Requestid": "r-9"},
			Body: `{"__type":"com.amazonaws.cognito#UserNotFoundException","message":"User does not exist."}`})
		res, err := New(Options{AWS: cognitotest.Config(up.URL)}).Call(ctx, cognitotest.ListUsers(), nil, map[string]any{"UserPoolId": "p"})
		ae, ok := errors.AsType[*APIError](err)
		if res != nil || !ok || ae.Code != "UserNotFoundException" || ae.Status != 400 || ae.RequestID != "r-9" {
			t.Fatalf("got %v, %#v", res, err)
		}
		if se, ok := errors.AsType[smithy.APIError](err); !ok || se.ErrorCode() != "UserNotFoundException" {
			t.Errorf("not a smithy.APIError: %v", err)
		}
		// The SDK's name for the request id, which code mode reads.
		if rid, ok := errors.AsType[interface {
			error
			ServiceRequestID() string
		}](err); !ok || rid.ServiceRequestID() != "r-9" {
			t.Errorf("ServiceRequestID: %v", err)
		}
	})
	t.Run("no credentials", func(t *testing.T) {
		up := cognitotest.NewStub(t)
		cfg := cognitotest.Config(up.URL)
		cfg.Config.Credentials = failingCreds{}
		_, err := New(Options{AWS: cfg}).Call(ctx, cognitotest.ListUsers(), nil, map[string]any{"UserPoolId": "p"})
		if !errors.Is(err, ErrNoCredentials) {
			t.Fatalf("err = %v, want ErrNoCredentials", err)
		}
		if ns, ok := errors.AsType[*NotSentError](err); !ok || ns.Tool == "" {
			t.Errorf("not a NotSentError: %#v", err)
		}
	})
	t.Run("no region", func(t *testing.T) {
		_, err := New(Options{}).Call(ctx, cognitotest.ListUsers(), nil, map[string]any{"UserPoolId": "p"})
		if !errors.Is(err, ErrNoRegion) {
			t.Fatalf("err = %v, want ErrNoRegion", err)
		}
	})
	t.Run("invalid arguments", func(t *testing.T) {
		up := cognitotest.NewStub(t)
		_, err := New(Options{AWS: cognitotest.Config(up.URL)}).Call(ctx, cognitotest.AdminCreateUser(), nil, map[string]any{"UserPoolId": 7})
		ve, ok := errors.AsType[*ValidationError](err)
		if !ok || len(ve.Violations) == 0 {
			t.Fatalf("err = %#v, want a ValidationError", err)
		}
		paths := map[string]string{}
		for _, v := range ve.Violations {
			paths[v.Path] = v.Rule
		}
		if _, ok := paths["/UserPoolId"]; !ok {
			t.Errorf("violations %v do not name /UserPoolId", ve.Violations)
		}
		if _, ok := paths["/Username"]; !ok {
			t.Errorf("violations %v do not name the missing /Username", ve.Violations)
		}
		if n := len(up.Requests()); n != 0 {
			t.Errorf("%d requests sent", n)
		}
	})
	t.Run("transport", func(t *testing.T) {
		closed := closedURL(t)
		cfg := cognitotest.Config(closed)
		_, err := New(Options{AWS: cfg}).Call(ctx, cognitotest.ListUsers(), nil, map[string]any{"UserPoolId": "p"})
		te, ok := errors.AsType[*TransportError](err)
		if !ok || te.Attempts != 3 || te.Host == "" || te.Err == nil {
			t.Fatalf("err = %#v, want a TransportError after 3 attempts", err)
		}
	})
}
