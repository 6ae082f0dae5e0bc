package peers

import (
	"bytes"
	"context"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
)

// ClientV2Result is what interop/client-v2.mjs saw: the fields of
// ClientResult, the protocol era it connected in, and the filter the server
// honoured on its subscriptions/listen stream (modern era only).
type ClientV2Result struct {
	ClientResult
	Era          string          `json:"era"`
	ListenFilter map[string]bool `json:"listenFilter"`
}

// RunMCPClientV2 runs the TypeScript SDK v2 client (interop/client-v2.mjs,
// @modelcontextprotocol/client) against a server, in era "legacy"
// (initialize, protocol 2025-11-25) or "modern" (protocol 2026-07-28:
// server/discover, subscriptions/listen). transport is
//
//	"stdio", command, args...
//	"http", "http://127.0.0.1:PORT/mcp"
//
// As with RunMCPClient, a scenario that did not go as expected is in
// Errors; the test fails here only when the client could not run.
func RunMCPClientV2(tb testing.TB, era string, scenario ClientScenario, transport ...string) ClientV2Result {
	tb.Helper()
	EnsureNodeModules(tb)
	input, err := json.Marshal(scenario)
	if err != nil {
		tb.Fatalf("encode the client scenario: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), clientTimeout)
	defer cancel()
	script := filepath.Join(Root(tb), "interop", "client-v2.mjs")
	args := append([]string{script, "--era", era}, transport...)
	cmd := exec.CommandContext(ctx, Node(tb), args...)
	env := scenario.Env
	if scenario.Token != "" {
		env = append(env[:len(env):len(env)], "MCP_TOKEN="+scenario.Token)
	}
	cmd.Env = environ(env, []string{"MCP_TOKEN"})
	cmd.Stdin = bytes.NewReader(input)
	var stdout bytes.Buffer
	stderr := &tailBuffer{max: 8 << 10}
	cmd.Stdout, cmd.Stderr = &stdout, stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	runErr := cmd.Run()

	var result ClientV2Result
	if err := json.Unmarshal(stdout.Bytes(), &result); err != nil {
		tb.Fatalf("MCP TypeScript v2 client (%s) over %v: %v, and its output is not a result: %v\nstdout:\n%s\nstderr:\n%s",
			era, transport, runErr, err, tail(stdout.Bytes(), 4000), stderr.String())
	}
	if runErr != nil && len(result.Errors) == 0 {
		tb.Fatalf("MCP TypeScript v2 client (%s) over %v: %v\nstderr:\n%s", era, transport, runErr, stderr.String())
	}
	if len(result.Errors) > 0 {
		tb.Logf("MCP TypeScript v2 client (%s) over %v reported: %q\nstderr:\n%s", era, transport, result.Errors, stderr.String())
	}
	return result
}
