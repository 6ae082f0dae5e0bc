package httpserver

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

// initSession initializes a Streamable HTTP session and returns its id.
func initSession(t *testing.T, base string) string {
	t.Helper()
	resp, body := do(t, http.MethodPost, base+mcpPath, initBody, nil)
	id := resp.Header.Get("Mcp-Session-Id")
	if resp.StatusCode != http.StatusOK || id == "" {
		t.Fatalf("initialize: %d %s", resp.StatusCode, body)
	}
	return id
}

// listTools lists tools in a session and returns the HTTP status.
func listTools(t *testing.T, base, session string) int {
	t.Helper()
	resp, _ := do(t, http.MethodPost, base+mcpPath, `{"jsonrpc":"2.0","id":2,"method":"tools/list"}`,
		map[string]string{"Mcp-Session-Id": session, "Mcp-Protocol-Version": "2025-11-25"})
	return resp.StatusCode
}

// TestSessionsBounded: past --max-sessions, a new session evicts the least
// recently used idle one, which then answers 404; the others live on.
func TestSessionsBounded(t *testing.T) {
	tt := newTestTools(t)
	r := startHTTP(t, tt.srv, testConfig(func(c *Config) { c.MaxSessions = 3 }), nil)
	s1, s2, s3 := initSession(t, r.base), initSession(t, r.base), initSession(t, r.base)
	if st := listTools(t, r.base, s1); st != http.StatusOK { // s1 is now the most recently used
		t.Fatalf("s1: %d", st)
	}
	s4 := initSession(t, r.base) // evicts s2, the least recently used
	for _, tc := range []struct {
		id   string
		want int
	}{{s1, 200}, {s2, 404}, {s3, 200}, {s4, 200}} {
		if st := listTools(t, r.base, tc.id); st != tc.want {
			t.Errorf("session %s: HTTP %d, want %d", sessionPrefix(tc.id), st, tc.want)
		}
	}
	for range 50 {
		initSession(t, r.base)
	}
	if st := listTools(t, r.base, s1); st != http.StatusNotFound {
		t.Errorf("after 50 more sessions the idle s1 answers %d, want 404", st)
	}
}

// TestSessionsAllBusy: when every session has an event stream open, a new
// one is refused with a message that says why and what to do.
func TestSessionsAllBusy(t *testing.T) {
	tt := newTestTools(t)
	r := startHTTP(t, tt.srv, testConfig(func(c *Config) { c.MaxSessions = 2 }), nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for range 2 {
		id := initSession(t, r.base)
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, r.base+mcpPath, nil)
		req.Header.Set("Accept", "text/event-stream")
		req.Header.Set("Mcp-Session-Id", id)
		req.Header.Set("Mcp-Protocol-Version", "2025-11-25")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET stream: %d", resp.StatusCode)
		}
	}
	resp, body := do(t, http.MethodPost, r.base+mcpPath, initBody, nil)
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "--max-sessions") || !strings.Contains(body, `"id":1`) {
		t.Errorf("initialize with every session busy: %d %s", resp.StatusCode, body)
	}
	cancel() // the streams end; their sessions become idle and evictable
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, _ := do(t, http.MethodPost, r.base+mcpPath, initBody, nil)
		if resp.StatusCode == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("a session could still not be made after the streams closed: %d", resp.StatusCode)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
