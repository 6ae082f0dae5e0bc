package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"strings"
	"time"

	"github.com/mark3labs/mcp-go/server"
)

// authTokenEnv carries the bearer token. It has no flag twin: a flag's value
// shows in ps and in shell history.
const authTokenEnv = "COGNITO_MCP_AUTH_TOKEN"

// minTokenLen keeps guessable tokens out; 32 hex digits is the suggestion.
const minTokenLen = 16

// httpConfig is the network side of the server: where it listens, who may
// talk to it, and how long it waits.
type httpConfig struct {
	Addr           string   // --http host:port; empty means stdio
	AllowOrigins   []string // extra Origin values, as scheme://host[:port]
	AllowHosts     []string // extra Host values (a reverse proxy's name), host or host:port
	TokenFile      string   // file whose trimmed contents are the bearer token
	InsecureNoAuth bool     // allow a non-loopback address without a token
	Stateless      bool     // Streamable HTTP without sessions

	ShutdownTimeout    time.Duration
	MaxBodyBytes       int
	KeepAlive          time.Duration // SSE keep-alive and Streamable HTTP heartbeat
	ReadTimeout        time.Duration // request headers, then the request body
	WriteTimeout       time.Duration // each write to the client, not the whole response
	IdleTimeout        time.Duration
	SessionIdleTimeout time.Duration

	tokenEnv string // from COGNITO_MCP_AUTH_TOKEN
	token    string // resolved by resolve; never logged
}

// register adds the HTTP flags, each with its COGNITO_MCP_* variable, and
// reads the token variable.
func (c *httpConfig) register(f *envFlags) {
	f.String(&c.Addr, "http", "", "serve MCP over HTTP on `host:port` (Streamable HTTP at /mcp, SSE at /sse) instead of stdio")
	f.Strings(&c.AllowOrigins, "allow-origin", "also accept this browser `origin` (scheme://host[:port]); repeatable; loopback origins are always accepted")
	f.Strings(&c.AllowHosts, "allow-host", "also accept this Host header (`name` or name:port), e.g. a reverse proxy's public name; repeatable")
	f.String(&c.TokenFile, "auth-token-file", "", "require `file`'s contents as a bearer token on /mcp, /sse and /message (or set "+authTokenEnv+")")
	f.Bool(&c.InsecureNoAuth, "insecure-no-auth", false, "allow listening on a non-loopback address without a bearer token")
	f.Bool(&c.Stateless, "stateless", false, "serve Streamable HTTP without sessions, for replicas behind a load balancer (no server-to-client notifications)")
	f.Duration(&c.ShutdownTimeout, "shutdown-timeout", 10*time.Second, "on SIGINT/SIGTERM, how long in-flight calls may take to finish")
	f.Int(&c.MaxBodyBytes, "max-body-bytes", 4<<20, "largest request body accepted, in `bytes`")
	f.Duration(&c.KeepAlive, "sse-keepalive", 30*time.Second, "interval between keep-alive pings on open event streams; 0 turns them off")
	f.Duration(&c.ReadTimeout, "read-timeout", 30*time.Second, "time allowed to read a request's headers, and then its body")
	f.Duration(&c.WriteTimeout, "write-timeout", 30*time.Second, "time allowed for each write to a client (event streams stay open)")
	f.Duration(&c.IdleTimeout, "idle-timeout", 120*time.Second, "how long an idle keep-alive connection stays open")
	f.Duration(&c.SessionIdleTimeout, "session-idle-timeout", 30*time.Minute, "forget a Streamable HTTP session unused for this long; 0 keeps sessions until the client ends them")
	c.tokenEnv = strings.TrimSpace(f.getenv(authTokenEnv))
}

// resolve reads the token file and checks that the configuration is safe to
// serve: a token, or a loopback address, or an explicit --insecure-no-auth.
// It is for HTTP mode (Addr set). serveHTTP calls it; run may call it first,
// to fail before loading sources.
func (c *httpConfig) resolve() error {
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return fmt.Errorf("--http %q: want host:port, such as 127.0.0.1:8080", c.Addr)
	}
	switch {
	case c.TokenFile != "" && c.tokenEnv != "":
		return fmt.Errorf("both --auth-token-file and %s are set; keep one", authTokenEnv)
	case c.TokenFile != "":
		b, err := os.ReadFile(c.TokenFile)
		if err != nil {
			return fmt.Errorf("read --auth-token-file: %w", err)
		}
		c.token = strings.TrimSpace(string(b))
		if c.token == "" {
			return fmt.Errorf("--auth-token-file %s is empty; put a token in it (openssl rand -hex 32)", c.TokenFile)
		}
	default:
		c.token = c.tokenEnv
	}
	if c.token != "" && len(c.token) < minTokenLen {
		return fmt.Errorf("the bearer token is shorter than %d characters; use a random one (openssl rand -hex 32)", minTokenLen)
	}
	for _, o := range c.AllowOrigins {
		if _, ok := normalizeOrigin(o); !ok {
			return fmt.Errorf("--allow-origin %q: want scheme://host[:port], such as https://app.example.com", o)
		}
	}
	if c.MaxBodyBytes <= 0 {
		return fmt.Errorf("--max-body-bytes %d: want a positive size", c.MaxBodyBytes)
	}
	if c.token == "" && !c.InsecureNoAuth && !isLoopbackListen(c.Addr) {
		return fmt.Errorf("--http %s is reachable from other machines and no bearer token is set: "+
			"set --auth-token-file or %s, listen on 127.0.0.1, or pass --insecure-no-auth", c.Addr, authTokenEnv)
	}
	return nil
}

// isLoopbackListen reports whether addr binds only loopback interfaces. An
// empty host, 0.0.0.0 and [::] bind every interface; names other than
// localhost are not trusted to stay loopback.
func isLoopbackListen(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil || host == "" {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}

// serveHTTP serves mcpSrv on cfg.Addr until ctx is cancelled, then shuts
// down gracefully and returns nil.
func serveHTTP(ctx context.Context, mcpSrv *server.MCPServer, cfg httpConfig, log *slog.Logger) error {
	if err := cfg.resolve(); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	return serveListener(ctx, ln, mcpSrv, cfg, log)
}

// serveListener is serveHTTP on a listener that is already open; cfg must
// have been resolved. It closes ln.
func serveListener(ctx context.Context, ln net.Listener, mcpSrv *server.MCPServer, cfg httpConfig, log *slog.Logger) error {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	h := newHTTPHandler(mcpSrv, cfg, ln.Addr(), log)
	srv := &http.Server{
		Handler: h,
		// No WriteTimeout: it bounds the whole response, so it would cut
		// event streams and long calls. The handler pushes a deadline ahead
		// of each write instead, and gives the body its own read deadline.
		ReadHeaderTimeout: cfg.ReadTimeout,
		IdleTimeout:       cfg.IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	auth := "bearer token"
	if cfg.token == "" {
		auth = "none"
	}
	base := "http://" + ln.Addr().String()
	log.Info("listening", "mcp", base+"/mcp", "sse", base+"/sse", "auth", auth, "stateless", cfg.Stateless)

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	select {
	case err := <-served: // Serve never returns nil
		h.close(context.Background())
		return fmt.Errorf("serve http: %w", err)
	case <-ctx.Done():
	}
	return h.shutdown(srv, served, cfg.ShutdownTimeout)
}

// shutdown stops accepting, lets in-flight calls finish within timeout,
// then closes the event streams. A call still running at the deadline is
// cut off and logged; shutdown still returns nil.
func (h *httpHandler) shutdown(srv *http.Server, served <-chan error, timeout time.Duration) error {
	h.log.Info("shutting down", "in_flight", h.busy(), "timeout", timeout)
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()

	// Shutdown closes the listener and idle connections at once, then waits
	// for the busy ones. Event streams never end on their own, so they are
	// closed below, once the calls are done.
	stopped := make(chan error, 1)
	go func() { stopped <- srv.Shutdown(ctx) }()

	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for h.busy() > 0 && ctx.Err() == nil {
		select {
		case <-tick.C:
		case <-ctx.Done():
		}
	}
	left := h.busy()
	h.close(ctx)

	err := <-stopped
	if errors.Is(err, context.DeadlineExceeded) {
		h.log.Warn("shutdown deadline passed; closing remaining connections", "calls_cut_off", left)
		_ = srv.Close()
	} else if err != nil {
		return fmt.Errorf("shut down http: %w", err)
	}
	<-served
	h.log.Info("stopped")
	return nil
}
