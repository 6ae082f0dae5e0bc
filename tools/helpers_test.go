package tools

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/cognito-mcp/cognito-mcp/awsconf"
	"github.com/cognito-mcp/cognito-mcp/executor"
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

// testRetryer retries at once so tests don't wait.
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

// resultText is the text of a result's first content.
func resultText(t testing.TB, res *mcp.CallToolResult) string {
	t.Helper()
	if res == nil || len(res.Content) == 0 {
		t.Fatalf("result has no content: %#v", res)
	}
	tc, ok := res.Content[0].(mcp.TextContent)
	if !ok {
		t.Fatalf("content is %T, want text", res.Content[0])
	}
	return tc.Text
}

func wantError(t *testing.T, res *mcp.CallToolResult, substrings ...string) string {
	t.Helper()
	text := resultText(t, res)
	if !res.IsError {
		t.Fatalf("want an isError result, got success: %s", text)
	}
	for _, s := range substrings {
		if !strings.Contains(text, s) {
			t.Errorf("error text %q does not mention %q", text, s)
		}
	}
	return text
}

func wantSuccess(t *testing.T, res *mcp.CallToolResult) string {
	t.Helper()
	text := resultText(t, res)
	if res.IsError {
		t.Fatalf("want success, got error: %s", text)
	}
	return text
}

type mcpCallRequest = mcp.CallToolRequest

// newCaller is a Caller of a new executor with opts and the default cap.
func newCaller(opts executor.Options) *Caller {
	return NewCaller(executor.New(opts), CallerOptions{})
}

// upstream records the requests it receives.
func upstream(t *testing.T) (*httptest.Server, chan *http.Request) {
	t.Helper()
	got := make(chan *http.Request, 10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- r
		w.Write([]byte(`{"ok": true}`))
	}))
	t.Cleanup(srv.Close)
	return srv, got
}
