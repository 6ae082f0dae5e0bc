package httpserver

import (
	"container/list"
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// DefaultMaxSessions is the number of live Streamable HTTP sessions kept
// when Config.MaxSessions is not set.
const DefaultMaxSessions = 1000

// sessionIDPrefix is the prefix mcp-go's own session ids carry.
const sessionIDPrefix = "mcp-session-"

// sessions is the Streamable HTTP transport's session id manager, bounded:
// at most max live sessions, in least-recently-used order. A new session
// evicts the least recently used one that has no request or event stream
// open; when every session is busy, none is made. Terminated and evicted
// ids are forgotten (they answer 404, after which a client starts a new
// session), so memory stays bounded too.
type sessions struct {
	max int
	// end removes a session's state from the transport, as a DELETE
	// would; called without the lock held.
	end func(id string)

	mu   sync.Mutex
	lru  *list.List // of *sessionEntry, most recently used first
	byID map[string]*list.Element
}

type sessionEntry struct {
	id   string
	busy int // requests and event streams open now
}

var _ server.SessionIdManager = (*sessions)(nil)

func newSessions(max int) *sessions {
	if max <= 0 {
		max = DefaultMaxSessions
	}
	return &sessions{max: max, lru: list.New(), byID: map[string]*list.Element{}}
}

// Generate mints the id of a new session; makeRoom has made room for it.
func (s *sessions) Generate() string {
	id := sessionIDPrefix + rand.Text()
	s.mu.Lock()
	s.byID[id] = s.lru.PushFront(&sessionEntry{id: id})
	s.mu.Unlock()
	return id
}

var errNoSession = errors.New("session not found: it ended, was idle too long, or was evicted to make room; start a new session with initialize")

// Validate accepts a live session and marks it used.
func (s *sessions) Validate(id string) (isTerminated bool, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	el, ok := s.byID[id]
	if !ok {
		return false, errNoSession
	}
	s.lru.MoveToFront(el)
	return false, nil
}

// Terminate forgets a session (DELETE, the idle sweeper, an eviction).
func (s *sessions) Terminate(id string) (isNotAllowed bool, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if el, ok := s.byID[id]; ok {
		s.lru.Remove(el)
		delete(s.byID, id)
	}
	return false, nil
}

// begin marks a live session busy until the returned func is called, so
// it is not evicted under an open request or event stream.
func (s *sessions) begin(id string) func() {
	s.mu.Lock()
	defer s.mu.Unlock()
	el, ok := s.byID[id]
	if !ok {
		return func() {}
	}
	e := el.Value.(*sessionEntry)
	e.busy++
	s.lru.MoveToFront(el)
	return func() {
		s.mu.Lock()
		e.busy--
		s.mu.Unlock()
	}
}

// makeRoom evicts least recently used idle sessions until a new one fits.
// It reports false when every session is busy.
func (s *sessions) makeRoom() bool {
	var victims []string
	s.mu.Lock()
	for el := s.lru.Back(); el != nil && s.lru.Len() >= s.max; {
		prev := el.Prev()
		if e := el.Value.(*sessionEntry); e.busy == 0 {
			s.lru.Remove(el)
			delete(s.byID, e.id)
			victims = append(victims, e.id)
		}
		el = prev
	}
	ok := s.lru.Len() < s.max
	s.mu.Unlock()
	for _, id := range victims {
		if s.end != nil {
			s.end(id)
		}
	}
	return ok
}

// endVia ends a session in a Streamable HTTP transport by handing it a
// DELETE for the session, so the transport drops every piece of state it
// keeps for it (registration, per-session tools, log level, activity).
func endVia(transport http.Handler) func(id string) {
	return func(id string) {
		req := httptest.NewRequest(http.MethodDelete, mcpPath, nil)
		req.RemoteAddr = "127.0.0.1:1"
		req.Host = "127.0.0.1"
		req.Header.Set(server.HeaderKeySessionID, id)
		req.Header.Set(mcp.HeaderProtocolVersion, mcp.LATEST_LEGACY_PROTOCOL_VERSION)
		transport.ServeHTTP(httptest.NewRecorder(), req)
	}
}

// streamableHandler serves /mcp: it keeps a session busy while one of its
// requests or streams is open, and makes room for the session an
// initialize request will create, refusing it when every session is busy.
func (h *handler) streamableHandler() func(*recorder, *http.Request, *accessEntry) {
	return func(rec *recorder, r *http.Request, e *accessEntry) {
		if h.sessions != nil {
			if id := r.Header.Get(server.HeaderKeySessionID); id != "" {
				defer h.sessions.begin(id)()
			} else if e.rpc == string(mcp.MethodInitialize) && !h.sessions.makeRoom() {
				refuseRPC(rec, http.StatusServiceUnavailable, e.id, mcp.INTERNAL_ERROR, fmt.Sprintf(
					"no new session: all %d sessions have a request or event stream open; retry later, or start the server with a larger --max-sessions", h.sessions.max))
				return
			}
		}
		h.streamable.ServeHTTP(rec, r)
	}
}
