package sourceauth

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/cognito-mcp/cognito-mcp/openapi"
	"github.com/cognito-mcp/cognito-mcp/registry"
)

// TestTokenRequestFollowsNoRedirect: a token endpoint that redirects does
// not get the client secret sent on to the redirect's host.
func TestTokenRequestFollowsNoRedirect(t *testing.T) {
	var stolen atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		stolen.Add(1)
		w.Write([]byte(`{"access_token":"x","expires_in":3600}`))
	}))
	defer other.Close()
	tokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/token", http.StatusTemporaryRedirect)
	}))
	defer tokens.Close()
	env := map[string]string{"ID": "app", "SECRET": "client-secret-never-leaves"}
	a := New(
		[]openapi.SecurityScheme{{Name: "cc", Type: "oauth2", TokenURL: tokens.URL}},
		map[string]registry.SecretRef{"cc": {ClientID: &registry.SecretRef{Env: "ID"}, ClientSecret: &registry.SecretRef{Env: "SECRET"}}},
		Options{Getenv: func(k string) string { return env[k] }},
	)
	r, _ := http.NewRequest(http.MethodGet, "http://127.0.0.1/x", nil)
	err := a.Authorize(context.Background(), r, req("cc"))
	if err == nil || !strings.Contains(err.Error(), "HTTP 307") || !strings.Contains(err.Error(), "no redirects") || strings.Contains(err.Error(), "never-leaves") {
		t.Errorf("redirected token request: %v", err)
	}
	if n := stolen.Load(); n != 0 {
		t.Fatalf("the redirect's host got %d token requests", n)
	}
}
