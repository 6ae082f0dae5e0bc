package peers

import (
	"bytes"
	"context"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// clientTimeout bounds one run of interop/client.mjs.
const clientTimeout = 5 * time.Minute

// ClientScenario is what interop/client.mjs does after connecting and listing
// every tool: the calls, in order.
type ClientScenario struct {
	TimeoutMS            int          `json:"timeoutMs,omitempty"`            // per request; 60000 when 0
	IncludeTools         bool         `json:"includeTools,omitempty"`         // return every tool definition
	ListChangedTimeoutMS int          `json:"listChangedTimeoutMs,omitempty"` // 5000 when 0
	Calls                []ClientCall `json:"calls,omitempty"`

	Token string   `json:"-"` // sent as "Authorization: Bearer" over HTTP transports
	Env   []string `json:"-"` // added to the environment; a stdio server inherits it
}

// ClientCall is one tools/call of a ClientScenario.
type ClientCall struct {
	Name            string `json:"name"`
	Arguments       any    `json:"arguments,omitempty"`
	ExpectError     bool   `json:"expectError,omitempty"`     // the client throwing is the expected outcome
	WaitListChanged bool   `json:"waitListChanged,omitempty"` // wait for notifications/tools/list_changed after it
	ListAfter       bool   `json:"listAfter,omitempty"`       // list the tools again after it
}

// ClientResult is what interop/client.mjs saw. Errors is empty when every step
// went as the scenario expects.
type ClientResult struct {
	Transport          string             `json:"transport"`
	ProtocolVersion    string             `json:"protocolVersion"`
	ServerInfo         map[string]any     `json:"serverInfo"`
	ServerCapabilities map[string]any     `json:"serverCapabilities"`
	Instructions       string             `json:"instructions"`
	Tools              *ClientTools       `json:"tools"`
	Calls              []ClientCallResult `json:"calls"`
	ListChangedCount   int                `json:"listChangedCount"`
	Errors             []string           `json:"errors"`
}

// ClientTools summarizes a complete tools/list, all pages followed.
type ClientTools struct {
	Count       int               `json:"count"`
	Pages       int               `json:"pages"`
	Names       []string          `json:"names"`
	Definitions []json.RawMessage `json:"definitions,omitempty"`
}

// ClientCallResult is the outcome of one ClientCall: the CallToolResult as the
// server sent it, or the error the client threw (a transport or protocol error,
// or structuredContent that does not match the tool's outputSchema).
type ClientCallResult struct {
	Name        string          `json:"name"`
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result,omitempty"`
	Error       string          `json:"error,omitempty"`
	ListChanged bool            `json:"listChanged,omitempty"`
	ToolsAfter  *ClientTools    `json:"toolsAfter,omitempty"`
}

// RunMCPClient runs the official MCP TypeScript client (interop/client.mjs)
// against a server and returns what it saw. transport is one of
//
//	"stdio", command, args...
//	"sse", "http://127.0.0.1:PORT/sse"
//	"http", "http://127.0.0.1:PORT/mcp"
//
// A scenario that did not go as expected is reported in ClientResult.Errors, for
// the test to judge; RunMCPClient fails the test only when the client could not
// run or printed no result.
func RunMCPClient(tb testing.TB, scenario ClientScenario, transport ...string) ClientResult {
	tb.Helper()
	EnsureNodeModules(tb)
	input, err := json.Marshal(scenario)
	if err != nil {
		tb.Fatalf("encode the client scenario: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), clientTimeout)
	defer cancel()
	script := filepath.Join(Root(tb), "interop", "client.mjs")
	cmd := exec.CommandContext(ctx, Node(tb), append([]string{script}, transport...)...)
	env := scenario.Env
	if scenario.Token != "" {
		env = append(env[:len(env):len(env)], "MCP_TOKEN="+scenario.Token)
	}
	cmd.Env = environ(env, []string{"MCP_TOKEN"})
	cmd.Stdin = bytes.NewReader(input)
	var stdout bytes.Buffer
	stderr := &tailBuffer{max: 8 << 10}
	cmd.Stdout, cmd.Stderr = &stdout, stderr
	// A stdio server is the client's child: stop both together.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	runErr := cmd.Run()

	var result ClientResult
	if err := json.Unmarshal(stdout.Bytes(), &result); err != nil {
		tb.Fatalf("MCP TypeScript client over %v: %v, and its output is not a result: %v\nstdout:\n%s\nstderr:\n%s",
			transport, runErr, err, tail(stdout.Bytes(), 4000), stderr.String())
	}
	if runErr != nil && len(result.Errors) == 0 {
		tb.Fatalf("MCP TypeScript client over %v: %v\nstderr:\n%s", transport, runErr, stderr.String())
	}
	if len(result.Errors) > 0 {
		tb.Logf("MCP TypeScript client over %v reported: %q\nstderr:\n%s", transport, result.Errors, stderr.String())
	}
	return result
}
