package httpserver

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestConfigResolve(t *testing.T) {
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
		set       func(*Config)
		wantErr   string // substring; "" means no error
		wantToken string
	}{
		{name: "loopback without token", set: func(c *Config) { c.Addr = "127.0.0.1:0" }},
		{name: "localhost without token", set: func(c *Config) { c.Addr = "localhost:8080" }},
		{name: "ipv6 loopback", set: func(c *Config) { c.Addr = "[::1]:8080" }},
		{name: "all interfaces without token", set: func(c *Config) { c.Addr = "0.0.0.0:0" }, wantErr: "no bearer token"},
		{name: "empty host without token", set: func(c *Config) { c.Addr = ":8080" }, wantErr: "no bearer token"},
		{name: "a name without token", set: func(c *Config) { c.Addr = "myhost:8080" }, wantErr: "no bearer token"},
		{name: "all interfaces, insecure", set: func(c *Config) { c.Addr, c.InsecureNoAuth = "0.0.0.0:0", true }},
		{name: "all interfaces with a token", set: func(c *Config) { c.Addr, c.Token = "0.0.0.0:0", testToken }, wantToken: testToken},
		{name: "token file is trimmed", set: func(c *Config) { c.Addr, c.TokenFile = "0.0.0.0:0", tokenFile }, wantToken: testToken},
		{name: "empty token file", set: func(c *Config) { c.Addr, c.TokenFile = "127.0.0.1:0", emptyFile }, wantErr: "is empty"},
		{name: "missing token file", set: func(c *Config) { c.Addr, c.TokenFile = "127.0.0.1:0", filepath.Join(dir, "nope") }, wantErr: "read --auth-token-file"},
		{name: "file and token", set: func(c *Config) { c.Addr, c.Token, c.TokenFile = "127.0.0.1:0", testToken, tokenFile }, wantErr: "keep one"},
		{name: "short token", set: func(c *Config) { c.Addr, c.Token = "127.0.0.1:0", "abc" }, wantErr: "shorter than"},
		{name: "bad address", set: func(c *Config) { c.Addr = "8080" }, wantErr: "want host:port"},
		{name: "no address", set: func(c *Config) {}, wantErr: "want host:port"},
		{name: "bad origin", set: func(c *Config) { c.Addr, c.AllowOrigins = "127.0.0.1:0", []string{"app.example.com"} }, wantErr: "--allow-origin"},
		{name: "bad body limit", set: func(c *Config) { c.Addr, c.MaxBodyBytes = "127.0.0.1:0", 0 }, wantErr: "--max-body-bytes"},
		{name: "negative body budget", set: func(c *Config) { c.Addr, c.MaxInflightBodyBytes = "127.0.0.1:0", -1 }, wantErr: "--max-inflight-body-bytes -1"},
		{name: "body budget under the body limit", set: func(c *Config) { c.Addr, c.MaxInflightBodyBytes = "127.0.0.1:0", 1<<20 }, wantErr: "less than --max-body-bytes"},
		{name: "default body budget", set: func(c *Config) { c.Addr, c.MaxInflightBodyBytes = "127.0.0.1:0", 0 }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := testConfig(tc.set)
			given := c.Token
			err := c.Resolve()
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("Resolve: %v", err)
				}
				if c.Token != tc.wantToken {
					t.Errorf("token was not read as expected")
				}
				if c.TokenFile != "" {
					t.Errorf("TokenFile = %q after Resolve, want it cleared", c.TokenFile)
				}
				if err := c.Resolve(); err != nil || c.Token != tc.wantToken {
					t.Errorf("a second Resolve = %v, or changed the token", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("Resolve = %v, want an error with %q", err, tc.wantErr)
			}
			if strings.Contains(err.Error(), testToken) || (given != "" && strings.Contains(err.Error(), given)) {
				t.Errorf("error shows the token: %v", err)
			}
		})
	}
}

func TestDefaultConfigResolves(t *testing.T) {
	c := DefaultConfig()
	c.Addr = "127.0.0.1:0"
	if err := c.Resolve(); err != nil {
		t.Fatalf("DefaultConfig with a loopback address: %v", err)
	}
	if c.MaxBodyBytes <= 0 || c.WriteTimeout <= 0 || c.ReadTimeout <= 0 || c.KeepAlive <= 0 || c.ShutdownTimeout <= 0 {
		t.Errorf("DefaultConfig leaves a limit off: %+v", c)
	}
}

// A non-loopback address without a token is refused before anything
// listens; with --insecure-no-auth the server starts and stops cleanly.
func TestServeHTTPNonLoopback(t *testing.T) {
	tt := newTestTools(t)
	cfg := testConfig(func(c *Config) { c.Addr = "0.0.0.0:0" })
	err := Serve(context.Background(), tt.srv, cfg, nil)
	if err == nil || !strings.Contains(err.Error(), "--insecure-no-auth") {
		t.Fatalf("Serve = %v, want a refusal that names --insecure-no-auth", err)
	}

	cfg.InsecureNoAuth = true
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Serve(ctx, tt.srv, cfg, nil); err != nil {
		t.Fatalf("Serve with --insecure-no-auth = %v, want nil", err)
	}
}

// ServeListener takes the listener's address when Config.Addr is empty,
// and closes the listener when the configuration is refused.
func TestServeListenerAddr(t *testing.T) {
	tt := newTestTools(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	err = ServeListener(context.Background(), ln, tt.srv, testConfig(func(c *Config) { c.Token = "abc" }), nil)
	if err == nil || !strings.Contains(err.Error(), "shorter than") {
		t.Fatalf("ServeListener with a short token = %v, want a refusal", err)
	}
	if _, err := ln.Accept(); err == nil {
		t.Error("the refused listener is still open")
	}

	ln, err = net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := ServeListener(ctx, ln, tt.srv, testConfig(nil), nil); err != nil {
		t.Fatalf("ServeListener on loopback with an empty Addr = %v, want nil", err)
	}
}
