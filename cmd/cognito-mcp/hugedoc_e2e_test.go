package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
)

// TestHugeDocumentsRefusedThroughBinary: three previews at once of a 30 MB
// document of 320,000 operations (which once took two minutes and 1.5 GB
// each, 4.9 GB for three) are refused by the built server with an error
// that names --max-operations, and the process stays well below what the
// count alone once took.
func TestHugeDocumentsRefusedThroughBinary(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "huge.json")
	var b strings.Builder
	b.WriteString(`{"openapi":"3.0.3","info":{"title":"Huge","version":"1"},"servers":[{"url":"https://huge.example"}],"paths":{`)
	for i := range 320_000 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"/things/t%d":{"get":{"operationId":"getThing%d","responses":{"200":{"description":"ok"}}}}`, i, i)
	}
	b.WriteString(`}}`)
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	srv := startStdio(t, protocolPinned, baseEnv(t), "--allow-dir", dir, "--state-dir", t.TempDir())
	results := make([]*mcp.CallToolResult, 3)
	var wg sync.WaitGroup
	for i := range results {
		wg.Go(func() {
			results[i] = srv.call(t, "openapi_preview_spec", map[string]any{"spec": path, "namespace": "huge"})
		})
	}
	wg.Wait()
	for i, res := range results {
		text := resultText(res)
		if !res.IsError || !strings.Contains(text, "320000 operations") || !strings.Contains(text, "--max-operations") {
			t.Errorf("preview %d: %s; want a refusal naming 320000 operations and --max-operations", i, text)
		}
	}
	// The document is read whole (30 MB, under --max-spec-bytes) to count
	// its operations: three at once stay far below one load's 1.5 GB.
	// Measured: 240-349 MiB (728-732 MiB built with -race); when the count
	// copied every path item, 469 MiB (1,289 MiB with -race).
	limit := 440
	if raceBuild {
		limit = 1000
	}
	kb := peakRSS(t, srv.proc.Process.Pid)
	t.Logf("peak RSS %d MiB", kb>>10)
	if kb > limit<<10 {
		t.Errorf("peak RSS %d MiB for three refused previews; want under %d MiB", kb>>10, limit)
	}
}
