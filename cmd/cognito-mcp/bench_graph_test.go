package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/cognito-mcp/cognito-mcp/internal/peers"
)

// BenchmarkLargeSources previews and adds GitHub's REST description and
// Microsoft Graph v1.0 through MCP, as an agent would, in the same run:
// wall time of each step, the size of the preview result, and the
// server's peak RSS. Graph's document is fetched on first use into
// $COGNITO_MCP_BENCH_CACHE (default: the user cache directory).
//
//	go test ./cmd/cognito-mcp -run '^$' -bench LargeSources -benchtime 1x
func BenchmarkLargeSources(b *testing.B) {
	docs := []struct{ name, path string }{
		{"github", peers.GitHubOpenAPI(b)},
		{"graph", peers.GraphOpenAPI(b)},
	}
	for _, d := range docs {
		b.Run(d.name, func(b *testing.B) { benchSource(b, d.name, d.path) })
	}
}

// benchSource previews then adds the document at path in a new server per
// iteration and reports the figures.
func benchSource(b *testing.B, ns, path string) {
	var preview, add time.Duration
	var peakKB, previewBytes int
	var cpu time.Duration
	var tools float64
	for b.Loop() {
		srv := startStdio(b, protocolPinned, baseEnv(b), "--allow-dir", filepath.Dir(path), "--state-dir", b.TempDir())
		start := time.Now()
		res := srv.callWithin(b, 10*time.Minute, "openapi_preview_spec", map[string]any{"spec": path, "namespace": ns})
		preview += time.Since(start)
		if res.IsError {
			b.Fatalf("preview: %v", res.Content)
		}
		previewBytes = resultBytes(b, res)
		start = time.Now()
		res = srv.callWithin(b, 10*time.Minute, "openapi_add_source", map[string]any{"spec": path, "namespace": ns})
		add += time.Since(start)
		if res.IsError {
			b.Fatalf("add: %v", res.Content)
		}
		if sc, ok := res.StructuredContent.(map[string]any); ok {
			tools, _ = sc["toolCount"].(float64)
		}
		peakKB = max(peakKB, peakRSS(b, srv.proc.Process.Pid))
		cpu += cpuTime(b, srv.proc.Process.Pid)
		srv.Close()
	}
	n := float64(b.N)
	b.ReportMetric(preview.Seconds()/n, "preview-s")
	b.ReportMetric(add.Seconds()/n, "add-s")
	b.ReportMetric(float64(previewBytes), "preview-result-bytes")
	b.ReportMetric(cpu.Seconds()/n, "server-cpu-s")
	b.ReportMetric(float64(peakKB)/1024, "peak-RSS-MiB")
	b.ReportMetric(tools, "tools")
}

// cpuTime is the CPU time a process has used, user and system: on a busy
// machine a steadier figure than wall time.
func cpuTime(tb testing.TB, pid int) time.Duration {
	tb.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		tb.Fatal(err)
	}
	// Fields after the command name, which is in parentheses: utime and
	// stime are the 12th and 13th, in clock ticks (100 a second on Linux).
	f := strings.Fields(string(data[bytes.LastIndexByte(data, ')')+1:]))
	if len(f) < 13 {
		tb.Fatalf("/proc/%d/stat: too few fields", pid)
	}
	var ticks int
	for _, s := range f[11:13] {
		n, err := strconv.Atoi(s)
		if err != nil {
			tb.Fatal(err)
		}
		ticks += n
	}
	return time.Duration(ticks) * 10 * time.Millisecond
}

// resultBytes is the size of a tool result as JSON, as it goes on the wire.
func resultBytes(tb testing.TB, res *mcp.CallToolResult) int {
	tb.Helper()
	data, err := json.Marshal(res)
	if err != nil {
		tb.Fatal(err)
	}
	return len(data)
}
