package main

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cognito-mcp/cognito-mcp/httpserver"
	"github.com/cognito-mcp/cognito-mcp/internal/envflag"
)

const testToken = "0123456789abcdef0123456789abcdef"

// testConfig registers the HTTP flags on a fresh flag set, so tests get the
// same defaults as the command.
func testConfig(t testing.TB, env map[string]string, args ...string) httpserver.Config {
	t.Helper()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	f := envflag.New(fs, "COGNITO_MCP_", func(k string) string { return env[k] })
	var c httpserver.Config
	registerHTTP(&c, f)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	if len(f.Errs()) > 0 {
		t.Fatal(f.Errs())
	}
	return c
}

// The HTTP flags and their variables reach httpserver.Config, and its
// Resolve reads the token from either place.
func TestHTTPConfigResolve(t *testing.T) {
	dir := t.TempDir()
	tokenFile := filepath.Join(dir, "token")
	if err := os.WriteFile(tokenFile, []byte("  "+testToken+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	emptyFile := filepath.Join(dir, "empty")
	if err := os.WriteFile(emptyFile, []byte("\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		env       map[string]string
		args      []string
		wantErr   string // substring; "" means no error
		wantToken string
	}{
		{name: "loopback without token", args: []string{"--http", "127.0.0.1:0"}},
		{name: "localhost without token", args: []string{"--http", "localhost:8080"}},
		{name: "ipv6 loopback", args: []string{"--http", "[::1]:8080"}},
		{name: "all interfaces without token", args: []string{"--http", "0.0.0.0:0"}, wantErr: "no bearer token"},
		{name: "empty host without token", args: []string{"--http", ":8080"}, wantErr: "no bearer token"},
		{name: "a name without token", args: []string{"--http", "myhost:8080"}, wantErr: "no bearer token"},
		{name: "all interfaces, insecure", args: []string{"--http", "0.0.0.0:0", "--insecure-no-auth"}},
		{name: "insecure from env", env: map[string]string{"COGNITO_MCP_HTTP": "0.0.0.0:0", "COGNITO_MCP_INSECURE_NO_AUTH": "true"}},
		{name: "all interfaces with env token", env: map[string]string{authTokenEnv: testToken}, args: []string{"--http", "0.0.0.0:0"}, wantToken: testToken},
		{name: "token file is trimmed", args: []string{"--http", "0.0.0.0:0", "--auth-token-file", tokenFile}, wantToken: testToken},
		{name: "empty token file", args: []string{"--http", "127.0.0.1:0", "--auth-token-file", emptyFile}, wantErr: "is empty"},
		{name: "missing token file", args: []string{"--http", "127.0.0.1:0", "--auth-token-file", filepath.Join(dir, "nope")}, wantErr: "read --auth-token-file"},
		{name: "file and env", env: map[string]string{authTokenEnv: testToken}, args: []string{"--http", "127.0.0.1:0", "--auth-token-file", tokenFile}, wantErr: "keep one"},
		{name: "short token", env: map[string]string{authTokenEnv: "abc"}, args: []string{"--http", "127.0.0.1:0"}, wantErr: "shorter than"},
		{name: "bad address", args: []string{"--http", "8080"}, wantErr: "want host:port"},
		{name: "bad origin", args: []string{"--http", "127.0.0.1:0", "--allow-origin", "app.example.com"}, wantErr: "--allow-origin"},
		{name: "bad body limit", args: []string{"--http", "127.0.0.1:0", "--max-body-bytes", "0"}, wantErr: "--max-body-bytes"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := testConfig(t, tc.env, tc.args...)
			err := c.Resolve()
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("Resolve: %v", err)
				}
				if c.Token != tc.wantToken {
					t.Errorf("token was not read as expected")
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("Resolve = %v, want an error with %q", err, tc.wantErr)
			}
			if strings.Contains(err.Error(), testToken) || (tc.env[authTokenEnv] != "" && strings.Contains(err.Error(), tc.env[authTokenEnv])) {
				t.Errorf("error shows the token: %v", err)
			}
		})
	}
}

func TestHTTPConfigFlags(t *testing.T) {
	c := testConfig(t, map[string]string{"COGNITO_MCP_ALLOW_ORIGIN": "https://a.example, https://b.example"},
		"--http", "127.0.0.1:9000", "--stateless", "--shutdown-timeout", "3s")
	if c.Addr != "127.0.0.1:9000" || !c.Stateless || c.ShutdownTimeout != 3*time.Second {
		t.Errorf("flags not applied: %+v", c)
	}
	if len(c.AllowOrigins) != 2 || c.AllowOrigins[1] != "https://b.example" {
		t.Errorf("AllowOrigins = %q", c.AllowOrigins)
	}
	if c.MaxBodyBytes != 4<<20 || c.WriteTimeout <= 0 || c.KeepAlive <= 0 {
		t.Errorf("defaults missing: %+v", c)
	}
}
