// Package cognitotest holds what the executor's and the MCP adapter's
// tests share: an upstream on 127.0.0.1 that records requests and answers
// as told, an AWS configuration with static test credentials pointed at
// it, and Cognito tools built as the loader builds them. Only tests import
// it.
package cognitotest

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

	"github.com/cognito-mcp/cognito-mcp/awsconf"
	"github.com/cognito-mcp/cognito-mcp/openapi"
)

// Static test credentials; not real keys.
const (
	AccessKey = "AKIDEXAMPLE"
	SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
	Region    = "eu-west-1"
)

// Captured is one request as the upstream saw it.
type Captured struct {
	Method string
	Path   string
	Query  string
	Host   string
	Header http.Header
	Body   []byte
}

// Stub is an httptest upstream that records requests and answers with the
// responses given, the last one repeating.
type Stub struct {
	URL string

	mu   sync.Mutex
	reqs []Captured
}

// Answer is one canned upstream response.
type Answer struct {
	Status int
	Header map[string]string
	Body   string
}

// NewStub starts the upstream on 127.0.0.1; it stops when the test ends.
func NewStub(t testing.TB, answers ...Answer) *Stub {
	t.Helper()
	s := &Stub{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		n := len(s.reqs)
		s.reqs = append(s.reqs, Captured{r.Method, r.URL.EscapedPath(), r.URL.RawQuery, r.Host, r.Header.Clone(), body})
		s.mu.Unlock()
		a := Answer{Status: 200, Body: "{}"}
		if len(answers) > 0 {
			a = answers[min(n, len(answers)-1)]
		}
		for k, v := range a.Header {
			w.Header().Set(k, v)
		}
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		}
		w.WriteHeader(a.Status)
		io.WriteString(w, a.Body)
	}))
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

// Requests are the requests received so far, in order.
func (s *Stub) Requests() []Captured {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Captured(nil), s.reqs...)
}

// Retryer retries at once so tests don't wait.
func Retryer(attempts int) func() aws.Retryer {
	return func() aws.Retryer {
		return retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = attempts
			o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
		})
	}
}

// Config is an AWS configuration with static credentials whose endpoint
// is the given stub.
func Config(endpoint string) *awsconf.Config {
	return &awsconf.Config{
		Config: aws.Config{
			Region:      Region,
			Credentials: credentials.NewStaticCredentialsProvider(AccessKey, SecretKey, ""),
			Retryer:     Retryer(3),
		},
		Endpoint: endpoint,
		Profile:  "default",
	}
}

// CognitoTool builds a catalog tool of a Cognito operation as Load would.
func CognitoTool(op, input, output string) *openapi.Tool {
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

// AdminCreateUserInput is AdminCreateUser's input schema, with $defs.
const AdminCreateUserInput = `{
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

// AdminCreateUserOutput has a date-time, as AWS's UserType does.
const AdminCreateUserOutput = `{
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

// AdminCreateUser is the AdminCreateUser tool.
func AdminCreateUser() *openapi.Tool {
	return CognitoTool("AdminCreateUser", AdminCreateUserInput, AdminCreateUserOutput)
}

// ListUsersInput is ListUsers' input schema.
const ListUsersInput = `{
  "type": "object",
  "properties": {
    "UserPoolId": {"type": "string", "minLength": 1},
    "Limit": {"type": "integer", "minimum": 0, "maximum": 60},
    "PaginationToken": {"type": "string"}
  },
  "required": ["UserPoolId"],
  "additionalProperties": false
}`

// ListUsersOutput has paged users with date-times.
const ListUsersOutput = `{
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

// ListUsers is the ListUsers tool.
func ListUsers() *openapi.Tool { return CognitoTool("ListUsers", ListUsersInput, ListUsersOutput) }
