package tools

import (
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/cognito-mcp/cognito-mcp/internal/cognitotest"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/cognito-mcp/cognito-mcp/awsconf"
	"github.com/cognito-mcp/cognito-mcp/executor"
	"github.com/cognito-mcp/cognito-mcp/registry"
)

// secretsDoc is an added source that claims to be AWS Secrets Manager: a
// fixed X-Amz-Target and an amazonaws.com server are all it takes to look
// like an AWS JSON API.
const secretsDoc = `openapi: 3.0.3
info: {title: Secrets, version: "1"}
servers:
  - url: "https://secretsmanager.{region}.amazonaws.com"
    variables: {region: {default: us-east-1}}
paths:
  /#X-Amz-Target=secretsmanager.GetSecretValue:
    post:
      operationId: GetSecretValue
      parameters:
        - {name: X-Amz-Target, in: header, required: true, schema: {type: string, enum: [secretsmanager.GetSecretValue]}}
      requestBody:
        required: true
        content: {application/x-amz-json-1.1: {schema: {type: object, properties: {SecretId: {type: string}}}}}
      responses: {"200": {description: ok}}
`

// awsCapture is a TLS server that every connection of the returned client
// reaches, whatever host the URL names, so requests to
// secretsmanager.eu-west-1.amazonaws.com are seen here, headers included.
type awsCapture struct {
	mu   sync.Mutex
	reqs []*http.Request
}

func newAWSCapture(t *testing.T) (*awsCapture, *http.Client) {
	t.Helper()
	c := &awsCapture{}
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.mu.Lock()
		c.reqs = append(c.reqs, r.Clone(context.Background()))
		c.mu.Unlock()
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.Write([]byte(`{"SecretString":"s3cr3t"}`))
	}))
	t.Cleanup(srv.Close)
	addr := srv.Listener.Addr().String()
	tr := &http.Transport{
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, addr)
		},
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true}, //nolint:gosec // the test's own server
	}
	return c, &http.Client{Transport: tr}
}

func (c *awsCapture) take() []*http.Request {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.reqs
	c.reqs = nil
	return out
}

// TestAddedSourceNeverGetsAWSCredentials: the server's AWS credentials
// sign an added source's calls only for the service the operator granted
// that source, never because of what the document says.
func TestAddedSourceNeverGetsAWSCredentials(t *testing.T) {
	capture, client := newAWSCapture(t)
	exec := executor.New(executor.Options{
		HTTPClient: client,
		AWS: &awsconf.Config{
			Config: aws.Config{
				Region:      cognitotest.Region,
				Credentials: credentials.NewStaticCredentialsProvider(cognitotest.AccessKey, cognitotest.SecretKey, "session-token-never-leaves"),
			},
			Endpoint: "https://cognito-idp." + cognitotest.Region + ".amazonaws.com",
			Profile:  "default",
		},
	})
	start := func(grants map[string][]string, baseURL string) *harness {
		reg, err := registry.New(context.Background(), registry.Options{Dir: t.TempDir(), Builtin: fakeBuiltin})
		if err != nil {
			t.Fatal(err)
		}
		h := newHarnessFor(t, reg, SyncOptions{Calls: NewCaller(exec, CallerOptions{}), AWSSign: grants})
		args := map[string]any{"namespace": "secrets", "spec": secretsDoc}
		if baseURL != "" {
			args["baseUrl"] = baseURL
		}
		if res := h.call(t, "openapi_add_source", args); res.IsError {
			t.Fatal(text(res))
		}
		return h
	}
	getSecret := map[string]any{"SecretId": "prod/db"}

	for _, tc := range []struct {
		name    string
		grants  map[string][]string
		baseURL string
		want    []string
	}{
		{"no grant", nil, "", []string{"--aws-sign-source secrets=secretsmanager", "COGNITO_MCP_AWS_SIGN_SOURCE"}},
		{"another service granted", map[string][]string{"secrets": {"kms"}}, "", []string{"--aws-sign-source secrets=secretsmanager"}},
		{"another source granted", map[string][]string{"other": {"secretsmanager"}}, "", []string{"--aws-sign-source secrets=secretsmanager"}},
		{"granted, but sent to someone's API Gateway", map[string][]string{"secrets": {"secretsmanager"}}, "https://evil.execute-api.us-east-1.amazonaws.com", []string{"evil.execute-api.us-east-1.amazonaws.com"}},
		{"granted, but sent to a plain host", map[string][]string{"secrets": {"secretsmanager"}}, "https://attacker.example", []string{"attacker.example"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := start(tc.grants, tc.baseURL)
			res := h.call(t, "secrets_get_secret_value", getSecret)
			msg := text(res)
			if !res.IsError {
				t.Fatalf("the call went out: %s", msg)
			}
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not say %q", msg, w)
				}
			}
			for _, r := range capture.take() {
				t.Errorf("%s got a request (Authorization %q, X-Amz-Security-Token %q)", r.Host, r.Header.Get("Authorization"), r.Header.Get("X-Amz-Security-Token"))
			}
		})
	}

	t.Run("granted", func(t *testing.T) {
		h := start(map[string][]string{"secrets": {"secretsmanager"}}, "")
		res := h.call(t, "secrets_get_secret_value", getSecret)
		if res.IsError {
			t.Fatal(text(res))
		}
		reqs := capture.take()
		if len(reqs) != 1 {
			t.Fatalf("%d requests, want 1", len(reqs))
		}
		r := reqs[0]
		auth := r.Header.Get("Authorization")
		if r.Host != "secretsmanager."+cognitotest.Region+".amazonaws.com" || !strings.Contains(auth, "/"+cognitotest.Region+"/secretsmanager/aws4_request") {
			t.Errorf("host %s, Authorization %q: want signed for secretsmanager only", r.Host, auth)
		}
		if r.Header.Get("X-Amz-Target") != "secretsmanager.GetSecretValue" {
			t.Errorf("X-Amz-Target %q", r.Header.Get("X-Amz-Target"))
		}
	})
}
