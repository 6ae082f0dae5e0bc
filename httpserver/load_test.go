package httpserver

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
)

// loadResult is what a load run measured.
type loadResult struct {
	calls, failures int
	elapsed         time.Duration
	p50, p99        time.Duration
}

func (l loadResult) perSecond() float64 { return float64(l.calls) / l.elapsed.Seconds() }

func (l loadResult) String() string {
	return fmt.Sprintf("%d calls, %d failed, in %v: %.0f calls/s, p50 %v, p99 %v",
		l.calls, l.failures, l.elapsed.Round(time.Millisecond), l.perSecond(),
		l.p50.Round(time.Microsecond), l.p99.Round(time.Microsecond))
}

// runLoad has clients sessions, with the bearer token, over Streamable HTTP each make calls calls
// of the upstream tool at once, and reports the latency of every call. The
// first failure of each client is logged.
func runLoad(tb testing.TB, base, token string, clients, calls int) loadResult {
	tb.Helper()
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients, MaxIdleConns: clients}}
	defer hc.CloseIdleConnections()

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	conns := make([]*client.Client, clients)
	for i := range conns {
		tr, err := transport.NewStreamableHTTP(base+"/mcp", transport.WithHTTPBasicClient(hc),
			transport.WithHTTPHeaders(map[string]string{"Authorization": "Bearer " + token}))
		if err != nil {
			tb.Fatal(err)
		}
		c := client.NewClient(tr, client.WithProtocolVersion(mcp.ProtocolVersion20251125))
		if err := c.Start(ctx); err != nil {
			tb.Fatal(err)
		}
		req := mcp.InitializeRequest{}
		req.Params.ClientInfo = mcp.Implementation{Name: "load", Version: "1"}
		if _, err := c.Initialize(ctx, req); err != nil {
			tb.Fatalf("initialize client %d: %v", i, err)
		}
		defer c.Close()
		conns[i] = c
	}

	latencies := make([][]time.Duration, clients)
	var failures atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for i, c := range conns {
		wg.Go(func() {
			lat := make([]time.Duration, 0, calls)
			logged := false
			for range calls {
				req := mcp.CallToolRequest{}
				req.Params.Name = "upstream"
				t0 := time.Now()
				res, err := c.CallTool(ctx, req)
				lat = append(lat, time.Since(t0))
				if err == nil && res.IsError {
					err = fmt.Errorf("tool error: %v", res.Content)
				}
				if err != nil {
					failures.Add(1)
					if !logged {
						tb.Logf("client %d: %v", i, err)
						logged = true
					}
				}
			}
			latencies[i] = lat
		})
	}
	wg.Wait()
	elapsed := time.Since(start)

	all := slices.Concat(latencies...)
	slices.Sort(all)
	return loadResult{
		calls:    len(all),
		failures: int(failures.Load()),
		elapsed:  elapsed,
		p50:      all[len(all)/2],
		p99:      all[len(all)*99/100],
	}
}

// TestHTTPLoad: 200 concurrent sessions x 50 calls over Streamable HTTP,
// each call reaching a local upstream, with no failures. It times nothing;
// the figures are logged.
func TestHTTPLoad(t *testing.T) {
	tt := newTestTools(t)
	r := startHTTP(t, tt.srv, testConfig(withToken), nil)
	res := runLoad(t, r.base, testToken, 200, 50)
	t.Log(res)
	if res.failures != 0 || res.calls != 200*50 {
		t.Fatalf("%d of %d calls failed", res.failures, res.calls)
	}
}

// BenchmarkHTTPLoad runs the same load; run it without -race for the
// figures in BENCHMARKS.md:
//
//	go test -run '^$' -bench HTTPLoad -benchtime 3x ./httpserver/
func BenchmarkHTTPLoad(b *testing.B) {
	tt := newTestTools(b)
	r := startHTTP(b, tt.srv, testConfig(withToken), nil)
	var last loadResult
	for b.Loop() {
		last = runLoad(b, r.base, testToken, 200, 50)
		if last.failures != 0 {
			b.Fatalf("%d calls failed", last.failures)
		}
	}
	b.Log(last)
	b.ReportMetric(last.perSecond(), "calls/s")
	b.ReportMetric(float64(last.p50.Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(last.p99.Microseconds())/1000, "p99-ms")
}
