package httpserver

import (
	"context"
	"encoding/json"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mark3labs/mcp-go/server"
)

// handler serves both MCP transports and /healthz on one listener. Each
// request passes, in order: the access log, the Host and Origin checks (and
// CORS), the bearer token, the body limit and the budget of bodies in
// flight, then the transport.
type handler struct {
	cfg        Config
	log        *slog.Logger
	guard      *guard
	streamable *server.StreamableHTTPServer
	sse        *server.SSEServer
	sseCalls   *sseCalls
	sessions   *sessions // Streamable HTTP sessions; nil when stateless
	bodies     *bodyBudget
	routes     map[string]func(*recorder, *http.Request, *accessEntry)

	inFlight atomic.Int64 // requests other than event streams
	streams  streamSet
}

// Paths served; the SSE transport's endpoint event points clients at
// ssePath's sibling messagePath on the same host.
const (
	mcpPath     = "/mcp"
	ssePath     = "/sse"
	messagePath = "/message"
	healthPath  = "/healthz"
)

func newHandler(mcpSrv *server.MCPServer, cfg Config, bound net.Addr, log *slog.Logger) *handler {
	budget := cfg.MaxInflightBodyBytes
	if budget <= 0 {
		budget = DefaultMaxInflightBodyBytes
	}
	h := &handler{cfg: cfg, log: log, guard: newGuard(cfg, bound), sseCalls: newSSECalls(),
		bodies: newBodyBudget(int64(max(budget, cfg.MaxBodyBytes)))}
	mcpLog := slog.New(floorLevel{log.Handler(), slog.LevelWarn})

	// Both transports refuse a non-loopback Host on a loopback connection.
	// The guard checks Host more closely and knows AllowHosts, which a
	// reverse proxy on the same machine needs, so only then is theirs off.
	proxied := len(cfg.AllowHosts) > 0

	sopts := []server.StreamableHTTPOption{
		server.WithStreamableHTTPLogger(mcpLog),
		server.WithHeartbeatInterval(cfg.KeepAlive),
		server.WithDisableLocalhostProtection(proxied),
	}
	if cfg.Stateless {
		// Without sessions, any replica can answer any request. What that
		// gives up: the server can't reach a client between its requests,
		// so notifications such as tools/list_changed are never delivered
		// (nor progress on another request, sampling or elicitation), and
		// the standalone GET stream has nothing to carry, so it answers 405.
		// Clients on protocol 2026-07-28 can still hold a
		// subscriptions/listen request open on the replica they reached.
		sopts = append(sopts, server.WithStateLess(true), server.WithDisableStreaming(true))
	} else {
		// Stateful: the session id minted at initialize is checked on each
		// request, and list_changed reaches the client on its GET stream or
		// on the response to its next POST.
		// At most MaxSessions live sessions, least recently used evicted.
		h.sessions = newSessions(cfg.MaxSessions)
		sopts = append(sopts, server.WithSessionIdManager(h.sessions), server.WithSessionIdleTTL(cfg.SessionIdleTimeout))
	}
	h.streamable = server.NewStreamableHTTPServer(mcpSrv, sopts...)
	if h.sessions != nil {
		h.sessions.end = endVia(h.streamable)
	}

	ssopts := []server.SSEOption{
		server.WithSSEEndpoint(ssePath),
		server.WithMessageEndpoint(messagePath),
		server.WithSSEDisableLocalhostProtection(proxied),
	}
	if cfg.KeepAlive > 0 {
		ssopts = append(ssopts, server.WithKeepAliveInterval(cfg.KeepAlive))
	}
	h.sse = server.NewSSEServer(mcpSrv, ssopts...)

	serve := func(next http.Handler) func(*recorder, *http.Request, *accessEntry) {
		return func(rec *recorder, r *http.Request, _ *accessEntry) { next.ServeHTTP(rec, r) }
	}
	h.routes = map[string]func(*recorder, *http.Request, *accessEntry){
		mcpPath:     h.streamableHandler(),
		ssePath:     h.sseStreamHandler(h.sse.SSEHandler()),
		messagePath: h.sseMessageHandler(h.sse.MessageHandler()),
		healthPath:  serve(http.HandlerFunc(h.healthz)),
	}
	return h
}

// healthz answers {"status":"ok"} plus what Config.Health adds.
func (h *handler) healthz(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		refuse(w, http.StatusMethodNotAllowed, "method_not_allowed", "use GET "+healthPath)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	body := map[string]any{"status": "ok"}
	if h.cfg.Health != nil {
		maps.Copy(body, h.cfg.Health())
	}
	_ = json.NewEncoder(w).Encode(body)
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := newRecorder(w, h.cfg.WriteTimeout)
	e := &accessEntry{}
	defer h.logAccess(r, rec, e, start)

	if !h.guard.hostAllowed(r) {
		refuseHost(rec, r, h.guard.listenPort)
		return
	}
	origin := r.Header.Get("Origin")
	if !h.guard.originAllowed(origin) {
		refuseOrigin(rec, origin)
		return
	}
	rec.allowOrigin = origin
	if corsHeaders(rec, r) {
		return
	}
	route, ok := h.routes[r.URL.Path]
	if !ok {
		refuse(rec, http.StatusNotFound, "not_found", "this server answers on "+mcpPath+", "+ssePath+", "+messagePath+" and "+healthPath)
		return
	}
	if r.URL.Path != healthPath {
		if ok, presented := h.guard.authorized(r); !ok {
			refuseToken(rec, presented)
			return
		}
	}
	var body []byte
	if r.Method == http.MethodPost {
		if r.ContentLength > int64(h.cfg.MaxBodyBytes) {
			refuseSize(rec, h.cfg.MaxBodyBytes)
			return
		}
		var ok bool
		if e.held, ok = h.bodies.take(rec, r, h.cfg.MaxBodyBytes); !ok {
			return
		}
		defer func() { e.held.release() }() // unless the SSE transport took it on
		if body, ok = readBody(rec, r, h.cfg.MaxBodyBytes, h.cfg.ReadTimeout); !ok {
			return
		}
		e.held.fit(len(body))
		e.peek(body)
	}
	if !h.checkRPC(rec, r, body) {
		return
	}

	// Event streams stay open until the client leaves or the server stops;
	// everything else is a call that shutdown waits for.
	if (r.Method == http.MethodGet && r.URL.Path != healthPath) || e.rpc == "subscriptions/listen" {
		ctx, end := h.streams.open(r.Context())
		defer end()
		r = r.WithContext(ctx)
	} else {
		h.inFlight.Add(1)
		defer h.inFlight.Add(-1)
	}
	route(rec, r, e)
}

// busy is the number of calls still being served.
func (h *handler) busy() int {
	return int(h.inFlight.Load()) + h.sseCalls.count()
}

// close ends every event stream and session.
func (h *handler) close(ctx context.Context) {
	h.streams.closeAll()
	h.sse.CloseSessions()
	_ = h.streamable.Shutdown(ctx) // not started with Start: only ends sessions and the sweeper
}

// streamSet cancels open event streams at shutdown.
type streamSet struct {
	mu      sync.Mutex
	next    uint64
	cancels map[uint64]context.CancelFunc
	closed  bool
}

func (s *streamSet) open(parent context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancel(parent)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		cancel()
		return ctx, func() {}
	}
	if s.cancels == nil {
		s.cancels = map[uint64]context.CancelFunc{}
	}
	id := s.next
	s.next++
	s.cancels[id] = cancel
	return ctx, func() {
		s.mu.Lock()
		delete(s.cancels, id)
		s.mu.Unlock()
		cancel()
	}
}

func (s *streamSet) closeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	for _, cancel := range s.cancels {
		cancel()
	}
	clear(s.cancels)
}
