package executor

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/cognito-mcp/cognito-mcp/internal/cognitotest"

	"github.com/cognito-mcp/cognito-mcp/openapi"
)

// keyAuth adds a credential in a header, the query and a cookie, as
// sourceauth does for apiKey schemes.
type keyAuth struct{}

func (keyAuth) Authorize(_ context.Context, req *http.Request, _ []openapi.SecurityRequirement) error {
	req.Header.Set("X-Api-Key", "key-never-leaves")
	q := req.URL.Query()
	q.Set("api_key", "key-never-leaves")
	req.URL.RawQuery = q.Encode()
	req.AddCookie(&http.Cookie{Name: "session", Value: "key-never-leaves"})
	return nil
}

// origin2 is a second origin (another port on 127.0.0.1) that records
// what reaches it.
type origin2 struct {
	URL  string
	mu   sync.Mutex
	seen []string
}

func newOrigin2(t *testing.T) *origin2 {
	t.Helper()
	o := &origin2{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		o.mu.Lock()
		o.seen = append(o.seen, r.Method+" "+r.URL.String()+" "+r.Header.Get("X-Api-Key")+r.Header.Get("Authorization")+r.Header.Get("Cookie")+" "+string(body))
		o.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"from":"the other origin"}`))
	}))
	t.Cleanup(srv.Close)
	o.URL = srv.URL
	return o
}

func (o *origin2) requests() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]string(nil), o.seen...)
}

// redirecting answers every request under /go with status and a Location
// of to, and everything else with {"ok":true}; it records each request.
func redirecting(t *testing.T, status int, to func(self string) string) (*cognitotest.Stub, *[]cognitotest.Captured) {
	t.Helper()
	var mu sync.Mutex
	var seen []cognitotest.Captured
	s := &cognitotest.Stub{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		seen = append(seen, cognitotest.Captured{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Host: r.Host, Header: r.Header.Clone(), Body: body})
		mu.Unlock()
		if strings.HasPrefix(r.URL.Path, "/go") || r.URL.Path == "/" {
			w.Header().Set("Location", to(s.URL))
			w.WriteHeader(status)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"ok":true}`))
	}))
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s, &seen
}

// TestAWSCallsFollowNoRedirects: a 307 from the Cognito endpoint is an
// error that says so; the signed request and its body (a password) never
// reach the other host, and the call is not retried.
func TestAWSCallsFollowNoRedirects(t *testing.T) {
	other := newOrigin2(t)
	for _, status := range []int{301, 302, 307, 308} {
		up, seen := redirecting(t, status, func(string) string { return other.URL + "/steal" })
		e := New(Options{AWS: cognitotest.Config(up.URL)})
		res := e.callT(context.Background(), cognitotest.AdminCreateUser(), nil, map[string]any{"UserPoolId": "eu-west-1_abc", "Username": "alice", "TemporaryPassword": "Sup3r-secret"})
		text := wantError(t, res, "follow no redirects", fmt.Sprintf("HTTP %d", status))
		if !strings.Contains(text, other.URL[len("http://"):]) {
			t.Errorf("%d: %q does not name where it was sent", status, text)
		}
		if n := len(*seen); n != 1 {
			t.Errorf("%d: the endpoint got %d requests, want 1 (no retry)", status, n)
		}
	}
	if got := other.requests(); len(got) > 0 {
		t.Fatalf("the other host got %q", got)
	}
}

// TestSourceRedirects: a source's call follows redirects within its own
// origin, credentials included, and refuses one to another origin, which
// gets nothing: no header, query or cookie credential, no body.
func TestSourceRedirects(t *testing.T) {
	other := newOrigin2(t)
	get := genericTool(openapi.Plan{Method: "GET", Path: "/go"})
	post := genericTool(openapi.Plan{Method: "POST", Path: "/go", Body: &openapi.Body{MediaType: "application/json", Arg: "body"}})
	e := New(Options{Retryer: cognitotest.Retryer(3)})

	t.Run("same origin", func(t *testing.T) {
		up, seen := redirecting(t, http.StatusFound, func(self string) string { return self + "/there" })
		res := e.callT(context.Background(), get, &Target{BaseURL: up.URL, Auth: keyAuth{}}, nil)
		wantSuccess(t, res)
		if len(*seen) != 2 || (*seen)[1].Path != "/there" || (*seen)[1].Header.Get("X-Api-Key") != "key-never-leaves" {
			t.Errorf("same-origin redirect: %+v", *seen)
		}
	})
	for _, tc := range []struct {
		name   string
		status int
		tool   *openapi.Tool
	}{
		{"302 GET", http.StatusFound, get},
		{"301 GET", http.StatusMovedPermanently, get},
		{"307 POST with a body", http.StatusTemporaryRedirect, post},
		{"308 POST with a body", http.StatusPermanentRedirect, post},
		{"303 POST", http.StatusSeeOther, post},
	} {
		t.Run(tc.name, func(t *testing.T) {
			up, seen := redirecting(t, tc.status, func(string) string { return other.URL + "/elsewhere?x=1" })
			target := &Target{BaseURL: up.URL, Auth: keyAuth{}, Headers: http.Header{"X-Tenant-Secret": {"tenant-never-leaves"}}}
			res := e.callT(context.Background(), tc.tool, target, map[string]any{"body": map[string]any{"password": "body-never-leaves"}})
			text := wantError(t, res, "another origin", other.URL[len("http://"):], "baseUrl")
			if strings.Contains(text, "x=1") || strings.Contains(text, "never-leaves") {
				t.Errorf("the error shows a Location's query or a secret: %s", text)
			}
			if n := len(*seen); n != 1 {
				t.Errorf("the source got %d requests, want 1 (no retry)", n)
			}
		})
	}
	if got := other.requests(); len(got) > 0 {
		t.Fatalf("the other origin got %q", got)
	}
}
