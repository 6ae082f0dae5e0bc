package executor

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/cognito-mcp/cognito-mcp/internal/cognitotest"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/cognito-mcp/cognito-mcp/openapi"
)

// blockingStub answers nothing until the request or the test ends, and
// reports each arrival on started.
func blockingStub(t *testing.T) (url string, started <-chan struct{}) {
	t.Helper()
	ch := make(chan struct{}, 10)
	done := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ch <- struct{}{}
		select {
		case <-r.Context().Done():
		case <-done:
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(done) }) // runs before srv.Close
	return srv.URL, ch
}

type failingCreds struct{}

func (failingCreds) Retrieve(context.Context) (aws.Credentials, error) {
	return aws.Credentials{}, errors.New("failed to refresh cached credentials, no EC2 IMDS role found")
}

const signUpInput = `{
  "type": "object",
  "properties": {
    "ClientId": {"type": "string", "minLength": 1},
    "SecretHash": {"type": "string"},
    "Username": {"type": "string", "minLength": 1},
    "Password": {"type": "string", "minLength": 8}
  },
  "required": ["ClientId", "Username"],
  "additionalProperties": false
}`

// signUp is an operation AWS serves without SigV4.
func signUp() *openapi.Tool {
	t := cognitotest.CognitoTool("SignUp", signUpInput, "")
	t.Plan.AWS.Unsigned = true
	return t
}

// testResult is a call's outcome as the tests read it: the text a reader
// sees (the error's, with an API error's hint, or the result's) and the
// decoded object.
type testResult struct {
	IsError           bool
	Text              string
	StructuredContent any
	Result            *Result
	Err               error
}

// callT runs Call and keeps both of its answers.
func (e *Executor) callT(ctx context.Context, tool *openapi.Tool, target *Target, args map[string]any) *testResult {
	res, err := e.Call(ctx, tool, target, args)
	if err != nil {
		text := err.Error()
		if ae, ok := errors.AsType[*APIError](err); ok && ae.Hint != "" {
			text += "\n" + ae.Hint
		}
		return &testResult{IsError: true, Text: text, Err: err}
	}
	out := &testResult{Text: res.Text, Result: res}
	if obj, ok := res.Value.(map[string]any); ok {
		out.StructuredContent = obj
	}
	return out
}

// resultText is the text of an outcome.
func resultText(t testing.TB, res *testResult) string {
	t.Helper()
	if res == nil {
		t.Fatal("no result")
	}
	return res.Text
}

func wantError(t *testing.T, res *testResult, substrings ...string) string {
	t.Helper()
	text := resultText(t, res)
	if !res.IsError {
		t.Fatalf("want an error, got success: %s", text)
	}
	for _, s := range substrings {
		if !strings.Contains(text, s) {
			t.Errorf("error text %q does not mention %q", text, s)
		}
	}
	return text
}

func wantSuccess(t *testing.T, res *testResult) string {
	t.Helper()
	text := resultText(t, res)
	if res.IsError {
		t.Fatalf("want success, got error: %s", text)
	}
	return text
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// closedURL is the URL of a port that was listening and no longer is.
func closedURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr
}
