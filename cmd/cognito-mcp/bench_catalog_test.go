package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"testing"

	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/cognito-mcp/cognito-mcp/internal/peers"
	"github.com/cognito-mcp/cognito-mcp/listing"
	"github.com/cognito-mcp/cognito-mcp/openapi"
	"github.com/cognito-mcp/cognito-mcp/registry"
	"github.com/cognito-mcp/cognito-mcp/tools"
)

// BenchmarkToolsListBytes measures, in one run, what tools/list costs for
// the Cognito catalog in each way of serving it: the baseline (the
// document's schemas as they were before compaction: $defs, every
// description), full mode, full mode with short descriptions, and search
// mode. For each it reports the tools/list bytes as served, the
// model-facing bytes (name, title, description, inputSchema of every tool)
// and the instructions' bytes, as `cognito-mcp tools --stats` counts them.
//
//	go test ./cmd/cognito-mcp -run '^$' -bench ToolsListBytes -benchtime 1x
func BenchmarkToolsListBytes(b *testing.B) {
	verbose := func() (*openapi.Catalog, error) {
		return openapi.Load(registry.CognitoDocument, openapi.Options{Namespace: registry.CognitoNamespace, Schemas: openapi.SchemasVerbose})
	}
	cases := []struct {
		name    string
		args    []string
		builtin func() (*openapi.Catalog, error)
	}{
		{"baseline", nil, verbose},
		{"full", nil, nil},
		{"short", []string{"--descriptions", "short"}, nil},
		{"search", []string{"--catalog", "search"}, nil},
	}
	results := make([]*listing.Stats, len(cases))
	for b.Loop() {
		for i, c := range cases {
			results[i] = catalogStats(b, c.args, c.builtin)
		}
	}
	for i, c := range cases {
		st := results[i]
		b.ReportMetric(float64(st.ServedBytes), c.name+"-list-bytes")
		b.ReportMetric(float64(st.ModelBytes), c.name+"-model-bytes")
		b.ReportMetric(float64(st.InstructionsBytes), c.name+"-instructions-bytes")
		b.ReportMetric(float64(st.ModelBytes)/float64(results[0].ModelBytes), c.name+"-model-x-baseline")
	}
}

// catalogStats measures tools/list for the flags args, with another
// embedded catalog when builtin is set.
func catalogStats(tb testing.TB, args []string, builtin func() (*openapi.Catalog, error)) *listing.Stats {
	tb.Helper()
	getenv := func(string) string { return "" }
	cfg, err := parseConfig("tools", args, getenv, io.Discard, io.Discard)
	if err != nil {
		tb.Fatal(err)
	}
	opts := cfg.registryOptions(tb.TempDir(), nil)
	if builtin != nil {
		opts.Builtin = builtin
	}
	ctx := context.Background()
	reg, err := registry.New(ctx, opts)
	if err != nil {
		tb.Fatal(err)
	}
	inv := cfg.inventory()
	srv := server.NewMCPServer("cognito-mcp", version, server.WithToolCapabilities(true), server.WithPaginationLimit(cfg.pageSize))
	tools.NewSync(srv, reg, tools.SyncOptions{Inventory: inv})
	st, err := listing.Measure(ctx, srv)
	if err != nil {
		tb.Fatal(err)
	}
	st.InstructionsBytes = len(tools.Instructions(reg.Snapshot(), inv))
	return st
}

// BenchmarkGitHubToolsList adds GitHub's REST description (about 1,100
// tools) through the built binary, as an agent would, and reports the
// tools/list bytes before and after, in full and in search mode.
//
//	go test ./cmd/cognito-mcp -run '^$' -bench GitHubToolsList -benchtime 1x
func BenchmarkGitHubToolsList(b *testing.B) {
	doc := peers.GitHubOpenAPI(b)
	metrics := map[string]float64{}
	for b.Loop() {
		for _, mode := range []string{"full", "search"} {
			srv := startStdio(b, protocolPinned, baseEnv(b), "--catalog", mode, "--allow-dir", filepath.Dir(doc), "--state-dir", b.TempDir())
			metrics[mode+"-before-bytes"] = float64(srv.listBytes(b))
			if res := srv.call(b, "openapi_add_source", map[string]any{"spec": doc, "namespace": "github"}); res.IsError {
				b.Fatalf("add: %s", toolText(res))
			}
			metrics[mode+"-github-bytes"] = float64(srv.listBytes(b))
			metrics[mode+"-github-tools"] = float64(len(srv.listAll(b)))
			srv.Close()
		}
	}
	for name, v := range metrics {
		b.ReportMetric(v, name)
	}
}

// listBytes is the size of every tools/list result page as the server
// wrote it.
func (s *stdioServer) listBytes(tb testing.TB) int {
	tb.Helper()
	n := 0
	cursor := ""
	for page := range 1000 {
		var params any
		if cursor != "" {
			params = map[string]any{"cursor": cursor}
		}
		resp, err := s.GetTransport().SendRequest(context.Background(), transport.JSONRPCRequest{
			JSONRPC: mcp.JSONRPC_VERSION, ID: mcp.NewRequestId(fmt.Sprintf("raw-list-%d", page)), Method: string(mcp.MethodToolsList), Params: params,
		})
		if err != nil || resp.Error != nil {
			tb.Fatalf("tools/list: %v %+v", err, resp)
		}
		n += len(resp.Result)
		var res struct {
			NextCursor string `json:"nextCursor"`
		}
		if err := json.Unmarshal(resp.Result, &res); err != nil {
			tb.Fatal(err)
		}
		if cursor = res.NextCursor; cursor == "" {
			return n
		}
	}
	tb.Fatal("tools/list: pagination did not end")
	return 0
}
