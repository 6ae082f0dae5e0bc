package executor

import (
	"context"
	"encoding/json"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/cognito-mcp/cognito-mcp/internal/cognitotest"

	"github.com/cognito-mcp/cognito-mcp/openapi"
)

// genericTool is a non-AWS operation with the given plan and a permissive
// input schema.
func genericTool(plan openapi.Plan) *openapi.Tool {
	return &openapi.Tool{Name: "pets_op", InputSchema: json.RawMessage(`{"type":"object"}`), Plan: plan}
}

func TestGenericParamStyles(t *testing.T) {
	arr := []any{"a b", "c/d", 3.0}
	obj := map[string]any{"role": "admin", "first name": "Al"}
	tests := []struct {
		name      string
		path      string
		param     openapi.Param
		arg       any
		wantPath  string
		wantQuery string
		header    string
		wantHdr   string
	}{
		{"path simple scalar", "/pets/{id}", openapi.Param{Name: "id", Arg: "id", In: openapi.InPath, Style: "simple"},
			"a/b c", "/pets/a%2Fb%20c", "", "", ""},
		{"path simple array", "/pets/{id}", openapi.Param{Name: "id", Arg: "id", In: openapi.InPath, Style: "simple"},
			arr, "/pets/a%20b,c%2Fd,3", "", "", ""},
		{"path simple object explode", "/pets/{id}", openapi.Param{Name: "id", Arg: "id", In: openapi.InPath, Style: "simple", Explode: true},
			obj, "/pets/first%20name=Al,role=admin", "", "", ""},
		{"path label array", "/pets/{id}", openapi.Param{Name: "id", Arg: "id", In: openapi.InPath, Style: "label"},
			[]any{"x", "y"}, "/pets/.x,y", "", "", ""},
		{"path label explode", "/pets/{id}", openapi.Param{Name: "id", Arg: "id", In: openapi.InPath, Style: "label", Explode: true},
			[]any{"x", "y"}, "/pets/.x.y", "", "", ""},
		{"path matrix scalar", "/pets/{id}", openapi.Param{Name: "id", Arg: "id", In: openapi.InPath, Style: "matrix"},
			5.0, "/pets/;id=5", "", "", ""},
		{"path matrix array explode", "/pets/{id}", openapi.Param{Name: "id", Arg: "id", In: openapi.InPath, Style: "matrix", Explode: true},
			[]any{"x", "y"}, "/pets/;id=x;id=y", "", "", ""},
		{"query form scalar", "/pets", openapi.Param{Name: "q", Arg: "q", In: openapi.InQuery, Style: "form", Explode: true},
			"a&b=c", "/pets", "q=a%26b%3Dc", "", ""},
		{"query form array explode", "/pets", openapi.Param{Name: "tag", Arg: "tag", In: openapi.InQuery, Style: "form", Explode: true},
			arr, "/pets", "tag=a%20b&tag=c%2Fd&tag=3", "", ""},
		{"query form array", "/pets", openapi.Param{Name: "tag", Arg: "tag", In: openapi.InQuery, Style: "form"},
			arr, "/pets", "tag=a%20b,c%2Fd,3", "", ""},
		{"query form object explode", "/pets", openapi.Param{Name: "f", Arg: "f", In: openapi.InQuery, Style: "form", Explode: true},
			obj, "/pets", "first%20name=Al&role=admin", "", ""},
		{"query form object", "/pets", openapi.Param{Name: "f", Arg: "f", In: openapi.InQuery, Style: "form"},
			obj, "/pets", "f=first%20name,Al,role,admin", "", ""},
		{"query spaceDelimited", "/pets", openapi.Param{Name: "ids", Arg: "ids", In: openapi.InQuery, Style: "spaceDelimited"},
			[]any{1.0, 2.0, 3.0}, "/pets", "ids=1%202%203", "", ""},
		{"query pipeDelimited", "/pets", openapi.Param{Name: "ids", Arg: "ids", In: openapi.InQuery, Style: "pipeDelimited"},
			[]any{1.0, 2.0, 3.0}, "/pets", "ids=1|2|3", "", ""},
		{"query deepObject", "/pets", openapi.Param{Name: "filter", Arg: "filter", In: openapi.InQuery, Style: "deepObject", Explode: true},
			map[string]any{"color": "red", "size": map[string]any{"min": 1.0}}, "/pets", "filter%5Bcolor%5D=red&filter%5Bsize%5D%5Bmin%5D=1", "", ""},
		{"query bool", "/pets", openapi.Param{Name: "all", Arg: "all", In: openapi.InQuery, Style: "form", Explode: true},
			true, "/pets", "all=true", "", ""},
		{"header scalar", "/pets", openapi.Param{Name: "X-Trace", Arg: "X-Trace", In: openapi.InHeader, Style: "simple"},
			"t-1", "/pets", "", "X-Trace", "t-1"},
		{"header array", "/pets", openapi.Param{Name: "X-Ids", Arg: "xIds", In: openapi.InHeader, Style: "simple"},
			[]any{1.0, 2.0}, "/pets", "", "X-Ids", "1,2"},
		{"header object explode", "/pets", openapi.Param{Name: "X-Obj", Arg: "xObj", In: openapi.InHeader, Style: "simple", Explode: true},
			map[string]any{"a": 1.0, "b": "x"}, "/pets", "", "X-Obj", "a=1,b=x"},
		{"cookie scalar", "/pets", openapi.Param{Name: "session_id", Arg: "sessionId", In: openapi.InCookie, Style: "form", Explode: true},
			"abc", "/pets", "", "Cookie", "session_id=abc"},
		{"cookie array", "/pets", openapi.Param{Name: "ids", Arg: "ids", In: openapi.InCookie, Style: "form"},
			[]any{"x", "y"}, "/pets", "", "Cookie", "ids=x,y"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			up := cognitotest.NewStub(t, cognitotest.Answer{Status: 200, Header: map[string]string{"Content-Type": "application/json"}, Body: `{"ok":true}`})
			e := New(Options{})
			tool := genericTool(openapi.Plan{Method: "get", Path: tc.path, Params: []openapi.Param{tc.param}})
			wantSuccess(t, e.callT(context.Background(), tool, &Target{BaseURL: up.URL}, map[string]any{tc.param.Arg: tc.arg}))
			r := up.Requests()[0]
			if r.Method != "GET" || r.Path != tc.wantPath || r.Query != tc.wantQuery {
				t.Errorf("request = %s %s?%s, want GET %s?%s", r.Method, r.Path, r.Query, tc.wantPath, tc.wantQuery)
			}
			if tc.header != "" && r.Header.Get(tc.header) != tc.wantHdr {
				t.Errorf("%s = %q, want %q", tc.header, r.Header.Get(tc.header), tc.wantHdr)
			}
			if r.Header.Get("Accept") != "application/json" {
				t.Errorf("Accept = %q", r.Header.Get("Accept"))
			}
		})
	}
}

func TestGenericBodiesAndHeaders(t *testing.T) {
	params := []openapi.Param{{Name: "petId", Arg: "petId", In: openapi.InPath, Style: "simple", Required: true}}
	tests := []struct {
		name      string
		body      *openapi.Body
		args      map[string]any
		wantType  string
		check     func(t *testing.T, r cognitotest.Captured)
		wantPath  string
		wantQuery string
	}{
		{"json body argument", &openapi.Body{MediaType: "application/json", Arg: "body"},
			map[string]any{"petId": 7.0, "body": map[string]any{"name": "Rex", "tags": []any{"<good>"}}},
			"application/json", func(t *testing.T, r cognitotest.Captured) {
				if got, want := string(r.Body), `{"name":"Rex","tags":["<good>"]}`; got != want {
					t.Errorf("body = %s, want %s", got, want)
				}
			}, "/v2/pets/7", ""},
		{"flattened json body", &openapi.Body{MediaType: "application/json", Props: []string{"name"}},
			map[string]any{"petId": 7.0, "name": "Rex"},
			"application/json", func(t *testing.T, r cognitotest.Captured) {
				if got, want := string(r.Body), `{"name":"Rex"}`; got != want {
					t.Errorf("body = %s, want %s", got, want)
				}
			}, "/v2/pets/7", ""},
		{"form body", &openapi.Body{MediaType: "application/x-www-form-urlencoded", Arg: "body"},
			map[string]any{"petId": 7.0, "body": map[string]any{"name": "Rex Jr", "status": "sold", "ids": []any{1.0, 2.0}}},
			"application/x-www-form-urlencoded", func(t *testing.T, r cognitotest.Captured) {
				if got, want := string(r.Body), "ids=1&ids=2&name=Rex+Jr&status=sold"; got != want {
					t.Errorf("body = %s, want %s", got, want)
				}
			}, "/v2/pets/7", ""},
		{"octet-stream string is the bytes", &openapi.Body{MediaType: "application/octet-stream", Arg: "body"},
			map[string]any{"petId": 7.0, "body": "GIF89a \"raw\"\n"},
			"application/octet-stream", func(t *testing.T, r cognitotest.Captured) {
				if got, want := string(r.Body), "GIF89a \"raw\"\n"; got != want {
					t.Errorf("body = %q, want %q", got, want)
				}
			}, "/v2/pets/7", ""},
		{"vendor json type stays json", &openapi.Body{MediaType: "application/vnd.pets+json", Arg: "body"},
			map[string]any{"petId": 7.0, "body": "Rex"},
			"application/vnd.pets+json", func(t *testing.T, r cognitotest.Captured) {
				if got, want := string(r.Body), `"Rex"`; got != want {
					t.Errorf("body = %s, want %s", got, want)
				}
			}, "/v2/pets/7", ""},
		{"multipart body", &openapi.Body{MediaType: "multipart/form-data", Arg: "body"},
			map[string]any{"petId": 7.0, "body": map[string]any{"note": "hi", "meta": map[string]any{"a": 1.0}}},
			"multipart/form-data", func(t *testing.T, r cognitotest.Captured) {
				_, p, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
				if err != nil {
					t.Fatal(err)
				}
				mr := multipart.NewReader(strings.NewReader(string(r.Body)), p["boundary"])
				got := map[string]string{}
				for {
					part, err := mr.NextPart()
					if err != nil {
						break
					}
					b := new(strings.Builder)
					buf := make([]byte, 512)
					n, _ := part.Read(buf)
					b.Write(buf[:n])
					got[part.FormName()] = b.String()
				}
				if got["note"] != "hi" || got["meta"] != `{"a":1}` {
					t.Errorf("parts = %v", got)
				}
			}, "/v2/pets/7", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			up := cognitotest.NewStub(t, cognitotest.Answer{Status: 200, Header: map[string]string{"Content-Type": "application/json"}, Body: `{}`})
			e := New(Options{})
			plan := openapi.Plan{
				Method: "POST", Path: "/pets/{petId}", Params: params, Body: tc.body,
				Headers: []openapi.Header{{Name: "X-Api-Version", Value: "2"}},
				Servers: []openapi.Server{{URL: up.URL + "/{version}", Variables: []openapi.ServerVariable{{Name: "version", Default: "v2"}}}},
			}
			target := &Target{Headers: http.Header{"X-Source": {"test"}}}
			wantSuccess(t, e.callT(context.Background(), genericTool(plan), target, tc.args))
			r := up.Requests()[0]
			if r.Method != "POST" || r.Path != tc.wantPath || r.Query != tc.wantQuery {
				t.Errorf("request = %s %s?%s", r.Method, r.Path, r.Query)
			}
			if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, tc.wantType) {
				t.Errorf("Content-Type = %q, want %s", ct, tc.wantType)
			}
			if r.Header.Get("X-Api-Version") != "2" || r.Header.Get("X-Source") != "test" {
				t.Errorf("fixed headers missing: %v", r.Header)
			}
			tc.check(t, r)
		})
	}
}

// recordingAuth adds a bearer token and records the security it was given.
type recordingAuth struct{ got []openapi.SecurityRequirement }

func (a *recordingAuth) Authorize(_ context.Context, req *http.Request, sec []openapi.SecurityRequirement) error {
	a.got = sec
	req.Header.Set("Authorization", "Bearer test-token")
	return nil
}

func TestAuthorizerIsCalled(t *testing.T) {
	up := cognitotest.NewStub(t, cognitotest.Answer{Status: 200, Body: `[1,2]`, Header: map[string]string{"Content-Type": "application/json"}})
	auth := &recordingAuth{}
	sec := []openapi.SecurityRequirement{{"bearer": nil}}
	tool := genericTool(openapi.Plan{Method: "GET", Path: "/pets", Security: sec})
	e := New(Options{})
	res := e.callT(context.Background(), tool, &Target{BaseURL: up.URL, Auth: auth}, nil)
	if text := wantSuccess(t, res); text != `[1,2]` {
		t.Errorf("text = %s", text)
	}
	if res.StructuredContent != nil {
		t.Error("a non-object result has structuredContent")
	}
	if up.Requests()[0].Header.Get("Authorization") != "Bearer test-token" {
		t.Error("authorizer's header not sent")
	}
	if len(auth.got) != 1 || auth.got[0]["bearer"] == nil && !hasKey(auth.got[0], "bearer") {
		t.Errorf("authorizer got security %v", auth.got)
	}
}

func TestGenericErrors(t *testing.T) {
	tests := []struct {
		name   string
		answer cognitotest.Answer
		want   []string
		not    string
	}{
		{"message field", cognitotest.Answer{Status: 404, Header: map[string]string{"Content-Type": "application/json"}, Body: `{"message":"Pet not found"}`},
			[]string{"HTTP 404", "Pet not found"}, ""},
		{"nested error", cognitotest.Answer{Status: 422, Header: map[string]string{"Content-Type": "application/json"}, Body: `{"error":{"code":"invalid","message":"name is required"}}`},
			[]string{"invalid", "name is required", "HTTP 422"}, ""},
		{"detail field", cognitotest.Answer{Status: 400, Header: map[string]string{"Content-Type": "application/problem+json"}, Body: `{"title":"Bad","detail":"limit too big"}`},
			[]string{"HTTP 400", "limit too big"}, ""},
		{"no message: redacted snippet", cognitotest.Answer{Status: 401, Header: map[string]string{"Content-Type": "application/json"}, Body: `{"token":"abc-secret-value","reason":"expired"}`},
			[]string{"HTTP 401", "expired", redacted}, "abc-secret-value"},
		{"plain text", cognitotest.Answer{Status: 500, Header: map[string]string{"Content-Type": "text/plain"}, Body: `upstream exploded`},
			[]string{"HTTP 500", "upstream exploded"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			up := cognitotest.NewStub(t, tc.answer)
			e := New(Options{Retryer: cognitotest.Retryer(3)})
			res := e.callT(context.Background(), genericTool(openapi.Plan{Method: "GET", Path: "/pets"}), &Target{BaseURL: up.URL}, nil)
			text := wantError(t, res, tc.want...)
			if tc.not != "" && strings.Contains(text, tc.not) {
				t.Errorf("error text leaks %q: %s", tc.not, text)
			}
		})
	}
}

func TestGenericRetryPolicy(t *testing.T) {
	tests := []struct {
		method   string
		status   int
		attempts int
	}{
		{"GET", 500, 3},
		{"PUT", 503, 3},
		{"POST", 500, 1}, // might have done the work: not repeated
		{"POST", 503, 3},
		{"POST", 429, 3},
		{"PATCH", 502, 1},
		{"GET", 404, 1},
	}
	for _, tc := range tests {
		t.Run(tc.method+" "+http.StatusText(tc.status), func(t *testing.T) {
			up := cognitotest.NewStub(t, cognitotest.Answer{Status: tc.status, Body: `{}`})
			e := New(Options{Retryer: cognitotest.Retryer(3)})
			wantError(t, e.callT(context.Background(), genericTool(openapi.Plan{Method: tc.method, Path: "/x"}), &Target{BaseURL: up.URL}, nil))
			if got := len(up.Requests()); got != tc.attempts {
				t.Errorf("%d attempts, want %d", got, tc.attempts)
			}
		})
	}
}

func TestGenericBaseURLProblems(t *testing.T) {
	e := New(Options{})
	wantError(t, e.callT(context.Background(), genericTool(openapi.Plan{Method: "GET", Path: "/x"}), nil, nil), "no servers")
	relative := genericTool(openapi.Plan{Method: "GET", Path: "/x", Servers: []openapi.Server{{URL: "/api/v3"}}})
	wantError(t, e.callT(context.Background(), relative, nil, nil), "not an absolute http(s) URL")
}

func hasKey(m openapi.SecurityRequirement, k string) bool {
	_, ok := m[k]
	return ok
}
