package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
)

// buildFlags are the go build flags for the server binary under test; the
// race build adds -race so the binary is checked too.
var buildFlags []string

// raceBuild is set when the binary under test is built with -race, whose
// detector multiplies the memory a process uses.
var raceBuild bool

// binPath is the cognito-mcp binary built once for this test run.
var binPath string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "cognito-mcp-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binPath = filepath.Join(dir, "cognito-mcp")
	args := append([]string{"build", "-o", binPath}, buildFlags...)
	cmd := exec.Command("go", append(args, ".")...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build cognito-mcp:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// protocolPinned is what today's hosts speak; tests run it and the default
// negotiation.
const protocolPinned = "2025-11-25"

// stdioServer is the built binary on the other end of an MCP client.
type stdioServer struct {
	*client.Client
	stderr *syncBuffer
	init   *mcp.InitializeResult
	proc   *exec.Cmd // the server process, for its pid
	// viaCallTool makes op call operations through openapi_call_tool.
	viaCallTool bool
}

// syncBuffer collects the server's stderr for failure messages.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// baseEnv is the environment the server runs with: the test's own, minus
// anything that could reach real AWS or a user's state, plus overrides.
func baseEnv(t testing.TB, overrides ...string) []string {
	t.Helper()
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "AWS_") || strings.HasPrefix(k, "COGNITO_MCP_") || k == "XDG_STATE_HOME" || k == "HOME" {
			continue
		}
		env = append(env, kv)
	}
	home := t.TempDir()
	env = append(env,
		"HOME="+home,
		"XDG_STATE_HOME="+filepath.Join(home, "state"),
		"AWS_CONFIG_FILE="+filepath.Join(home, "no-aws-config"),
		"AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(home, "no-aws-credentials"),
		"AWS_EC2_METADATA_DISABLED=true",
	)
	return append(env, overrides...)
}

// startStdio runs the binary with args and env, and initializes an MCP
// client over its stdio. protocol "" lets the client negotiate.
func startStdio(t testing.TB, protocol string, env []string, args ...string) *stdioServer {
	t.Helper()
	return startStdioBin(t, binPath, protocol, env, args...)
}

// startStdioBin is startStdio for another binary.
func startStdioBin(t testing.TB, bin, protocol string, env []string, args ...string) *stdioServer {
	t.Helper()
	stderr := &syncBuffer{}
	var proc *exec.Cmd
	tr := transport.NewStdioWithOptions(bin, nil, args,
		transport.WithCommandFunc(func(_ context.Context, command string, _ []string, args []string) (*exec.Cmd, error) {
			// Not CommandContext: the start-up context ends when startStdio
			// returns, and the server must outlive it; Close stops it.
			proc = exec.Command(command, args...)
			proc.Env = env
			return proc, nil
		}),
		transport.WithCommandStderrWriter(stderr),
	)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var opts []client.ClientOption
	if protocol != "" {
		opts = append(opts, client.WithProtocolVersion(protocol))
	}
	c := client.NewClient(tr, opts...)
	// Client.Start starts the process and routes notifications to
	// OnNotification handlers.
	if err := c.Start(ctx); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	t.Cleanup(func() {
		c.Close()
		if t.Failed() {
			t.Logf("server stderr:\n%s", stderr.String())
		}
	})
	req := mcp.InitializeRequest{}
	req.Params.ProtocolVersion = protocol
	req.Params.ClientInfo = mcp.Implementation{Name: "cognito-mcp-test", Version: "1"}
	res, err := c.Initialize(ctx, req)
	if err != nil {
		t.Fatalf("initialize: %v\nstderr:\n%s", err, stderr.String())
	}
	return &stdioServer{Client: c, stderr: stderr, init: res, proc: proc}
}

// listAll lists every tool, following nextCursor.
func (s *stdioServer) listAll(t testing.TB) []mcp.Tool {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var all []mcp.Tool
	var cursor mcp.Cursor
	for range 1000 {
		req := mcp.ListToolsRequest{}
		req.Params.Cursor = cursor
		res, err := s.ListTools(ctx, req)
		if err != nil {
			t.Fatalf("tools/list: %v", err)
		}
		all = append(all, res.Tools...)
		if res.NextCursor == "" {
			return all
		}
		cursor = res.NextCursor
	}
	t.Fatal("tools/list: pagination did not end")
	return nil
}

// call calls a tool and fails the test on a protocol error; tool errors
// come back as results with IsError set.
func (s *stdioServer) call(t testing.TB, name string, args map[string]any) *mcp.CallToolResult {
	t.Helper()
	return s.callWithin(t, 60*time.Second, name, args)
}

// callWithin is call with another time limit, for large documents.
func (s *stdioServer) callWithin(tb testing.TB, limit time.Duration, name string, args map[string]any) *mcp.CallToolResult {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	req := mcp.CallToolRequest{}
	req.Params.Name = name
	req.Params.Arguments = args
	res, err := s.CallTool(ctx, req)
	if err != nil {
		tb.Fatalf("tools/call %s: %v", name, err)
	}
	return res
}
