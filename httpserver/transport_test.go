package httpserver

import (
	"context"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// mcp-go's own clients initialize, list and call over both transports, on
// the pinned protocol version and on the one they negotiate.
func TestHTTPClients(t *testing.T) {
	tt := newTestTools(t)
	r := startHTTP(t, tt.srv, testConfig(withToken), nil)
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

// A change of the tool list reaches every connected client: SSE sessions,
// Streamable HTTP sessions with and without a GET stream (without one it
// rides on the next response), and clients on protocol 2026-07-28 through
// subscriptions/listen.
func TestHTTPListChanged(t *testing.T) {
	tt := newTestTools(t)
	r := startHTTP(t, tt.srv, testConfig(nil), nil)
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
			r := startHTTP(t, tt.srv, testConfig(func(c *Config) { c.ShutdownTimeout = time.Minute }), nil)
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
				t.Fatalf("ServeListener returned %v with a call in flight", err)
			default:
			}
			close(tt.release)
			if got := <-result; got != "released" {
				t.Fatalf("call in flight = %q, want released", got)
			}
			if err := r.wait(t); err != nil {
				t.Fatalf("ServeListener = %v, want nil", err)
			}
		})
	}
}

// At the deadline, a call that is still running is cut off and shutdown
// still returns nil.
func TestHTTPShutdownDeadline(t *testing.T) {
	tt := newTestTools(t)
	r := startHTTP(t, tt.srv, testConfig(func(c *Config) { c.ShutdownTimeout = 50 * time.Millisecond }), nil)
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
		t.Fatalf("ServeListener = %v, want nil", err)
	}
	if err := <-errc; err == nil {
		t.Errorf("the cut-off call reported success")
	}
}

// Short read and write timeouts bound each read and write, not a call or a
// stream: a call that outlasts both still answers, and open event streams
// still deliver list_changed afterwards.
func TestHTTPTimeoutsSpareStreams(t *testing.T) {
	tt := newTestTools(t)
	r := startHTTP(t, tt.srv, testConfig(func(c *Config) {
		c.ReadTimeout, c.WriteTimeout, c.KeepAlive = 50*time.Millisecond, 50*time.Millisecond, 0
	}), nil)
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
	r := startHTTP(t, tt.srv, testConfig(func(c *Config) { c.KeepAlive = 20 * time.Millisecond }), nil)

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
