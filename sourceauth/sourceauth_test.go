package sourceauth

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cognito-mcp/cognito-mcp/openapi"
	"github.com/cognito-mcp/cognito-mcp/registry"
)

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

// tokenServer issues client-credentials tokens "tok-1", "tok-2"... for
// client id "app" and secret "app-secret".
func tokenServer(t *testing.T, calls *atomic.Int32) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, secret, ok := r.BasicAuth()
		r.ParseForm()
		if !ok || id != "app" || secret != "app-secret" || r.Form.Get("grant_type") != "client_credentials" || r.Form.Get("scope") != "read:pets" {
			w.WriteHeader(http.StatusUnauthorized)
			w.Write([]byte(`{"error": "invalid_client"}`))
			return
		}
		n := calls.Add(1)
		json.NewEncoder(w).Encode(map[string]any{"access_token": "tok-" + string(rune('0'+n)), "token_type": "Bearer", "expires_in": 3600})
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestAuthorizeSchemes(t *testing.T) {
	var tokenCalls atomic.Int32
	tokens := tokenServer(t, &tokenCalls)
	secretFile := filepath.Join(t.TempDir(), "token")
	os.WriteFile(secretFile, []byte("file-token\n"), 0o600)

	schemes := []openapi.SecurityScheme{
		{Name: "api_header", Type: "apiKey", In: "header", Param: "X-Api-Key"},
		{Name: "api_query", Type: "apiKey", In: "query", Param: "api_key"},
		{Name: "api_cookie", Type: "apiKey", In: "cookie", Param: "session"},
		{Name: "bearer", Type: "http", Scheme: "bearer"},
		{Name: "basic", Type: "http", Scheme: "basic"},
		{Name: "oauth", Type: "oauth2"},
		{Name: "oidc", Type: "openIdConnect"},
		{Name: "cc", Type: "oauth2", TokenURL: tokens.URL},
		{Name: "unset", Type: "apiKey", In: "header", Param: "X-Unset"},
		{Name: "unconfigured", Type: "apiKey", In: "header", Param: "X-Other"},
	}
	refs := map[string]registry.SecretRef{
		"api_header": {Env: "KEY"},
		"api_query":  {Env: "KEY"},
		"api_cookie": {Env: "KEY"},
		"bearer":     {File: secretFile},
		"basic":      {Env: "BASIC"},
		"oauth":      {Env: "TOKEN"},
		"oidc":       {Env: "TOKEN"},
		"cc":         {ClientID: &registry.SecretRef{Env: "CLIENT_ID"}, ClientSecret: &registry.SecretRef{Env: "CLIENT_SECRET"}, Scopes: []string{"read:pets"}},
		"unset":      {Env: "NOT_SET"},
	}
	env := map[string]string{"KEY": "k-123", "BASIC": "alice:pa:ss", "TOKEN": "t-456", "CLIENT_ID": "app", "CLIENT_SECRET": "app-secret"}
	a := New(schemes, refs, Options{Getenv: func(k string) string { return env[k] }})
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte("alice:pa:ss"))

	for _, tc := range []struct {
		name     string
		security []openapi.SecurityRequirement
		check    func(*http.Request) bool
	}{
		{"apiKey header", req("api_header"), func(r *http.Request) bool { return r.Header.Get("X-Api-Key") == "k-123" }},
		{"apiKey query", req("api_query"), func(r *http.Request) bool {
			return r.URL.Query().Get("api_key") == "k-123" && r.URL.Query().Get("q") == "1"
		}},
		{"apiKey cookie", req("api_cookie"), func(r *http.Request) bool { c, err := r.Cookie("session"); return err == nil && c.Value == "k-123" }},
		{"http bearer from a file", req("bearer"), func(r *http.Request) bool { return r.Header.Get("Authorization") == "Bearer file-token" }},
		{"http basic", req("basic"), func(r *http.Request) bool { return r.Header.Get("Authorization") == basic }},
		{"oauth2 token", req("oauth"), func(r *http.Request) bool { return r.Header.Get("Authorization") == "Bearer t-456" }},
		{"openIdConnect token", req("oidc"), func(r *http.Request) bool { return r.Header.Get("Authorization") == "Bearer t-456" }},
		{"oauth2 client credentials", req("cc"), func(r *http.Request) bool { return r.Header.Get("Authorization") == "Bearer tok-1" }},
		{"first configured alternative", append(req("unconfigured"), req("api_header")...), func(r *http.Request) bool {
			return r.Header.Get("X-Api-Key") == "k-123" && r.Header.Get("X-Other") == ""
		}},
		{"all schemes of one alternative", []openapi.SecurityRequirement{{"api_header": nil, "bearer": nil}}, func(r *http.Request) bool {
			return r.Header.Get("X-Api-Key") == "k-123" && r.Header.Get("Authorization") == "Bearer file-token"
		}},
		{"unset variable: next alternative", append(req("unset"), req("oauth")...), func(r *http.Request) bool {
			return r.Header.Get("X-Unset") == "" && r.Header.Get("Authorization") == "Bearer t-456"
		}},
		{"nothing configured: no auth", req("unconfigured"), func(r *http.Request) bool {
			return r.Header.Get("Authorization") == "" && r.Header.Get("X-Other") == ""
		}},
		{"anonymous alternative", []openapi.SecurityRequirement{{}}, func(r *http.Request) bool { return r.Header.Get("Authorization") == "" }},
		{"no auth needed", []openapi.SecurityRequirement{}, func(r *http.Request) bool { return r.Header.Get("X-Api-Key") == "" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, got := upstream(t)
			r, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, srv.URL+"/pets?q=1", nil)
			if err := a.Authorize(r.Context(), r, tc.security); err != nil {
				t.Fatal(err)
			}
			resp, err := srv.Client().Do(r)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if rec := <-got; !tc.check(rec) {
				t.Errorf("upstream got headers %v, query %q", rec.Header, rec.URL.RawQuery)
			}
		})
	}
	if n := tokenCalls.Load(); n != 1 {
		t.Errorf("token fetched %d times, want 1", n)
	}
}

func req(names ...string) []openapi.SecurityRequirement {
	var out []openapi.SecurityRequirement
	for _, n := range names {
		out = append(out, openapi.SecurityRequirement{n: nil})
	}
	return out
}

func TestClientCredentialsRefresh(t *testing.T) {
	var calls atomic.Int32
	tokens := tokenServer(t, &calls)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	env := map[string]string{"ID": "app", "SECRET": "app-secret"}
	a := New(
		[]openapi.SecurityScheme{{Name: "cc", Type: "oauth2", TokenURL: tokens.URL}},
		map[string]registry.SecretRef{"cc": {ClientID: &registry.SecretRef{Env: "ID"}, ClientSecret: &registry.SecretRef{Env: "SECRET"}, Scopes: []string{"read:pets"}}},
		Options{Getenv: func(k string) string { return env[k] }, Now: func() time.Time { return now }},
	)
	bearer := func() string {
		r, _ := http.NewRequest(http.MethodGet, "http://127.0.0.1/x", nil)
		if err := a.Authorize(context.Background(), r, req("cc")); err != nil {
			t.Fatal(err)
		}
		return r.Header.Get("Authorization")
	}
	if got := bearer(); got != "Bearer tok-1" {
		t.Errorf("first: %q", got)
	}
	now = now.Add(30 * time.Minute)
	if got := bearer(); got != "Bearer tok-1" {
		t.Errorf("cached: %q", got)
	}
	now = now.Add(31 * time.Minute) // within a minute of expiry
	if got := bearer(); got != "Bearer tok-2" {
		t.Errorf("refreshed: %q", got)
	}

	env["SECRET"] = "wrong-secret-value"
	now = now.Add(2 * time.Hour)
	r, _ := http.NewRequest(http.MethodGet, "http://127.0.0.1/x", nil)
	err := a.Authorize(context.Background(), r, req("cc"))
	if err == nil || !strings.Contains(err.Error(), "HTTP 401 (invalid_client)") || strings.Contains(err.Error(), "wrong-secret-value") {
		t.Errorf("bad secret: %v", err)
	}
}

func TestAuthHint(t *testing.T) {
	a := New(
		[]openapi.SecurityScheme{{Name: "api_key", Type: "apiKey", In: "header", Param: "api_key"}, {Name: "petstore_auth", Type: "oauth2"}},
		map[string]registry.SecretRef{"petstore_auth": {Env: "PETSTORE_TOKEN"}},
		Options{Getenv: func(string) string { return "" }},
	)
	hint := a.Hint(append(req("api_key"), req("petstore_auth")...))
	for _, want := range []string{`security scheme api_key`, `{"api_key": {"env"`, "environment variable PETSTORE_TOKEN is not set"} {
		if !strings.Contains(hint, want) {
			t.Errorf("hint %q lacks %q", hint, want)
		}
	}
	if h := a.Hint([]openapi.SecurityRequirement{}); h != "" {
		t.Errorf("hint for an operation without security: %q", h)
	}
	if h := a.Hint(nil); !strings.Contains(h, "api_key") {
		t.Errorf("hint for the document's default security: %q", h)
	}
}

// TestTokenFetchDoesNotBlockOthers: while the token endpoint hangs, a
// second caller waits only as long as its own ctx allows, and the fetch
// in flight is shared rather than repeated.
func TestTokenFetchDoesNotBlockOthers(t *testing.T) {
	var calls atomic.Int32
	arrived := make(chan struct{}, 1)
	release := make(chan struct{})
	tokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		arrived <- struct{}{}
		<-release
		json.NewEncoder(w).Encode(map[string]any{"access_token": "tok-slow", "expires_in": 3600})
	}))
	t.Cleanup(tokens.Close)
	t.Cleanup(func() {
		select {
		case <-release:
		default:
			close(release)
		}
	})
	env := map[string]string{"ID": "app", "SECRET": "app-secret"}
	a := New(
		[]openapi.SecurityScheme{{Name: "cc", Type: "oauth2", TokenURL: tokens.URL}},
		map[string]registry.SecretRef{"cc": {ClientID: &registry.SecretRef{Env: "ID"}, ClientSecret: &registry.SecretRef{Env: "SECRET"}}},
		Options{Getenv: func(k string) string { return env[k] }},
	)
	authorize := func(ctx context.Context) (string, error) {
		r, _ := http.NewRequest(http.MethodGet, "http://127.0.0.1/x", nil)
		err := a.Authorize(ctx, r, req("cc"))
		return r.Header.Get("Authorization"), err
	}

	first := make(chan error, 1)
	go func() {
		got, err := authorize(context.Background())
		if err == nil && got != "Bearer tok-slow" {
			err = errors.New("first caller got " + got)
		}
		first <- err
	}()
	<-arrived // the first caller's fetch is at the hanging endpoint

	ctx, cancel := context.WithCancel(context.Background())
	second := make(chan error, 1)
	go func() {
		_, err := authorize(ctx)
		second <- err
	}()
	cancel()
	if err := <-second; !errors.Is(err, context.Canceled) {
		t.Fatalf("second caller: %v, want its own cancellation", err)
	}

	close(release)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	if got, err := authorize(context.Background()); err != nil || got != "Bearer tok-slow" {
		t.Errorf("cached token: %q, %v", got, err)
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("%d token requests, want 1", n)
	}
}
