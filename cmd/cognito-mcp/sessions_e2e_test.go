package main

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
)

const initializeBody = `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`

// rawPost sends one JSON-RPC message to /mcp and returns the status, the
// session id header and the body.
func rawPost(tb testing.TB, c *http.Client, base, body string, header map[string]string) (int, string, string) {
	tb.Helper()
	req, err := http.NewRequest(http.MethodPost, base+"/mcp", strings.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Mcp-Session-Id"), string(b)
}

// TestHTTPSessionsEvicted: through the binary, more sessions than
// --max-sessions evict the least recently used idle one.
func TestHTTPSessionsEvicted(t *testing.T) {
	t.Parallel()
	srv := startHTTPBinary(t, baseEnv(t), "--max-sessions", "5", "--state-dir", t.TempDir())
	c := &http.Client{}
	var ids []string
	for range 6 {
		st, id, body := rawPost(t, c, srv.base, initializeBody, nil)
		if st != http.StatusOK || id == "" {
			t.Fatalf("initialize: %d %s", st, body)
		}
		ids = append(ids, id)
	}
	list := `{"jsonrpc":"2.0","id":2,"method":"tools/list"}`
	for i, id := range ids {
		st, _, body := rawPost(t, c, srv.base, list, map[string]string{"Mcp-Session-Id": id, "Mcp-Protocol-Version": "2025-11-25"})
		want := http.StatusOK
		if i == 0 {
			want = http.StatusNotFound // the oldest idle session made room
		}
		if st != want {
			t.Errorf("session %d: HTTP %d, want %d: %.200s", i, st, want, body)
		}
	}
}

// BenchmarkHTTPSessions opens 20,000 sessions (8 clients at once) against
// the binary and reports its peak RSS: with the default cap of 1,000 and
// with a cap above the count, as before sessions were bounded.
func BenchmarkHTTPSessions(b *testing.B) {
	const sessions = 20_000
	for _, limit := range []int{1000, 2 * sessions} {
		b.Run(fmt.Sprintf("max-sessions=%d", limit), func(b *testing.B) {
			for b.Loop() {
				srv := startHTTPBinary(b, baseEnv(b), "--max-sessions", strconv.Itoa(limit), "--state-dir", b.TempDir(), "--log-level", "warn")
				tr := &http.Transport{MaxIdleConnsPerHost: 8}
				c := &http.Client{Transport: tr}
				var wg sync.WaitGroup
				for w := range 8 {
					wg.Go(func() {
						for i := w; i < sessions; i += 8 {
							if st, _, body := rawPost(b, c, srv.base, initializeBody, nil); st != http.StatusOK {
								b.Errorf("initialize %d: %d %.200s", i, st, body)
								return
							}
						}
					})
				}
				wg.Wait()
				tr.CloseIdleConnections()
				b.ReportMetric(float64(peakRSS(b, srv.pid))/1024, "peak-RSS-MiB")
			}
		})
	}
}
