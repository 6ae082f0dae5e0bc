package httpserver

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/mark3labs/mcp-go/server"
)

// Serve resolves cfg, serves mcpSrv on cfg.Addr until ctx is cancelled,
// then shuts down gracefully and returns nil. A nil log discards.
func Serve(ctx context.Context, mcpSrv *server.MCPServer, cfg Config, log *slog.Logger) error {
	if err := cfg.Resolve(); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	return serveListener(ctx, ln, mcpSrv, cfg, log)
}

// ServeListener is Serve on a listener that is already open, such as one on
// a free port. An empty cfg.Addr stands for the listener's address; the
// Host check accepts both. It closes ln.
func ServeListener(ctx context.Context, ln net.Listener, mcpSrv *server.MCPServer, cfg Config, log *slog.Logger) error {
	if cfg.Addr == "" {
		cfg.Addr = ln.Addr().String()
	}
	if err := cfg.Resolve(); err != nil {
		_ = ln.Close()
		return err
	}
	return serveListener(ctx, ln, mcpSrv, cfg, log)
}

// serveListener is ServeListener once cfg is resolved.
func serveListener(ctx context.Context, ln net.Listener, mcpSrv *server.MCPServer, cfg Config, log *slog.Logger) error {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	h := newHandler(mcpSrv, cfg, ln.Addr(), log)
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
	if cfg.Token == "" {
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
func (h *handler) shutdown(srv *http.Server, served <-chan error, timeout time.Duration) error {
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
