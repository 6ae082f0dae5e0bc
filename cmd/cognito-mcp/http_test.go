package main

import (
	"context"
	"encoding/json"
	"flag"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

const testToken = "0123456789abcdef0123456789abcdef"

// testConfig registers the HTTP flags on a fresh flag set, so tests get the
// same defaults as the command.
func testConfig(t testing.TB, env map[string]string, args ...string) httpConfig {
	t.Helper()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	f := &envFlags{fs: fs, getenv: func(k string) string { return env[k] }}
	var c httpConfig
	c.register(f)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	if len(f.errs) > 0 {
		t.Fatal(f.errs)
	}
	return c
}

// testTools is a server with an echo tool, a tool that blocks until
// released, and a tool that calls a local upstream.
type testTools struct {
	srv     *server.MCPServer
	entered chan struct{} // one value each time "block" starts
	release chan struct{} // closing it lets every "block" call finish
}

func newTestTools(t testing.TB) *testTools {
	t.Helper()
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"Username":"alice"}`)
	}))
	t.Cleanup(upstream.Close)
	// Keep connections to the upstream for reuse, as a real client would.
	upTransport := upstream.Client().Transport.(*http.Transport).Clone()
	upTransport.MaxIdleConnsPerHost = 256
	upClient := &http.Client{Transport: upTransport}
	t.Cleanup(upTransport.CloseIdleConnections)

	tt := &testTools{
		srv:     server.NewMCPServer("test", "1.0.0", server.WithToolCapabilities(true)),
		entered: make(chan struct{}, 16),
		release: make(chan struct{}),
	}
	tt.srv.AddTools(
		server.ServerTool{
			Tool: mcp.NewTool("echo", mcp.WithString("text")),
			Handler: func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
				return mcp.NewToolResultText(req.GetString("text", "")), nil
			},
		},
		server.ServerTool{
			Tool: mcp.NewTool("block"),
			Handler: func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
				tt.entered <- struct{}{}
				select {
				case <-tt.release:
					return mcp.NewToolResultText("released"), nil
				case <-ctx.Done():
					return nil, ctx.Err()
				}
			},
		},
		server.ServerTool{
			Tool: mcp.NewTool("upstream"),
			Handler: func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
				hr, err := http.NewRequestWithContext(ctx, http.MethodGet, upstream.URL, nil)
				if err != nil {
					return nil, err
				}
				resp, err := upClient.Do(hr)
				if err != nil {
					return mcp.NewToolResultError(err.Error()), nil
				}
				defer resp.Body.Close()
				b, err := io.ReadAll(resp.Body)
				if err != nil {
					return mcp.NewToolResultError(err.Error()), nil
				}
				return mcp.NewToolResultText(string(b)), nil
			},
		},
	)
	return tt
}

// running is a serveListener started on 127.0.0.1 with a free port.
type running struct {
	base string // http://127.0.0.1:port
	port string
	stop context.CancelFunc
	done chan error
}

func startHTTP(t testing.TB, mcpSrv *server.MCPServer, cfg httpConfig, log *slog.Logger) *running {
	t.Helper()
	cfg.Addr = "127.0.0.1:0"
	if err := cfg.resolve(); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{base: "http://" + ln.Addr().String(), stop: cancel, done: make(chan error, 1)}
	_, r.port, _ = net.SplitHostPort(ln.Addr().String())
	go func() { r.done <- serveListener(ctx, ln, mcpSrv, cfg, log) }()
	t.Cleanup(func() {
		cancel()
		if err := <-r.done; err != nil {
			t.Errorf("serveListener: %v", err)
		}
	})
	return r
}

func (r *running) wait(t testing.TB) error {
	t.Helper()
	select {
	case err := <-r.done:
		r.done <- err // for Cleanup
		return err
	case <-time.After(30 * time.Second):
		t.Fatal("serveListener did not return")
		return nil
	}
}

const initBody = `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`

// do sends one raw request and returns the response with its body read.
func do(t testing.TB, method, url, body string, header map[string]string) (*http.Response, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
	}
	for k, v := range header {
		if k == "Host" {
			req.Host = v
			continue
		}
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		// An open stream: the status and headers are all a test needs.
		return resp, ""
	}
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestHTTPConfigResolve(t *testing.T) {
	dir := t.TempDir()
	tokenFile := filepath.Join(dir, "token")
	if err := os.WriteFile(tokenFile, []byte("  "+testToken+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	emptyFile := filepath.Join(dir, "empty")
	if err := os.WriteFile(emptyFile, []byte("\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		env       map[string]string
		args      []string
		wantErr   string // substring; "" means no error
		wantToken string
	}{
		{name: "loopback without token", args: []string{"--http", "127.0.0.1:0"}},
		{name: "localhost without token", args: []string{"--http", "localhost:8080"}},
		{name: "ipv6 loopback", args: []string{"--http", "[::1]:8080"}},
		{name: "all interfaces without token", args: []string{"--http", "0.0.0.0:0"}, wantErr: "no bearer token"},
		{name: "empty host without token", args: []string{"--http", ":8080"}, wantErr: "no bearer token"},
		{name: "a name without token", args: []string{"--http", "myhost:8080"}, wantErr: "no bearer token"},
		{name: "all interfaces, insecure", args: []string{"--http", "0.0.0.0:0", "--insecure-no-auth"}},
		{name: "insecure from env", env: map[string]string{"COGNITO_MCP_HTTP": "0.0.0.0:0", "COGNITO_MCP_INSECURE_NO_AUTH": "true"}},
		{name: "all interfaces with env token", env: map[string]string{authTokenEnv: testToken}, args: []string{"--http", "0.0.0.0:0"}, wantToken: testToken},
		{name: "token file is trimmed", args: []string{"--http", "0.0.0.0:0", "--auth-token-file", tokenFile}, wantToken: testToken},
		{name: "empty token file", args: []string{"--http", "127.0.0.1:0", "--auth-token-file", emptyFile}, wantErr: "is empty"},
		{name: "missing token file", args: []string{"--http", "127.0.0.1:0", "--auth-token-file", filepath.Join(dir, "nope")}, wantErr: "read --auth-token-file"},
		{name: "file and env", env: map[string]string{authTokenEnv: testToken}, args: []string{"--http", "127.0.0.1:0", "--auth-token-file", tokenFile}, wantErr: "keep one"},
		{name: "short token", env: map[string]string{authTokenEnv: "abc"}, args: []string{"--http", "127.0.0.1:0"}, wantErr: "shorter than"},
		{name: "bad address", args: []string{"--http", "8080"}, wantErr: "want host:port"},
		{name: "bad origin", args: []string{"--http", "127.0.0.1:0", "--allow-origin", "app.example.com"}, wantErr: "--allow-origin"},
		{name: "bad body limit", args: []string{"--http", "127.0.0.1:0", "--max-body-bytes", "0"}, wantErr: "--max-body-bytes"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := testConfig(t, tc.env, tc.args...)
			err := c.resolve()
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("resolve: %v", err)
				}
				if c.token != tc.wantToken {
					t.Errorf("token was not read as expected")
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("resolve = %v, want an error with %q", err, tc.wantErr)
			}
			if strings.Contains(err.Error(), testToken) || (tc.env[authTokenEnv] != "" && strings.Contains(err.Error(), tc.env[authTokenEnv])) {
				t.Errorf("error shows the token: %v", err)
			}
		})
	}
}

func TestHTTPConfigFlags(t *testing.T) {
	c := testConfig(t, map[string]string{"COGNITO_MCP_ALLOW_ORIGIN": "https://a.example, https://b.example"},
		"--http", "127.0.0.1:9000", "--stateless", "--shutdown-timeout", "3s")
	if c.Addr != "127.0.0.1:9000" || !c.Stateless || c.ShutdownTimeout != 3*time.Second {
		t.Errorf("flags not applied: %+v", c)
	}
	if len(c.AllowOrigins) != 2 || c.AllowOrigins[1] != "https://b.example" {
		t.Errorf("AllowOrigins = %q", c.AllowOrigins)
	}
	if c.MaxBodyBytes != 4<<20 || c.WriteTimeout <= 0 || c.KeepAlive <= 0 {
		t.Errorf("defaults missing: %+v", c)
	}
}

// A non-loopback address without a token is refused before anything
// listens; with --insecure-no-auth the server starts and stops cleanly.
func TestServeHTTPNonLoopback(t *testing.T) {
	tt := newTestTools(t)
	cfg := testConfig(t, nil, "--http", "0.0.0.0:0")
	err := serveHTTP(context.Background(), tt.srv, cfg, nil)
	if err == nil || !strings.Contains(err.Error(), "--insecure-no-auth") {
		t.Fatalf("serveHTTP = %v, want a refusal that names --insecure-no-auth", err)
	}

	cfg = testConfig(t, nil, "--http", "0.0.0.0:0", "--insecure-no-auth")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := serveHTTP(ctx, tt.srv, cfg, nil); err != nil {
		t.Fatalf("serveHTTP with --insecure-no-auth = %v, want nil", err)
	}
}

func TestHTTPAuth(t *testing.T) {
	tt := newTestTools(t)
	r := startHTTP(t, tt.srv, testConfig(t, map[string]string{authTokenEnv: testToken}), nil)

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
	r := startHTTP(t, tt.srv, testConfig(t, nil, "--allow-origin", "https://app.example.com", "--allow-host", "mcp.example.com"), nil)
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
	r := startHTTP(t, tt.srv, testConfig(t, nil, "--max-body-bytes", "1024"), nil)
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
	r := startHTTP(t, tt.srv, testConfig(t, nil, "--stateless"), nil)

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

// dial returns an initialized mcp-go client over the named transport.
// version "" lets the client negotiate.
func dial(t testing.TB, base, kind, version, token string, onNote func(mcp.JSONRPCNotification)) *client.Client {
	t.Helper()
	headers := map[string]string{}
	if token != "" {
		headers["Authorization"] = "Bearer " + token
	}
	var tr transport.Interface
	var err error
	switch kind {
	case "streamable":
		// A GET stream keeps the client on the initialize handshake, so it
		// is opened only for a pinned legacy version.
		opts := []transport.StreamableHTTPCOption{transport.WithHTTPHeaders(headers)}
		if version != "" {
			opts = append(opts, transport.WithContinuousListening())
		}
		tr, err = transport.NewStreamableHTTP(base+"/mcp", opts...)
	case "streamable-no-get":
		tr, err = transport.NewStreamableHTTP(base+"/mcp", transport.WithHTTPHeaders(headers))
	case "sse":
		tr, err = transport.NewSSE(base+"/sse", transport.WithHeaders(headers))
	default:
		t.Fatalf("unknown transport %q", kind)
	}
	if err != nil {
		t.Fatal(err)
	}
	var opts []client.ClientOption
	if version != "" {
		opts = append(opts, client.WithProtocolVersion(version))
	}
	c := client.NewClient(tr, opts...)
	t.Cleanup(func() { _ = c.Close() })
	if onNote != nil {
		c.OnNotification(onNote)
	}
	// The SSE transport's stream lives as long as Start's context.
	life, end := context.WithCancel(context.Background())
	t.Cleanup(end)
	if err := c.Start(life); err != nil {
		t.Fatalf("start %s: %v", kind, err)
	}
	req := mcp.InitializeRequest{}
	req.Params.ProtocolVersion = version
	req.Params.ClientInfo = mcp.Implementation{Name: "http-test", Version: "1"}
	ctx, cancel := context.WithTimeout(life, 20*time.Second)
	defer cancel()
	if _, err := c.Initialize(ctx, req); err != nil {
		t.Fatalf("initialize %s: %v", kind, err)
	}
	return c
}

func callText(t testing.TB, c *client.Client, tool string, args map[string]any) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	req := mcp.CallToolRequest{}
	req.Params.Name = tool
	req.Params.Arguments = args
	res, err := c.CallTool(ctx, req)
	if err != nil {
		t.Fatalf("call %s: %v", tool, err)
	}
	if res.IsError || len(res.Content) != 1 {
		t.Fatalf("call %s: %+v", tool, res)
	}
	text, ok := res.Content[0].(mcp.TextContent)
	if !ok {
		t.Fatalf("call %s: content %T", tool, res.Content[0])
	}
	return text.Text
}

// mcp-go's own clients initialize, list and call over both transports, on
// the pinned protocol version and on the one they negotiate.
func TestHTTPClients(t *testing.T) {
	tt := newTestTools(t)
	r := startHTTP(t, tt.srv, testConfig(t, map[string]string{authTokenEnv: testToken}), nil)
	for _, kind := range []string{"streamable", "sse"} {
		for _, version := range []string{mcp.ProtocolVersion20251125, ""} {
			t.Run(kind+"/"+cmpOr(version, "negotiated"), func(t *testing.T) {
				c := dial(t, r.base, kind, version, testToken, nil)
				t.Logf("protocol %s", c.ProtocolVersion())
				if kind == "streamable" && version == "" && c.ProtocolVersion() != mcp.ProtocolVersion20260728 {
					t.Errorf("negotiated %q over Streamable HTTP, want %s", c.ProtocolVersion(), mcp.ProtocolVersion20260728)
				}
				ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
				defer cancel()
				list, err := c.ListTools(ctx, mcp.ListToolsRequest{})
				if err != nil {
					t.Fatal(err)
				}
				if len(list.Tools) != 3 {
					t.Errorf("listed %d tools, want 3", len(list.Tools))
				}
				if got := callText(t, c, "echo", map[string]any{"text": "hi"}); got != "hi" {
					t.Errorf("echo = %q", got)
				}
				if got := callText(t, c, "upstream", nil); !strings.Contains(got, "alice") {
					t.Errorf("upstream = %q", got)
				}
			})
		}
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// noteWaiter collects notification methods from a client.
type noteWaiter struct {
	mu   sync.Mutex
	seen map[string]int
	cond chan struct{}
}

func newNoteWaiter() *noteWaiter {
	return &noteWaiter{seen: map[string]int{}, cond: make(chan struct{}, 1)}
}

func (n *noteWaiter) on(note mcp.JSONRPCNotification) {
	n.mu.Lock()
	n.seen[note.Method]++
	n.mu.Unlock()
	select {
	case n.cond <- struct{}{}:
	default:
	}
}

func (n *noteWaiter) wait(t testing.TB, method string, poke func()) {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		n.mu.Lock()
		got := n.seen[method]
		n.mu.Unlock()
		if got > 0 {
			return
		}
		if poke != nil {
			poke()
		}
		select {
		case <-n.cond:
		case <-time.After(50 * time.Millisecond):
		case <-deadline:
			t.Fatalf("no %s", method)
		}
	}
}

// A change of the tool list reaches every connected client: SSE sessions,
// Streamable HTTP sessions with and without a GET stream (without one it
// rides on the next response), and clients on protocol 2026-07-28 through
// subscriptions/listen.
func TestHTTPListChanged(t *testing.T) {
	tt := newTestTools(t)
	r := startHTTP(t, tt.srv, testConfig(t, nil), nil)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	type conn struct {
		name  string
		c     *client.Client
		notes *noteWaiter
		poke  func()
	}
	var conns []conn
	for _, k := range []struct{ kind, version string }{
		{"sse", mcp.ProtocolVersion20251125},
		{"streamable", mcp.ProtocolVersion20251125},
		{"streamable-no-get", mcp.ProtocolVersion20251125},
		{"streamable", ""},
	} {
		n := newNoteWaiter()
		c := dial(t, r.base, k.kind, k.version, "", n.on)
		cn := conn{name: k.kind + "/" + cmpOr(k.version, "negotiated"), c: c, notes: n}
		switch {
		case k.kind == "streamable-no-get":
			// Nothing reaches this client between its requests.
			cn.poke = func() { _ = c.Ping(ctx) }
		case k.version == "":
			// Protocol 2026-07-28 has no GET stream; the client listens.
			stop, err := c.ListenAsync(ctx, mcp.SubscriptionFilter{ToolsListChanged: true}, func(err error) { t.Errorf("listen: %v", err) })
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(stop)
			n.wait(t, "notifications/subscriptions/acknowledged", nil)
		}
		conns = append(conns, cn)
	}

	tt.srv.SetTools(server.ServerTool{
		Tool: mcp.NewTool("echo2"),
		Handler: func(context.Context, mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			return mcp.NewToolResultText("2"), nil
		},
	})
	for _, cn := range conns {
		t.Run(cn.name, func(t *testing.T) {
			cn.notes.wait(t, string(mcp.MethodNotificationToolsListChanged), cn.poke)
			list, err := cn.c.ListTools(ctx, mcp.ListToolsRequest{})
			if err != nil || len(list.Tools) != 1 || list.Tools[0].Name != "echo2" {
				t.Fatalf("after the change: %v %+v", err, list)
			}
		})
	}
}

// Shutdown lets a call in flight finish, on both transports, then returns
// nil.
func TestHTTPShutdownInFlight(t *testing.T) {
	for _, kind := range []string{"streamable", "sse"} {
		t.Run(kind, func(t *testing.T) {
			tt := newTestTools(t)
			r := startHTTP(t, tt.srv, testConfig(t, nil, "--shutdown-timeout", "1m"), nil)
			c := dial(t, r.base, kind, mcp.ProtocolVersion20251125, "", nil)

			result := make(chan string, 1)
			go func() {
				ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
				defer cancel()
				req := mcp.CallToolRequest{}
				req.Params.Name = "block"
				res, err := c.CallTool(ctx, req)
				switch {
				case err != nil:
					result <- "error: " + err.Error()
				case len(res.Content) == 0:
					result <- "empty result"
				default:
					result <- res.Content[0].(mcp.TextContent).Text
				}
			}()
			<-tt.entered
			r.stop()

			// The listener closes at once.
			for {
				conn, err := net.Dial("tcp", strings.TrimPrefix(r.base, "http://"))
				if err != nil {
					break
				}
				conn.Close()
				time.Sleep(5 * time.Millisecond)
			}
			select {
			case err := <-r.done:
				t.Fatalf("serveListener returned %v with a call in flight", err)
			default:
			}
			close(tt.release)
			if got := <-result; got != "released" {
				t.Fatalf("call in flight = %q, want released", got)
			}
			if err := r.wait(t); err != nil {
				t.Fatalf("serveListener = %v, want nil", err)
			}
		})
	}
}

// At the deadline, a call that is still running is cut off and shutdown
// still returns nil.
func TestHTTPShutdownDeadline(t *testing.T) {
	tt := newTestTools(t)
	r := startHTTP(t, tt.srv, testConfig(t, nil, "--shutdown-timeout", "50ms"), nil)
	c := dial(t, r.base, "streamable", mcp.ProtocolVersion20251125, "", nil)
	errc := make(chan error, 1)
	go func() {
		req := mcp.CallToolRequest{}
		req.Params.Name = "block"
		_, err := c.CallTool(context.Background(), req)
		errc <- err
	}()
	<-tt.entered
	r.stop()
	if err := r.wait(t); err != nil {
		t.Fatalf("serveListener = %v, want nil", err)
	}
	if err := <-errc; err == nil {
		t.Errorf("the cut-off call reported success")
	}
}

func TestHTTPAccessLog(t *testing.T) {
	tt := newTestTools(t)
	var buf syncBuffer
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	r := startHTTP(t, tt.srv, testConfig(t, map[string]string{authTokenEnv: testToken}), log)

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
	r := startHTTP(t, tt.srv, testConfig(t, nil), nil)
	resp, body := do(t, http.MethodGet, r.base+"/admin", "", nil)
	if resp.StatusCode != http.StatusNotFound || !strings.Contains(body, "/mcp") {
		t.Fatalf("status = %d, body %s", resp.StatusCode, body)
	}
}

// Short read and write timeouts bound each read and write, not a call or a
// stream: a call that outlasts both still answers, and open event streams
// still deliver list_changed afterwards.
func TestHTTPTimeoutsSpareStreams(t *testing.T) {
	tt := newTestTools(t)
	r := startHTTP(t, tt.srv, testConfig(t, nil, "--read-timeout", "50ms", "--write-timeout", "50ms", "--sse-keepalive", "0"), nil)
	type conn struct {
		kind  string
		c     *client.Client
		notes *noteWaiter
	}
	var conns []conn
	for _, kind := range []string{"sse", "streamable"} {
		n := newNoteWaiter()
		conns = append(conns, conn{kind, dial(t, r.base, kind, mcp.ProtocolVersion20251125, "", n.on), n})
	}

	results := make(chan string, len(conns))
	for _, cn := range conns {
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			req := mcp.CallToolRequest{}
			req.Params.Name = "block"
			res, err := cn.c.CallTool(ctx, req)
			if err != nil {
				results <- cn.kind + ": " + err.Error()
				return
			}
			results <- res.Content[0].(mcp.TextContent).Text
		}()
	}
	for range conns {
		<-tt.entered
	}
	time.Sleep(200 * time.Millisecond) // longer than both timeouts
	close(tt.release)
	for range conns {
		if got := <-results; got != "released" {
			t.Errorf("long call = %q", got)
		}
	}

	time.Sleep(200 * time.Millisecond) // the streams sit idle past the write timeout
	tt.srv.DeleteTools("echo")
	for _, cn := range conns {
		cn.notes.wait(t, string(mcp.MethodNotificationToolsListChanged), nil)
	}
}

// The SSE endpoint event points at /message on the same host, and both
// kinds of stream carry keep-alive pings.
func TestHTTPKeepAlive(t *testing.T) {
	tt := newTestTools(t)
	r := startHTTP(t, tt.srv, testConfig(t, nil, "--sse-keepalive", "20ms"), nil)

	readUntil := func(t *testing.T, req *http.Request, want ...string) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		resp, err := http.DefaultClient.Do(req.WithContext(ctx))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var seen strings.Builder
		buf := make([]byte, 4096)
		for _, w := range want {
			for !strings.Contains(seen.String(), w) {
				n, err := resp.Body.Read(buf)
				seen.Write(buf[:n])
				if err != nil {
					t.Fatalf("stream ended before %q: %v\n%s", w, err, seen.String())
				}
			}
		}
	}

	t.Run("sse", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodGet, r.base+"/sse", nil)
		readUntil(t, req, "event: endpoint\ndata: /message?sessionId=", `"method":"ping"`)
	})
	t.Run("streamable", func(t *testing.T) {
		resp, _ := do(t, http.MethodPost, r.base+"/mcp", initBody, nil)
		req, _ := http.NewRequest(http.MethodGet, r.base+"/mcp", nil)
		req.Header.Set("Accept", "text/event-stream")
		req.Header.Set("Mcp-Session-Id", resp.Header.Get("Mcp-Session-Id"))
		req.Header.Set("Mcp-Protocol-Version", mcp.ProtocolVersion20251125)
		readUntil(t, req, `"method":"ping"`)
	})
}
