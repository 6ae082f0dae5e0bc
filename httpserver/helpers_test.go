package httpserver

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
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

// testConfig is DefaultConfig, which the command starts from, changed by
// set (which may be nil).
func testConfig(set func(*Config)) Config {
	c := DefaultConfig()
	if set != nil {
		set(&c)
	}
	return c
}

// withToken requires testToken.
func withToken(c *Config) { c.Token = testToken }

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

// running is a ServeListener started on 127.0.0.1 with a free port.
type running struct {
	base string // http://127.0.0.1:port
	port string
	stop context.CancelFunc
	done chan error
}

func startHTTP(t testing.TB, mcpSrv *server.MCPServer, cfg Config, log *slog.Logger) *running {
	t.Helper()
	cfg.Addr = "127.0.0.1:0"
	if err := cfg.Resolve(); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{base: "http://" + ln.Addr().String(), stop: cancel, done: make(chan error, 1)}
	_, r.port, _ = net.SplitHostPort(ln.Addr().String())
	go func() { r.done <- ServeListener(ctx, ln, mcpSrv, cfg, log) }()
	t.Cleanup(func() {
		cancel()
		if err := <-r.done; err != nil {
			t.Errorf("ServeListener: %v", err)
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
		t.Fatal("ServeListener did not return")
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

// syncBuffer collects log output written from several goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
