package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// largeCall is a tools/call of size bytes: ListUsers with a filter of
// about size bytes of letters, which its input schema (at most 256) refuses
// without any request to AWS.
func largeCall(id, size int) []byte {
	head := fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"cognito_list_users","arguments":{"UserPoolId":"us-east-1_abc","Filter":"`, id)
	tail := `"}}}`
	return append(append([]byte(head), bytes.Repeat([]byte("a"), size-len(head)-len(tail))...), tail...)
}

// bodyOutcome counts how the server answered concurrent large bodies.
type bodyOutcome struct {
	mu       sync.Mutex
	statuses map[int]int
	bad      []string // answers that are neither a JSON-RPC answer nor a clear 503
}

// fireBodies posts n tools/calls of size bytes to srv's /mcp at once, each
// on its own connection, and says how they were answered. A 503 must carry
// Retry-After and a JSON error body.
func fireBodies(tb testing.TB, srv *httpBinary, n, size int) *bodyOutcome {
	tb.Helper()
	out := &bodyOutcome{statuses: map[int]int{}}
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		body := largeCall(i+1, size)
		wg.Go(func() {
			c := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
			req, err := http.NewRequest(http.MethodPost, srv.base+"/mcp", bytes.NewReader(body))
			if err != nil {
				tb.Error(err)
				return
			}
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Accept", "application/json, text/event-stream")
			req.Header.Set("Mcp-Protocol-Version", "2025-11-25")
			<-start
			resp, err := c.Do(req)
			if err != nil {
				out.note(0, fmt.Sprintf("request %d: %v", i, err))
				return
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
			out.note(resp.StatusCode, checkBodyAnswer(resp, b))
		})
	}
	close(start)
	wg.Wait()
	return out
}

func (o *bodyOutcome) note(status int, bad string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.statuses[status]++
	if bad != "" {
		o.bad = append(o.bad, bad)
	}
}

// checkBodyAnswer says what is wrong with an answer to a large call, or "".
func checkBodyAnswer(resp *http.Response, body []byte) string {
	switch resp.StatusCode {
	case http.StatusOK:
		if !bytes.Contains(body, []byte(`"jsonrpc"`)) {
			return fmt.Sprintf("200 without a JSON-RPC answer: %.200s", body)
		}
	case http.StatusServiceUnavailable:
		var e struct{ Error, Message string }
		if resp.Header.Get("Retry-After") == "" || json.Unmarshal(body, &e) != nil || e.Error != "busy" || !strings.Contains(e.Message, "--max-inflight-body-bytes") {
			return fmt.Sprintf("503 without Retry-After or a clear JSON error: %v %.200s", resp.Header, body)
		}
	default:
		return fmt.Sprintf("HTTP %d: %.200s", resp.StatusCode, body)
	}
	return ""
}

// TestHTTPConcurrentLargeBodies: 100 requests of 4 MB at once (the largest
// body --max-body-bytes lets through) must not take the server's memory
// with them: the bodies in flight share a byte budget, and what does not
// fit in time is told to retry. Peak RSS is held to a generous bound (the
// soft memory limit off); the figure is in BENCHMARKS.md.
func TestHTTPConcurrentLargeBodies(t *testing.T) {
	const (
		requests = 100
		size     = 4 << 20
		maxRSS   = 800 << 10 // KiB; without the budget the server took over 2 GB
	)
	// Without the soft memory limit, so that the bound is the budget's.
	srv := startHTTPBinary(t, baseEnv(t, "AWS_REGION=us-east-1"), "--stateless", "--state-dir", t.TempDir(), "--log-level", "warn", "--memory-limit", "0")
	out := fireBodies(t, srv, requests, size-64)
	peak := peakRSS(t, srv.pid)
	t.Logf("%d requests of 4 MB at once: answers %v, peak RSS %d MiB", requests, out.statuses, peak/1024)
	for _, b := range out.bad {
		t.Error(b)
	}
	if out.statuses[http.StatusOK] == 0 {
		t.Error("no request was served")
	}
	if peak > maxRSS {
		t.Errorf("peak RSS %d MiB, want at most %d MiB", peak/1024, maxRSS/1024)
	}
}

// BenchmarkHTTPConcurrentLargeBodies reports the server's peak RSS and how
// many of 100 concurrent 4 MB requests were served or told to retry: with
// the defaults, with the body budget but no soft memory limit, and with
// neither (a budget so large that every body is taken at once), as before
// there was either.
//
//	go test ./cmd/cognito-mcp -run '^$' -bench HTTPConcurrentLargeBodies -benchtime 1x
func BenchmarkHTTPConcurrentLargeBodies(b *testing.B) {
	for _, c := range []struct {
		name  string
		flags []string
	}{
		{"default", nil},
		{"budget-only", []string{"--memory-limit", "0"}},
		{"neither", []string{"--memory-limit", "0", "--max-inflight-body-bytes", "1073741824"}},
	} {
		b.Run(c.name, func(b *testing.B) {
			var peak int
			var out *bodyOutcome
			for b.Loop() {
				args := append([]string{"--stateless", "--state-dir", b.TempDir(), "--log-level", "warn"}, c.flags...)
				srv := startHTTPBinary(b, baseEnv(b, "AWS_REGION=us-east-1"), args...)
				out = fireBodies(b, srv, 100, 4<<20-64)
				peak = max(peak, peakRSS(b, srv.pid))
			}
			for _, bad := range out.bad {
				b.Error(bad)
			}
			b.ReportMetric(float64(peak)/1024, "peak-RSS-MiB")
			b.ReportMetric(float64(out.statuses[http.StatusOK]), "served")
			b.ReportMetric(float64(out.statuses[http.StatusServiceUnavailable]), "told-to-retry")
		})
	}
}
