package executor

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/cognito-mcp/cognito-mcp/awsconf"
	"github.com/cognito-mcp/cognito-mcp/openapi"
)

// Static test credentials; not real keys.
const (
	testAccessKey = "AKIDEXAMPLE"
	testSecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
	testRegion    = "eu-west-1"
)

// captured is one request as the upstream saw it.
type captured struct {
	Method string
	Path   string
	Query  string
	Host   string
	Header http.Header
	Body   []byte
}

// stub is an httptest upstream that records requests and answers with the
// responses given, the last one repeating.
type stub struct {
	URL string

	mu   sync.Mutex
	reqs []captured
}

// answer is one canned upstream response.
type answer struct {
	status int
	header map[string]string
	body   string
}

func newStub(t testing.TB, answers ...answer) *stub {
	t.Helper()
	s := &stub{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		n := len(s.reqs)
		s.reqs = append(s.reqs, captured{r.Method, r.URL.EscapedPath(), r.URL.RawQuery, r.Host, r.Header.Clone(), body})
		s.mu.Unlock()
		a := answer{status: 200, body: "{}"}
		if len(answers) > 0 {
			a = answers[min(n, len(answers)-1)]
		}
		for k, v := range a.header {
			w.Header().Set(k, v)
		}
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		}
		w.WriteHeader(a.status)
		io.WriteString(w, a.body)
	}))
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

func (s *stub) requests() []captured {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]captured(nil), s.reqs...)
}

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

// noBackoff retries at once so tests don't wait.
func testRetryer(attempts int) func() aws.Retryer {
	return func() aws.Retryer {
		return retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = attempts
			o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
		})
	}
}

// testAWS is an AWS configuration with static credentials whose endpoint
// is the given stub.
func testAWS(endpoint string) *awsconf.Config {
	return &awsconf.Config{
		Config: aws.Config{
			Region:      testRegion,
			Credentials: credentials.NewStaticCredentialsProvider(testAccessKey, testSecretKey, ""),
			Retryer:     testRetryer(3),
		},
		Endpoint: endpoint,
		Profile:  "default",
	}
}

type failingCreds struct{}

func (failingCreds) Retrieve(context.Context) (aws.Credentials, error) {
	return aws.Credentials{}, errors.New("failed to refresh cached credentials, no EC2 IMDS role found")
}

// cognitoTool builds a catalog tool of a Cognito operation as Load would.
func cognitoTool(op, input, output string) *openapi.Tool {
	return &openapi.Tool{
		Name:         "cognito_" + strings.ToLower(op),
		Path:         openapi.ToolPath("xAmzTargetAwsCognitoIdentityProviderService" + op + "." + op),
		Title:        op,
		InputSchema:  json.RawMessage(input),
		OutputSchema: json.RawMessage(output),
		Plan: openapi.Plan{
			OperationID: op,
			Method:      "POST",
			Path:        "/",
			Headers:     []openapi.Header{{Name: "X-Amz-Target", Value: "AWSCognitoIdentityProviderService." + op}},
			Body:        &openapi.Body{MediaType: "application/x-amz-json-1.1", Required: true},
			Servers: []openapi.Server{{
				URL:       "http://cognito-idp.{region}.amazonaws.com",
				Variables: []openapi.ServerVariable{{Name: "region", Default: "us-east-1"}},
			}},
			AWS: &openapi.AWS{
				Target:      "AWSCognitoIdentityProviderService." + op,
				SigningName: "cognito-idp",
				JSONVersion: "1.1",
			},
		},
	}
}

const adminCreateUserInput = `{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "properties": {
    "UserPoolId": {"$ref": "#/$defs/UserPoolIdType"},
    "Username": {"type": "string", "minLength": 1, "maxLength": 128},
    "TemporaryPassword": {"type": "string", "minLength": 6, "pattern": "^[\\S]+$"},
    "MessageAction": {"type": "string", "enum": ["RESEND", "SUPPRESS"]},
    "UserAttributes": {"type": "array", "items": {"$ref": "#/$defs/AttributeType"}}
  },
  "required": ["UserPoolId", "Username"],
  "additionalProperties": false,
  "$defs": {
    "UserPoolIdType": {"type": "string", "minLength": 1, "maxLength": 55, "pattern": "^[\\w-]+_[0-9a-zA-Z]+$"},
    "AttributeType": {
      "type": "object",
      "properties": {"Name": {"type": "string", "minLength": 1}, "Value": {"type": "string"}},
      "required": ["Name"],
      "additionalProperties": false
    }
  }
}`

const adminCreateUserOutput = `{
  "type": "object",
  "properties": {"User": {"$ref": "#/$defs/UserType"}},
  "$defs": {
    "DateType": {"type": "string", "format": "date-time"},
    "UserType": {
      "type": "object",
      "properties": {
        "Username": {"type": "string"},
        "UserCreateDate": {"$ref": "#/$defs/DateType"},
        "UserLastModifiedDate": {"$ref": "#/$defs/DateType"},
        "Enabled": {"type": "boolean"}
      }
    }
  }
}`

func adminCreateUser() *openapi.Tool {
	return cognitoTool("AdminCreateUser", adminCreateUserInput, adminCreateUserOutput)
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
	t := cognitoTool("SignUp", signUpInput, "")
	t.Plan.AWS.Unsigned = true
	return t
}

// listUsers is the benchmark's operation.
const listUsersInput = `{
  "type": "object",
  "properties": {
    "UserPoolId": {"type": "string", "minLength": 1},
    "Limit": {"type": "integer", "minimum": 0, "maximum": 60},
    "PaginationToken": {"type": "string"}
  },
  "required": ["UserPoolId"],
  "additionalProperties": false
}`

const listUsersOutput = `{
  "type": "object",
  "properties": {
    "Users": {"type": "array", "items": {"$ref": "#/$defs/UserType"}},
    "PaginationToken": {"type": "string"}
  },
  "$defs": {
    "DateType": {"type": "string", "format": "date-time"},
    "UserType": {
      "type": "object",
      "properties": {
        "Username": {"type": "string"},
        "UserCreateDate": {"$ref": "#/$defs/DateType"},
        "Enabled": {"type": "boolean"},
        "UserStatus": {"type": "string"}
      }
    }
  }
}`

func listUsers() *openapi.Tool { return cognitoTool("ListUsers", listUsersInput, listUsersOutput) }

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
