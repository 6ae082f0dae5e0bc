package executor

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cognito-mcp/cognito-mcp/awsconf"
	"github.com/cognito-mcp/cognito-mcp/internal/cognitotest"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/cognito-mcp/cognito-mcp/openapi"
)

func TestAWSWireRequest(t *testing.T) {
	up := cognitotest.NewStub(t, cognitotest.Answer{Status: 200, Body: `{"User":{"Username":"alice","Enabled":true}}`})
	e := New(Options{AWS: cognitotest.Config(up.URL)})
	args := map[string]any{
		"UserPoolId":     "eu-west-1_abc123",
		"Username":       "alice",
		"UserAttributes": []any{map[string]any{"Name": "email", "Value": "a@example.com"}},
	}
	res := e.callT(context.Background(), cognitotest.AdminCreateUser(), nil, args)
	wantSuccess(t, res)

	reqs := up.Requests()
	if len(reqs) != 1 {
		t.Fatalf("upstream saw %d requests, want 1", len(reqs))
	}
	r := reqs[0]
	if r.Method != "POST" || r.Path != "/" || r.Query != "" {
		t.Errorf("request line = %s %s?%s, want POST /", r.Method, r.Path, r.Query)
	}
	for k, want := range map[string]string{
		"Content-Type": "application/x-amz-json-1.1",
		"X-Amz-Target": "AWSCognitoIdentityProviderService.AdminCreateUser",
	} {
		if got := r.Header.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	wantBody := `{"UserAttributes":[{"Name":"email","Value":"a@example.com"}],"UserPoolId":"eu-west-1_abc123","Username":"alice"}`
	if string(r.Body) != wantBody {
		t.Errorf("body = %s\nwant   %s", r.Body, wantBody)
	}
	if r.Header.Get("X-Amz-Date") == "" {
		t.Error("no X-Amz-Date header")
	}
	verifySigV4(t, r, cognitotest.AccessKey, cognitotest.SecretKey, cognitotest.Region, "cognito-idp")
	if got := res.StructuredContent.(map[string]any)["User"].(map[string]any)["Username"]; got != "alice" {
		t.Errorf("structuredContent User.Username = %v", got)
	}
}

// verifySigV4 recomputes the AWS Signature Version 4 of a cognitotest.Captured
// request from first principles and compares it with the one sent.
func verifySigV4(t *testing.T, r cognitotest.Captured, accessKey, secret, region, service string) {
	t.Helper()
	auth := r.Header.Get("Authorization")
	rest, ok := strings.CutPrefix(auth, "AWS4-HMAC-SHA256 ")
	if !ok {
		t.Fatalf("Authorization = %q, want AWS4-HMAC-SHA256", auth)
	}
	fields := map[string]string{}
	for _, f := range strings.Split(rest, ", ") {
		k, v, _ := strings.Cut(f, "=")
		fields[k] = v
	}
	amzDate := r.Header.Get("X-Amz-Date")
	day := amzDate[:8]
	scope := day + "/" + region + "/" + service + "/aws4_request"
	if want := accessKey + "/" + scope; fields["Credential"] != want {
		t.Fatalf("Credential = %q, want %q", fields["Credential"], want)
	}
	signed := strings.Split(fields["SignedHeaders"], ";")
	for _, must := range []string{"host", "x-amz-date", "x-amz-target", "content-type"} {
		if !slices.Contains(signed, must) {
			t.Errorf("SignedHeaders %v lacks %s", signed, must)
		}
	}
	var canon strings.Builder
	canon.WriteString(r.Method + "\n" + r.Path + "\n" + r.Query + "\n")
	for _, h := range signed {
		var v string
		switch h {
		case "host":
			v = r.Host
		case "content-length":
			v = strconv.Itoa(len(r.Body))
		default:
			v = strings.Join(r.Header.Values(h), ",")
		}
		canon.WriteString(h + ":" + strings.TrimSpace(v) + "\n")
	}
	bodyHash := sha256.Sum256(r.Body)
	canon.WriteString("\n" + fields["SignedHeaders"] + "\n" + hex.EncodeToString(bodyHash[:]))
	canonHash := sha256.Sum256([]byte(canon.String()))
	toSign := "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hex.EncodeToString(canonHash[:])
	mac := func(key []byte, s string) []byte {
		h := hmac.New(sha256.New, key)
		h.Write([]byte(s))
		return h.Sum(nil)
	}
	key := mac(mac(mac(mac([]byte("AWS4"+secret), day), region), service), "aws4_request")
	if want := hex.EncodeToString(mac(key, toSign)); fields["Signature"] != want {
		t.Errorf("signature does not verify:\n got %s\nwant %s\ncanonical request:\n%s", fields["Signature"], want, canon.String())
	}
}

func TestAnonymousOperationsAreUnsigned(t *testing.T) {
	up := cognitotest.NewStub(t, cognitotest.Answer{Status: 200, Body: `{"UserConfirmed":false,"UserSub":"1234"}`})
	cfg := cognitotest.Config(up.URL)
	cfg.Config.Credentials = failingCreds{} // must not even be asked for
	e := New(Options{AWS: cfg})
	res := e.callT(context.Background(), signUp(), nil, map[string]any{"ClientId": "c1", "Username": "bob", "Password": "Passw0rd!x"})
	wantSuccess(t, res)
	r := up.Requests()[0]
	for _, h := range []string{"Authorization", "X-Amz-Date", "X-Amz-Security-Token"} {
		if v := r.Header.Get(h); v != "" {
			t.Errorf("unsigned operation carries %s", h)
		}
	}
	if r.Header.Get("X-Amz-Target") != "AWSCognitoIdentityProviderService.SignUp" {
		t.Errorf("X-Amz-Target = %q", r.Header.Get("X-Amz-Target"))
	}
}

func TestUnsignedTarget(t *testing.T) {
	up := cognitotest.NewStub(t)
	e := New(Options{})
	target := &Target{AWS: &AWSTarget{Unsigned: true, Endpoint: up.URL}}
	wantSuccess(t, e.callT(context.Background(), cognitotest.ListUsers(), target, map[string]any{"UserPoolId": "p"}))
	if h := up.Requests()[0].Header.Get("Authorization"); h != "" {
		t.Error("Unsigned target sent an Authorization header")
	}
}

func TestSignedOnEveryRetry(t *testing.T) {
	up := cognitotest.NewStub(t,
		cognitotest.Answer{Status: 500, Body: `{"__type":"InternalErrorException","message":"boom"}`},
		cognitotest.Answer{Status: 200, Body: `{}`})
	e := New(Options{AWS: cognitotest.Config(up.URL)})
	wantSuccess(t, e.callT(context.Background(), cognitotest.ListUsers(), nil, map[string]any{"UserPoolId": "p"}))
	reqs := up.Requests()
	if len(reqs) != 2 {
		t.Fatalf("%d attempts, want 2", len(reqs))
	}
	for _, r := range reqs {
		verifySigV4(t, r, cognitotest.AccessKey, cognitotest.SecretKey, cognitotest.Region, "cognito-idp")
	}
}

func TestSessionTokenIsSent(t *testing.T) {
	up := cognitotest.NewStub(t)
	cfg := cognitotest.Config(up.URL)
	cfg.Config.Credentials = aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{AccessKeyID: cognitotest.AccessKey, SecretAccessKey: cognitotest.SecretKey, SessionToken: "session-token-1"}, nil
	})
	e := New(Options{AWS: cfg})
	wantSuccess(t, e.callT(context.Background(), cognitotest.ListUsers(), nil, map[string]any{"UserPoolId": "p"}))
	r := up.Requests()[0]
	if r.Header.Get("X-Amz-Security-Token") != "session-token-1" {
		t.Error("X-Amz-Security-Token not sent")
	}
	verifySigV4(t, r, cognitotest.AccessKey, cognitotest.SecretKey, cognitotest.Region, "cognito-idp")
}

func TestRetries(t *testing.T) {
	tests := []struct {
		name     string
		answers  []cognitotest.Answer
		attempts int
		isError  bool
		mention  string
	}{
		{"500 then success", []cognitotest.Answer{{Status: 500, Body: `{}`}, {Status: 200, Body: `{}`}}, 2, false, ""},
		{"503 every time", []cognitotest.Answer{{Status: 503, Body: `{"message":"unavailable"}`}}, 3, true, "HTTP 503"},
		{"ThrottlingException", []cognitotest.Answer{
			{Status: 400, Body: `{"__type":"ThrottlingException","message":"Rate exceeded"}`},
			{Status: 200, Body: `{}`}}, 2, false, ""},
		{"TooManyRequestsException", []cognitotest.Answer{
			{Status: 400, Body: `{"__type":"com.amazonaws#TooManyRequestsException","message":"Too many requests"}`}}, 3, true, "TooManyRequestsException"},
		{"400 is not retried", []cognitotest.Answer{
			{Status: 400, Body: `{"__type":"InvalidParameterException","message":"bad"}`}}, 1, true, "InvalidParameterException"},
		{"NotAuthorized is not retried", []cognitotest.Answer{
			{Status: 400, Body: `{"__type":"NotAuthorizedException","message":"no"}`}}, 1, true, "NotAuthorizedException"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			up := cognitotest.NewStub(t, tc.answers...)
			e := New(Options{AWS: cognitotest.Config(up.URL)})
			res := e.callT(context.Background(), cognitotest.ListUsers(), nil, map[string]any{"UserPoolId": "p"})
			if got := len(up.Requests()); got != tc.attempts {
				t.Errorf("%d attempts, want %d", got, tc.attempts)
			}
			if res.IsError != tc.isError {
				t.Errorf("isError = %v, want %v: %s", res.IsError, tc.isError, resultText(t, res))
			}
			if tc.mention != "" {
				wantError(t, res, tc.mention)
			}
		})
	}
}

func TestMaxAttemptsFromConfig(t *testing.T) {
	up := cognitotest.NewStub(t, cognitotest.Answer{Status: 500, Body: `{}`})
	cfg := cognitotest.Config(up.URL)
	cfg.Config.Retryer = nil
	cfg.Config.RetryMaxAttempts = 1 // what AWS_MAX_ATTEMPTS=1 gives
	e := New(Options{AWS: cfg})
	wantError(t, e.callT(context.Background(), cognitotest.ListUsers(), nil, map[string]any{"UserPoolId": "p"}), "HTTP 500")
	if got := len(up.Requests()); got != 1 {
		t.Errorf("%d attempts, want 1", got)
	}
}

func TestErrorShaping(t *testing.T) {
	tests := []struct {
		name   string
		answer cognitotest.Answer
		want   APIError
	}{
		{"__type with namespace", cognitotest.Answer{Status: 400, Header: map[string]string{"X-Amzn-Requestid": "req-1"},
			Body: `{"__type":"com.amazonaws.cognito#UserNotFoundException","message":"User does not exist."}`},
			APIError{400, "UserNotFoundException", "User does not exist.", "req-1", ""}},
		{"__type without namespace", cognitotest.Answer{Status: 400,
			Body: `{"__type":"ResourceNotFoundException","Message":"User pool p does not exist."}`},
			APIError{400, "ResourceNotFoundException", "User pool p does not exist.", "", ""}},
		{"X-Amzn-ErrorType header", cognitotest.Answer{Status: 403,
			Header: map[string]string{"X-Amzn-ErrorType": "AccessDeniedException:http://internal.amazon.com/coral/", "X-Amzn-Requestid": "req-2"},
			Body:   `{"message":"not allowed"}`},
			APIError{403, "AccessDeniedException", "not allowed", "req-2", ""}},
		{"no body", cognitotest.Answer{Status: 404, Body: ``},
			APIError{404, "UnknownError", "", "", ""}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			up := cognitotest.NewStub(t, tc.answer)
			e := New(Options{AWS: cognitotest.Config(up.URL)})
			res := e.callT(context.Background(), cognitotest.ListUsers(), nil, map[string]any{"UserPoolId": "p"})
			wantError(t, res, tc.want.Error())
			got := awsError(tc.answer.Status, headerOf(tc.answer.Header), []byte(tc.answer.Body))
			if *got != tc.want {
				t.Errorf("awsError = %+v, want %+v", *got, tc.want)
			}
		})
	}
}

func headerOf(m map[string]string) http.Header {
	h := http.Header{}
	for k, v := range m {
		h.Set(k, v)
	}
	return h
}

func TestAPIErrorText(t *testing.T) {
	e := &APIError{Status: 400, Code: "UserNotFoundException", Message: "User does not exist.", RequestID: "r1"}
	if got, want := e.Error(), "UserNotFoundException: User does not exist. (HTTP 400, request id r1)"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if e.ErrorCode() != "UserNotFoundException" || e.ErrorMessage() != "User does not exist." || e.ErrorFault().String() != "client" {
		t.Errorf("smithy.APIError methods: %q %q %v", e.ErrorCode(), e.ErrorMessage(), e.ErrorFault())
	}
}

func TestTimeout(t *testing.T) {
	url, _ := blockingStub(t)
	e := New(Options{AWS: cognitotest.Config(url), Timeout: 200 * time.Millisecond})
	res := e.callT(context.Background(), cognitotest.ListUsers(), nil, map[string]any{"UserPoolId": "p"})
	wantError(t, res, "within 200ms", "timeout")
}

func TestCancellation(t *testing.T) {
	url, started := blockingStub(t)
	e := New(Options{AWS: cognitotest.Config(url)})
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-started
		cancel()
	}()
	res := e.callT(ctx, cognitotest.ListUsers(), nil, map[string]any{"UserPoolId": "p"})
	wantError(t, res, "cancelled")
}

func TestConnectionRefused(t *testing.T) {
	closed := closedURL(t)
	cfg := cognitotest.Config(closed)
	e := New(Options{AWS: cfg})
	res := e.callT(context.Background(), cognitotest.ListUsers(), nil, map[string]any{"UserPoolId": "p"})
	wantError(t, res, "connection refused", strings.TrimPrefix(closed, "http://"), "after 3 attempts")
}

func TestNoRegion(t *testing.T) {
	cases := map[string]*awsconf.Config{
		"zero options":     nil,
		"empty AWS config": {Profile: "dev"},
	}
	for name, cfg := range cases {
		t.Run(name, func(t *testing.T) {
			e := New(Options{AWS: cfg})
			res := e.callT(context.Background(), cognitotest.ListUsers(), nil, map[string]any{"UserPoolId": "p"})
			wantError(t, res, "--region", "AWS_REGION", "AWS_DEFAULT_REGION", "profile")
		})
	}
	t.Run("endpoint but no region, signed op", func(t *testing.T) {
		up := cognitotest.NewStub(t)
		cfg := cognitotest.Config(up.URL)
		cfg.Config.Region = ""
		e := New(Options{AWS: cfg})
		wantError(t, e.callT(context.Background(), cognitotest.ListUsers(), nil, map[string]any{"UserPoolId": "p"}), "--region")
		if n := len(up.Requests()); n != 0 {
			t.Errorf("%d requests sent", n)
		}
		// An anonymous operation needs no region when the endpoint is known.
		wantSuccess(t, e.callT(context.Background(), signUp(), nil, map[string]any{"ClientId": "c", "Username": "u"}))
	})
}

func TestNoCredentialsFailsBeforeSending(t *testing.T) {
	up := cognitotest.NewStub(t)
	cfg := cognitotest.Config(up.URL)
	cfg.Config.Credentials = failingCreds{}
	e := New(Options{AWS: cfg})
	res := e.callT(context.Background(), cognitotest.ListUsers(), nil, map[string]any{"UserPoolId": "p"})
	wantError(t, res, "no AWS credentials", "AWS_ACCESS_KEY_ID", "--profile", "aws sso login")
	if n := len(up.Requests()); n != 0 {
		t.Errorf("%d requests sent without credentials", n)
	}
}

func TestCredentialsNeverGoToOtherHosts(t *testing.T) {
	trusted := cognitotest.NewStub(t)
	other := cognitotest.NewStub(t)
	e := New(Options{AWS: cognitotest.Config(trusted.URL)})

	// An AWS operation pointed at a host that is not the endpoint.
	res := e.callT(context.Background(), cognitotest.ListUsers(), &Target{BaseURL: other.URL}, map[string]any{"UserPoolId": "p"})
	wantError(t, res, "refusing to send AWS credentials")

	// A generic operation of another source, with AWS configured.
	tool := &openapi.Tool{Name: "pets_list", InputSchema: json.RawMessage(`{"type":"object"}`),
		Plan: openapi.Plan{Method: "GET", Path: "/pets"}}
	wantSuccess(t, e.callT(context.Background(), tool, &Target{BaseURL: other.URL}, nil))

	for _, r := range other.Requests() {
		for _, h := range []string{"Authorization", "X-Amz-Security-Token", "X-Amz-Date"} {
			if r.Header.Get(h) != "" {
				t.Errorf("%s %s carried %s", r.Method, r.Path, h)
			}
		}
		if bytes.Contains(r.Body, []byte(cognitotest.AccessKey)) {
			t.Error("access key in a body")
		}
	}
	if len(other.Requests()) != 1 {
		t.Errorf("other host saw %d requests, want only the generic one", len(other.Requests()))
	}
}

func TestTrustedForCredentials(t *testing.T) {
	tests := []struct {
		url, endpoint string
		want          bool
	}{
		{"https://cognito-idp.eu-west-1.amazonaws.com/", "", true},
		{"https://cognito-idp.cn-north-1.amazonaws.com.cn/", "", true},
		{"http://cognito-idp.eu-west-1.amazonaws.com/", "", false},
		{"https://amazonaws.com.evil.example/", "", false},
		{"https://evil.example/amazonaws.com", "", false},
		{"http://127.0.0.1:9229/", "http://127.0.0.1:9229", true},
		{"http://127.0.0.1:9230/", "http://127.0.0.1:9229", false},
		{"https://127.0.0.1:9229/", "http://127.0.0.1:9229", false},
	}
	for _, tc := range tests {
		u := mustURL(t, tc.url)
		if got := trustedForCredentials(u, tc.endpoint); got != tc.want {
			t.Errorf("trusted(%s, %q) = %v, want %v", tc.url, tc.endpoint, got, tc.want)
		}
	}
}

func TestTimestampsOut(t *testing.T) {
	up := cognitotest.NewStub(t, cognitotest.Answer{Status: 200,
		Body: `{"User":{"Username":"alice","UserCreateDate":1.700000000123E9,"UserLastModifiedDate":1700000000,"Enabled":true}}`})
	e := New(Options{AWS: cognitotest.Config(up.URL)})
	res := e.callT(context.Background(), cognitotest.AdminCreateUser(), nil, map[string]any{"UserPoolId": "eu-west-1_abc", "Username": "alice"})
	text := wantSuccess(t, res)
	user := res.StructuredContent.(map[string]any)["User"].(map[string]any)
	if got := user["UserCreateDate"]; got != "2023-11-14T22:13:20.123Z" {
		t.Errorf("UserCreateDate = %v", got)
	}
	if got := user["UserLastModifiedDate"]; got != "2023-11-14T22:13:20Z" {
		t.Errorf("UserLastModifiedDate = %v", got)
	}
	if !strings.Contains(text, `"UserCreateDate":"2023-11-14T22:13:20.123Z"`) {
		t.Errorf("text not converted: %s", text)
	}
}

const datesInput = `{
  "type": "object",
  "properties": {
    "UserPoolId": {"type": "string"},
    "After": {"$ref": "#/$defs/DateType"},
    "Filter": {"type": "object", "properties": {"Before": {"$ref": "#/$defs/DateType"}}},
    "Windows": {"type": "array", "items": {"type": ["string", "number"], "format": "date-time"}}
  },
  "$defs": {"DateType": {"type": ["string", "number"], "format": "date-time"}}
}`

func TestTimestampsIn(t *testing.T) {
	tests := []struct {
		name string
		args map[string]any
		want string
	}{
		{"ISO 8601 with zone", map[string]any{"After": "2023-11-14T22:13:20Z"}, `{"After":1700000000}`},
		{"ISO 8601 with offset and millis", map[string]any{"After": "2023-11-14T23:13:20.5+01:00"}, `{"After":1700000000.5}`},
		{"date only", map[string]any{"After": "2023-11-14"}, `{"After":1699920000}`},
		{"epoch number", map[string]any{"After": 1700000000.0}, `{"After":1700000000}`},
		{"nested and in arrays", map[string]any{"Filter": map[string]any{"Before": "2023-11-14T22:13:20Z"}, "Windows": []any{"2023-11-14T22:13:20Z", 5.0}},
			`{"Filter":{"Before":1700000000},"Windows":[1700000000,5]}`},
		{"not a date field", map[string]any{"UserPoolId": "2023-11-14"}, `{"UserPoolId":"2023-11-14"}`},
	}
	up := cognitotest.NewStub(t)
	e := New(Options{AWS: cognitotest.Config(up.URL)})
	tool := cognitotest.CognitoTool("AdminListUserAuthEvents", datesInput, "")
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wantSuccess(t, e.callT(context.Background(), tool, nil, tc.args))
			if got := string(up.Requests()[i].Body); got != tc.want {
				t.Errorf("body = %s, want %s", got, tc.want)
			}
		})
	}
	t.Run("bad date", func(t *testing.T) {
		before := len(up.Requests())
		text := wantError(t, e.callT(context.Background(), tool, nil, map[string]any{"After": "next tuesday"}), "/After", "ISO 8601")
		if strings.Contains(text, "tuesday") {
			t.Error("error echoes the value")
		}
		if len(up.Requests()) != before {
			t.Error("request sent despite a bad date")
		}
	})
}

func TestLogLine(t *testing.T) {
	up := cognitotest.NewStub(t, cognitotest.Answer{Status: 400, Body: `{"__type":"NotAuthorizedException","message":"Incorrect username or password."}`})
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	e := New(Options{AWS: cognitotest.Config(up.URL), Logger: log})
	e.callT(context.Background(), signUp(), nil, map[string]any{"ClientId": "c", "Username": "u", "Password": "hunter2-secret-pw", "SecretHash": "c2VjcmV0aGFzaA=="})
	line := buf.String()
	for _, want := range []string{`"msg":"call"`, `"tool":"cognito_signup"`, `"status":400`, `"aws_code":"NotAuthorizedException"`, `"attempt":1`, `"duration"`} {
		if !strings.Contains(line, want) {
			t.Errorf("log line lacks %s: %s", want, line)
		}
	}
	for _, secret := range []string{"hunter2", "c2VjcmV0aGFzaA", cognitotest.AccessKey, "Authorization"} {
		if strings.Contains(line, secret) {
			t.Errorf("log line contains %q", secret)
		}
	}
	if n := strings.Count(line, "\n"); n != 1 {
		t.Errorf("%d log lines, want 1", n)
	}
}

// TestLogLineWithoutAWSCode: a call of a non-AWS API logs no aws_code.
func TestLogLineWithoutAWSCode(t *testing.T) {
	up := cognitotest.NewStub(t, cognitotest.Answer{Status: 404, Header: map[string]string{"Content-Type": "application/json"}, Body: `{"message":"no such pet"}`})
	var buf bytes.Buffer
	e := New(Options{Logger: slog.New(slog.NewJSONHandler(&buf, nil)), Retryer: cognitotest.Retryer(1)})
	tool := &openapi.Tool{Name: "pets_get_pet", InputSchema: json.RawMessage(`{"type":"object"}`),
		Plan: openapi.Plan{Method: "GET", Path: "/pet/1"}}
	e.callT(context.Background(), tool, &Target{BaseURL: up.URL}, nil)
	line := buf.String()
	if !strings.Contains(line, `"status":404`) || !strings.Contains(line, `"result":"api_error"`) || strings.Contains(line, "aws_code") {
		t.Errorf("log line: %s", line)
	}
}

// TestMetadataAddressRefused: no source's calls reach the instance metadata
// service, whatever baseUrl an agent gives.
func TestMetadataAddressRefused(t *testing.T) {
	tool := &openapi.Tool{Name: "meta_get", InputSchema: json.RawMessage(`{"type":"object"}`),
		Plan: openapi.Plan{Method: "GET", Path: "/latest/meta-data/iam/security-credentials/"}}
	e := New(Options{Retryer: cognitotest.Retryer(1)})
	wantError(t, e.callT(context.Background(), tool, &Target{BaseURL: "http://169.254.169.254"}, nil), "instance metadata")
}

func TestAWSEndpointForOtherServices(t *testing.T) {
	e := New(Options{AWS: cognitotest.Config("http://127.0.0.1:9229")})
	plan := &openapi.Plan{
		AWS:     &openapi.AWS{Target: "DynamoDB_20120810.ListTables", SigningName: "dynamodb", JSONVersion: "1.0"},
		Servers: []openapi.Server{{URL: "http://dynamodb.{region}.amazonaws.com", Variables: []openapi.ServerVariable{{Name: "region", Default: "us-east-1"}}}},
	}
	if got, want := awsEndpoint(plan, e.aws().cfg, cognitotest.Region), "https://dynamodb.eu-west-1.amazonaws.com"; got != want {
		t.Errorf("endpoint = %q, want %q", got, want)
	}
	plan.AWS.SigningName = "cognito-idp"
	if got := awsEndpoint(plan, e.aws().cfg, cognitotest.Region); got != "http://127.0.0.1:9229" {
		t.Errorf("cognito endpoint = %q", got)
	}
}

func TestUncompilableSchemaStillSends(t *testing.T) {
	up := cognitotest.NewStub(t)
	e := New(Options{AWS: cognitotest.Config(up.URL)})
	tool := cognitotest.CognitoTool("ListUsers", `{"type":"object","properties":{"A":{"$ref":"#/$defs/Missing"}}}`, "")
	wantSuccess(t, e.callT(context.Background(), tool, nil, map[string]any{"A": "x"}))
	if len(up.Requests()) != 1 {
		t.Error("request not sent")
	}
}
