package httpserver

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
)

func TestHTTPAuth(t *testing.T) {
	tt := newTestTools(t)
	r := startHTTP(t, tt.srv, testConfig(withToken), nil)

	endpoints := []struct{ method, path, body string }{
		{http.MethodPost, "/mcp", initBody},
		{http.MethodGet, "/mcp", ""},
		{http.MethodGet, "/sse", ""},
		{http.MethodPost, "/message?sessionId=x", initBody},
	}
	tokens := []struct {
		name, header string
		invalid      bool
	}{
		{name: "missing"},
		{name: "wrong", header: "Bearer " + strings.Repeat("x", len(testToken)), invalid: true},
		{name: "prefix", header: "Bearer " + testToken[:20], invalid: true},
		{name: "basic scheme", header: "Basic " + testToken},
	}
	for _, ep := range endpoints {
		for _, tok := range tokens {
			t.Run(ep.method+ep.path+"/"+tok.name, func(t *testing.T) {
				h := map[string]string{}
				if tok.header != "" {
					h["Authorization"] = tok.header
				}
				resp, body := do(t, ep.method, r.base+ep.path, ep.body, h)
				if resp.StatusCode != http.StatusUnauthorized {
					t.Fatalf("status = %d, want 401; body %s", resp.StatusCode, body)
				}
				www := resp.Header.Get("WWW-Authenticate")
				if !strings.HasPrefix(www, `Bearer realm="cognito-mcp"`) {
					t.Errorf("WWW-Authenticate = %q", www)
				}
				if tok.invalid != strings.Contains(www, "invalid_token") {
					t.Errorf("WWW-Authenticate = %q, invalid token %v", www, tok.invalid)
				}
				if strings.Contains(body, testToken[:20]) {
					t.Errorf("body shows the token: %s", body)
				}
			})
		}
	}

	t.Run("right token", func(t *testing.T) {
		resp, body := do(t, http.MethodPost, r.base+"/mcp", initBody, map[string]string{"Authorization": "Bearer " + testToken})
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status = %d, body %s", resp.StatusCode, body)
		}
	})
	t.Run("healthz needs no token", func(t *testing.T) {
		resp, body := do(t, http.MethodGet, r.base+"/healthz", "", nil)
		if resp.StatusCode != http.StatusOK || strings.TrimSpace(body) != `{"status":"ok"}` {
			t.Fatalf("healthz = %d %s", resp.StatusCode, body)
		}
		if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("Content-Type = %q", ct)
		}
	})
}

func TestHTTPHostAndOrigin(t *testing.T) {
	tt := newTestTools(t)
	r := startHTTP(t, tt.srv, testConfig(func(c *Config) {
		c.AllowOrigins, c.AllowHosts = []string{"https://app.example.com"}, []string{"mcp.example.com"}
	}), nil)
	p := r.port

	endpoints := []struct{ method, path, body string }{
		{http.MethodPost, "/mcp", initBody},
		{http.MethodGet, "/sse", ""},
		{http.MethodPost, "/message?sessionId=x", initBody},
		{http.MethodGet, "/healthz", ""},
	}
	cases := []struct {
		name, host, origin string
		want               int // 403, or 0 for "not refused"
	}{
		{name: "127.0.0.1", host: "127.0.0.1:" + p},
		{name: "localhost", host: "localhost:" + p},
		{name: "ipv6 loopback", host: "[::1]:" + p},
		{name: "allowed host", host: "mcp.example.com"},
		{name: "allowed host with port", host: "mcp.example.com:443"},
		{name: "localhost origin any port", host: "localhost:" + p, origin: "http://localhost:6274"},
		{name: "127 origin", host: "127.0.0.1:" + p, origin: "http://127.0.0.1:3000"},
		{name: "allowed origin", host: "127.0.0.1:" + p, origin: "https://app.example.com"},
		{name: "foreign host", host: "evil.example:" + p, want: 403},
		{name: "rebound name", host: "attacker.example", want: 403},
		{name: "loopback name on another port", host: "localhost:1", want: 403},
		{name: "foreign origin", host: "127.0.0.1:" + p, origin: "https://evil.example", want: 403},
		{name: "foreign origin on localhost port", host: "localhost:" + p, origin: "http://evil.example:" + p, want: 403},
		{name: "null origin", host: "127.0.0.1:" + p, origin: "null", want: 403},
		{name: "allowed origin, other scheme", host: "127.0.0.1:" + p, origin: "http://app.example.com", want: 403},
	}
	for _, ep := range endpoints {
		for _, tc := range cases {
			t.Run(ep.method+ep.path+"/"+tc.name, func(t *testing.T) {
				h := map[string]string{"Host": tc.host}
				if tc.origin != "" {
					h["Origin"] = tc.origin
				}
				resp, body := do(t, ep.method, r.base+ep.path, ep.body, h)
				if tc.want == 403 {
					if resp.StatusCode != http.StatusForbidden {
						t.Fatalf("status = %d, want 403; body %s", resp.StatusCode, body)
					}
					var e struct{ Error, Message string }
					if err := json.Unmarshal([]byte(body), &e); err != nil || e.Message == "" {
						t.Errorf("403 body is not a clear JSON error: %s", body)
					}
					if resp.Header.Get("Access-Control-Allow-Origin") != "" {
						t.Errorf("refused origin got CORS headers")
					}
					return
				}
				if resp.StatusCode == http.StatusForbidden {
					t.Fatalf("refused: %s", body)
				}
				if got := resp.Header.Get("Access-Control-Allow-Origin"); got != tc.origin {
					t.Errorf("Access-Control-Allow-Origin = %q, want %q", got, tc.origin)
				}
			})
		}
	}

	t.Run("preflight", func(t *testing.T) {
		resp, _ := do(t, http.MethodOptions, r.base+"/mcp", "", map[string]string{
			"Origin": "http://localhost:6274", "Access-Control-Request-Method": "POST",
			"Access-Control-Request-Headers": "authorization, content-type, mcp-session-id",
		})
		if resp.StatusCode != http.StatusNoContent || !strings.Contains(resp.Header.Get("Access-Control-Allow-Headers"), "Authorization") {
			t.Fatalf("preflight = %d %v", resp.StatusCode, resp.Header)
		}
	})
}

func TestHTTPBodyLimit(t *testing.T) {
	tt := newTestTools(t)
	r := startHTTP(t, tt.srv, testConfig(func(c *Config) { c.MaxBodyBytes = 1024 }), nil)
	big := `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"` + strings.Repeat("a", 2048) + `"}}}`

	for _, path := range []string{"/mcp", "/message?sessionId=x"} {
		t.Run(path+"/content-length", func(t *testing.T) {
			resp, body := do(t, http.MethodPost, r.base+path, big, nil)
			if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(body, "--max-body-bytes") {
				t.Fatalf("status = %d, body %s", resp.StatusCode, body)
			}
		})
		t.Run(path+"/chunked", func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, r.base+path, io.MultiReader(strings.NewReader(big))) // no length: chunked
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if req.ContentLength != 0 || resp.StatusCode != http.StatusRequestEntityTooLarge {
				t.Fatalf("status = %d (content length %d)", resp.StatusCode, req.ContentLength)
			}
		})
	}
	t.Run("under the limit", func(t *testing.T) {
		resp, body := do(t, http.MethodPost, r.base+"/mcp", initBody, nil)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status = %d, body %s", resp.StatusCode, body)
		}
	})
}

// Stateless mode answers requests that carry no session, each on its own.
func TestHTTPStateless(t *testing.T) {
	tt := newTestTools(t)
	r := startHTTP(t, tt.srv, testConfig(func(c *Config) { c.Stateless = true }), nil)

	resp, body := do(t, http.MethodPost, r.base+"/mcp", initBody, nil)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Mcp-Session-Id") != "" {
		t.Fatalf("initialize = %d, session %q, body %s", resp.StatusCode, resp.Header.Get("Mcp-Session-Id"), body)
	}
	h := map[string]string{"Mcp-Protocol-Version": "2025-11-25"}
	for i, call := range []string{
		`{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","arguments":{"text":"one"}}}`,
		`{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"echo","arguments":{"text":"two"}}}`,
	} {
		resp, body := do(t, http.MethodPost, r.base+"/mcp", call, h)
		want := []string{"one", "two"}[i]
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, `"text":"`+want+`"`) {
			t.Fatalf("call %d = %d %s", i, resp.StatusCode, body)
		}
		if resp.Header.Get("Mcp-Session-Id") != "" {
			t.Errorf("stateless response carries a session id")
		}
	}
	// With no sessions there is nothing to stream to.
	if resp, _ := do(t, http.MethodGet, r.base+"/mcp", "", h); resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET /mcp = %d, want 405", resp.StatusCode)
	}
}

func TestHTTPAccessLog(t *testing.T) {
	tt := newTestTools(t)
	var buf syncBuffer
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	r := startHTTP(t, tt.srv, testConfig(withToken), log)

	c := dial(t, r.base, "streamable", mcp.ProtocolVersion20251125, testToken, nil)
	const secret = "hunter2-password-value"
	callText(t, c, "echo", map[string]any{"text": secret})
	do(t, http.MethodPost, r.base+"/mcp", initBody, map[string]string{"Authorization": "Bearer wrong-token-value-123456"})
	_ = c.Close()

	out := buf.String()
	for _, leak := range []string{secret, testToken, "wrong-token-value", "mcp-session-"} {
		if strings.Contains(out, leak) {
			t.Errorf("log shows %q:\n%s", leak, out)
		}
	}
	var sawCall, saw401 bool
	for line := range strings.SplitSeq(strings.TrimSpace(out), "\n") {
		var e struct {
			Msg, Method, Path, RPC, Tool, Session string
			Status                                int
			MS                                    *float64
		}
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("log line is not JSON: %s", line)
		}
		if e.Msg != "http" {
			continue
		}
		if e.RPC == "tools/call" && e.Tool == "echo" && e.Status == 200 && e.MS != nil && len(e.Session) == 8 {
			sawCall = true
		}
		if e.Status == 401 && e.Path == "/mcp" {
			saw401 = true
		}
	}
	if !sawCall || !saw401 {
		t.Errorf("access log lacks the call (%v) or the 401 (%v):\n%s", sawCall, saw401, out)
	}
}

func TestHTTPUnknownPath(t *testing.T) {
	tt := newTestTools(t)
	r := startHTTP(t, tt.srv, testConfig(nil), nil)
	resp, body := do(t, http.MethodGet, r.base+"/admin", "", nil)
	if resp.StatusCode != http.StatusNotFound || !strings.Contains(body, "/mcp") {
		t.Fatalf("status = %d, body %s", resp.StatusCode, body)
	}
}
