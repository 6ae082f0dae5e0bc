package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cognito-mcp/cognito-mcp/internal/peers"
)

// The host tests run the README's host configurations with a real MCP host:
// Claude Code's CLI (pinned in .ci/hosts, with the mcp-remote bridge), which
// starts the configured server or calls its URL and completes the MCP
// handshake when `claude mcp list` and `claude mcp get` check its health.

const (
	// claudeTimeout bounds one claude command, health checks included.
	claudeTimeout = 3 * time.Minute
	// claudeMCPTimeout is how long Claude Code waits for a server to start
	// and answer (MCP_TIMEOUT, in milliseconds; 30 s by default): the race
	// build on a busy machine may be slow.
	claudeMCPTimeout = "60000"
)

// readmeServerEntry returns mcpServers.cognito of the README's JSON block
// whose entry has this command.
func readmeServerEntry(t *testing.T, command string) map[string]any {
	t.Helper()
	for _, b := range readmeBlocks(t) {
		var cfg struct {
			MCPServers map[string]map[string]any `json:"mcpServers"`
		}
		if b.lang != "json" || json.Unmarshal([]byte(b.text), &cfg) != nil {
			continue
		}
		if e := cfg.MCPServers["cognito"]; e != nil && e["command"] == command {
			return e
		}
	}
	t.Fatalf("README.md has no JSON block with mcpServers.cognito.command %q", command)
	return nil
}

// claudeHost is Claude Code's CLI with a home of its own: `claude` on PATH,
// HOME and the XDG directories in a temporary directory, nothing of the
// machine's AWS, Claude or cognito-mcp settings, no traffic but to the
// servers it checks, and a project directory (`claude mcp add` keeps its
// local scope per working directory) whose node_modules is .ci/hosts's, so
// `npx mcp-remote` finds the pinned bridge without the registry.
type claudeHost struct {
	env     []string
	home    string
	project string
}

// claudeCode is what newClaudeHost needs of .ci/hosts: Claude Code's
// binary and the node_modules that holds mcp-remote.
type claudeCode struct{ bin, modules string }

// installedClaudeCode finds .ci/hosts, installing it if needed (see
// peers.EnsureHosts); a test calls it first, so that it fails once, before
// starting anything, when the hosts are missing.
func installedClaudeCode(t *testing.T) claudeCode {
	t.Helper()
	return claudeCode{bin: peers.ClaudeCode(t), modules: peers.EnsureHosts(t)}
}

func newClaudeHost(t *testing.T, cc claudeCode, env ...string) *claudeHost {
	t.Helper()
	bin := t.TempDir()
	if err := os.Symlink(cc.bin, filepath.Join(bin, "claude")); err != nil {
		t.Fatal(err)
	}
	c := &claudeHost{project: t.TempDir()}
	if err := os.Symlink(cc.modules, filepath.Join(c.project, "node_modules")); err != nil {
		t.Fatal(err)
	}
	for _, kv := range baseEnv(t) {
		k, v, _ := strings.Cut(kv, "=")
		switch {
		case k == "HOME":
			c.home = v
		case k == "PATH":
			kv = "PATH=" + bin + string(os.PathListSeparator) + v
		case strings.HasPrefix(k, "CLAUDE") || strings.HasPrefix(k, "ANTHROPIC_") ||
			strings.HasPrefix(strings.ToLower(k), "npm_config_") || k == "XDG_CONFIG_HOME" || k == "XDG_CACHE_HOME":
			continue
		}
		c.env = append(c.env, kv)
	}
	c.env = append(c.env,
		"XDG_CONFIG_HOME="+filepath.Join(c.home, ".config"),
		"XDG_CACHE_HOME="+filepath.Join(c.home, ".cache"),
		"CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1",
		"MCP_TIMEOUT="+claudeMCPTimeout,
		// npx takes mcp-remote from node_modules or fails; it never
		// fetches another version.
		"npm_config_offline=true",
		"npm_config_update_notifier=false",
	)
	c.env = append(c.env, env...)
	t.Cleanup(func() {
		if t.Failed() {
			c.logServerLogs(t)
		}
	})
	return c
}

// sh runs script with sh in the project directory, with env added to the
// host's, and returns its output; it fails the test if the script fails.
func (c *claudeHost) sh(t *testing.T, script string, env ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), claudeTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "sh", "-c", script)
	cmd.Dir = c.project
	cmd.Env = append(append([]string(nil), c.env...), env...)
	cmd.WaitDelay = 10 * time.Second
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", script, err, out)
	}
	return string(out)
}

// status is the line `claude mcp list` prints for the server cognito and
// what `claude mcp get cognito` prints; both check the server's health.
func (c *claudeHost) status(t *testing.T) (list, get string) {
	t.Helper()
	out := c.sh(t, "claude mcp list")
	for line := range strings.SplitSeq(out, "\n") {
		if strings.HasPrefix(line, "cognito: ") {
			list = line
		}
	}
	if list == "" {
		t.Fatalf("claude mcp list has no server cognito:\n%s", out)
	}
	return list, c.sh(t, "claude mcp get cognito")
}

// wantConnected checks that both commands say the server is connected, and
// that `claude mcp get` shows each of want.
func (c *claudeHost) wantConnected(t *testing.T, want ...string) {
	t.Helper()
	list, get := c.status(t)
	if !strings.HasSuffix(list, " - ✔ Connected") {
		t.Errorf("claude mcp list: %s\nwant the server connected", list)
	}
	for _, w := range append([]string{"Status: ✔ Connected"}, want...) {
		if !strings.Contains(get, w) {
			t.Errorf("claude mcp get cognito lacks %q:\n%s", w, get)
		}
	}
}

// wantFailed checks that both commands say the server failed, with reason
// in what `claude mcp get` says.
func (c *claudeHost) wantFailed(t *testing.T, reason string) {
	t.Helper()
	list, get := c.status(t)
	if !strings.Contains(list, " - ✘ Failed to connect") {
		t.Errorf("claude mcp list: %s\nwant the server failed", list)
	}
	for _, w := range []string{"Status: ✘ Failed to connect", reason} {
		if !strings.Contains(get, w) {
			t.Errorf("claude mcp get cognito lacks %q:\n%s", w, get)
		}
	}
}

// logServerLogs logs what Claude Code recorded of its connections to the
// server (its mcp-logs-cognito files: the server's stderr among them).
func (c *claudeHost) logServerLogs(t *testing.T) {
	filepath.WalkDir(c.home, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.Contains(path, "mcp-logs-") {
			if data, err := os.ReadFile(path); err == nil {
				t.Logf("%s:\n%s", path, data)
			}
		}
		return nil
	})
}

// authToken is a token made as the README makes one: openssl rand -hex 16.
func authToken(t *testing.T) string {
	t.Helper()
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// TestClaudeCodeREADMECommands runs the README's two `claude mcp add`
// commands as written, through sh, with Claude Code's CLI: /path/to/cognito-mcp
// is the built binary, and 127.0.0.1:8080 a server started with --http on a
// free 127.0.0.1 port and a token in COGNITO_MCP_AUTH_TOKEN (the shell's
// $COGNITO_MCP_AUTH_TOKEN in the command). `claude mcp list` and `claude mcp
// get cognito` start the server or call the URL, complete the MCP handshake,
// and must say Connected. The same commands with a server that cannot start
// and with a wrong token must say Failed, so Connected proves something.
func TestClaudeCodeREADMECommands(t *testing.T) {
	t.Parallel()
	cc := installedClaudeCode(t)
	var stdioCmd, httpCmd string
	cmds := readmeCommands(t, "claude mcp add ")
	for _, c := range cmds {
		if strings.Contains(c, "--transport http") {
			httpCmd = c
		} else {
			stdioCmd = c
		}
	}
	if len(cmds) != 2 || stdioCmd == "" || httpCmd == "" {
		t.Fatalf("README.md's `claude mcp add` commands are %q, want one for stdio and one with --transport http", cmds)
	}
	stdioCmd = replaceOnce(t, stdioCmd, "/path/to/cognito-mcp", shQuote(binPath))

	t.Run("stdio", func(t *testing.T) {
		c := newClaudeHost(t, cc)
		c.sh(t, stdioCmd)
		c.wantConnected(t, "Type: stdio", "Command: "+binPath, "Args: --region eu-west-1", "AWS_PROFILE=my-profile")
	})
	t.Run("stdio, a server that cannot start", func(t *testing.T) {
		// Claude Code passes its environment on to the server, which
		// refuses an unknown catalog mode and exits.
		c := newClaudeHost(t, cc, "COGNITO_MCP_CATALOG=everything")
		c.sh(t, stdioCmd)
		c.wantFailed(t, "Connection closed")
	})

	token := authToken(t)
	srv := startHTTPBinary(t, baseEnv(t, "COGNITO_MCP_AUTH_TOKEN="+token))
	httpCmd = replaceOnce(t, httpCmd, "http://127.0.0.1:8080/mcp", srv.base+"/mcp")

	t.Run("http", func(t *testing.T) {
		before := strings.Count(srv.out.String(), "status=200")
		c := newClaudeHost(t, cc)
		c.sh(t, httpCmd, "COGNITO_MCP_AUTH_TOKEN="+token)
		c.wantConnected(t, "Type: http", "URL: "+srv.base+"/mcp", "Authorization: Bearer "+token)
		if after := strings.Count(srv.out.String(), "status=200"); after == before {
			t.Errorf("the server answered Claude Code no request:\n%s", srv.out.String())
		}
	})
	t.Run("http, a wrong token", func(t *testing.T) {
		c := newClaudeHost(t, cc)
		c.sh(t, httpCmd, "COGNITO_MCP_AUTH_TOKEN="+authToken(t))
		c.wantFailed(t, "HTTP 401")
	})
}

// TestClaudeDesktopREADMEEntries adds the README's two Claude Desktop
// entries (mcpServers.cognito of claude_desktop_config.json: the binary over
// stdio, and the mcp-remote bridge to an HTTP server) to Claude Code with
// `claude mcp add-json`, which reads the same command, args and env keys,
// and checks that each connects. Claude Desktop itself does not run on this
// machine; what these entries make a host do, start the command with those
// arguments and that environment, is what Claude Code does here.
// /path/to/cognito-mcp is the built binary; localhost:8080 is a server with
// --http on a free 127.0.0.1 port, and <token> its token.
func TestClaudeDesktopREADMEEntries(t *testing.T) {
	t.Parallel()
	cc := installedClaudeCode(t)

	t.Run("stdio", func(t *testing.T) {
		entry := readmeServerEntry(t, "/path/to/cognito-mcp")
		entry["command"] = binPath
		c := newClaudeHost(t, cc)
		c.sh(t, "claude mcp add-json cognito "+shQuote(mustJSON(t, entry)))
		c.wantConnected(t, "Type: stdio", "Command: "+binPath, "Args: --region eu-west-1", "AWS_PROFILE=my-profile")
	})

	t.Run("mcp-remote", func(t *testing.T) {
		token := authToken(t)
		srv := startHTTPBinary(t, baseEnv(t, "COGNITO_MCP_AUTH_TOKEN="+token))
		port := strings.TrimPrefix(srv.base, "http://127.0.0.1:")
		entry := replaceOnce(t, mustJSON(t, readmeServerEntry(t, "npx")), "http://localhost:8080/mcp", "http://localhost:"+port+"/mcp")
		entry = replaceOnce(t, entry, "Bearer <token>", "Bearer "+token)
		c := newClaudeHost(t, cc)
		c.sh(t, "claude mcp add-json cognito "+shQuote(entry))
		c.wantConnected(t, "Command: npx", "AUTH_HEADER=Bearer "+token)
		// The server takes no request without the token: mcp-remote sent it.
		if out := srv.out.String(); !strings.Contains(out, "rpc=tools/list") || strings.Contains(out, "status=401") {
			t.Errorf("the server's log does not show mcp-remote listing tools with the token:\n%s", out)
		}
	})
}

// mustJSON is v as JSON, with <, > and & as they are.
func mustJSON(t *testing.T, v any) string {
	t.Helper()
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(b.String())
}
