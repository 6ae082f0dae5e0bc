package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cognito-mcp/cognito-mcp/internal/peers"
)

// BenchmarkGitHubSource previews and adds GitHub's REST description (13 MB,
// about 1,200 operations) through MCP, as an agent would, and reports the
// wall time of each step and the server's peak RSS. The baseline is
// encoding/json decoding the same document into an empty interface, the
// least any loader must do, measured in the same run.
//
//	go test ./cmd/cognito-mcp -run '^$' -bench GitHubSource -benchtime 3x
func BenchmarkGitHubSource(b *testing.B) {
	doc := peers.GitHubOpenAPI(b)
	data, err := os.ReadFile(doc)
	if err != nil {
		b.Fatal(err)
	}
	var preview, add, base time.Duration
	var peakKB int
	var tools float64
	for b.Loop() {
		start := time.Now()
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			b.Fatal(err)
		}
		base += time.Since(start)

		srv := startStdio(b, protocolPinned, baseEnv(b), "--allow-dir", filepath.Dir(doc), "--state-dir", b.TempDir())
		start = time.Now()
		res := srv.call(b, "openapi_preview_spec", map[string]any{"spec": doc, "namespace": "github"})
		preview += time.Since(start)
		if res.IsError {
			b.Fatalf("preview: %v", res.Content)
		}
		start = time.Now()
		res = srv.call(b, "openapi_add_source", map[string]any{"spec": doc, "namespace": "github"})
		add += time.Since(start)
		if res.IsError {
			b.Fatalf("add: %v", res.Content)
		}
		if sc, ok := res.StructuredContent.(map[string]any); ok {
			tools, _ = sc["toolCount"].(float64)
		}
		peakKB = max(peakKB, peakRSS(b, srv.proc.Process.Pid))
		srv.Close()
	}
	n := float64(b.N)
	b.ReportMetric(preview.Seconds()/n, "preview-s")
	b.ReportMetric(add.Seconds()/n, "add-s")
	b.ReportMetric((preview+add).Seconds()/n, "preview+add-s")
	b.ReportMetric(base.Seconds()/n, "baseline-json-s")
	b.ReportMetric(float64(preview+add)/float64(base), "x-baseline")
	b.ReportMetric(float64(peakKB)/1024, "peak-RSS-MiB")
	b.ReportMetric(tools, "tools")
}

// peakRSS reads a process's high-water resident set size in KiB.
func peakRSS(tb testing.TB, pid int) int {
	tb.Helper()
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			if err != nil {
				tb.Fatal(err)
			}
			return kb
		}
	}
	tb.Fatal("no VmHWM in /proc status")
	return 0
}
