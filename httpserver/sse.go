package httpserver

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"sync"
)

// sseCalls counts the calls the SSE transport is still working on. Its
// /message endpoint answers 202 at once and sends the result later on the
// session's event stream, so http.Server.Shutdown can't see these calls:
// shutdown waits for this count to reach zero before it closes the streams
// that will carry the results. The room each call's body took in the body
// budget is held here too, until its result is sent.
type sseCalls struct {
	mu      sync.Mutex
	pending map[string]int // by session id; present while the stream is open
	held    map[string][]*heldBody
	total   int
}

func newSSECalls() *sseCalls {
	return &sseCalls{pending: map[string]int{}, held: map[string][]*heldBody{}}
}

// hold keeps a counted call's room in the body budget until a result of
// its session is sent, or the session ends.
func (c *sseCalls) hold(session string, b *heldBody) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.pending[session]; !ok {
		b.release()
		return
	}
	c.held[session] = append(c.held[session], b)
}

// releaseOne gives back the room of the oldest call of session held; c.mu
// is held.
// Results may come in any order, but each gives back one call's room: the
// budget is kept, if not always for the body that took it.
func (c *sseCalls) releaseOne(session string) {
	if held := c.held[session]; len(held) > 0 {
		held[0].release()
		c.held[session] = held[1:]
	}
}

func (c *sseCalls) open(session string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pending[session] = 0
}

// close forgets a session whose stream ended; its results can't be delivered.
func (c *sseCalls) close(session string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.total -= c.pending[session]
	delete(c.pending, session)
	for _, b := range c.held[session] {
		b.release()
	}
	delete(c.held, session)
}

// add counts a call posted to an open session and reports whether it did.
func (c *sseCalls) add(session string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.pending[session]; !ok {
		return false
	}
	c.pending[session]++
	c.total++
	return true
}

// done uncounts one call of session, if the session still has any.
func (c *sseCalls) done(session string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pending[session] > 0 {
		c.pending[session]--
		c.total--
	}
}

// answered uncounts the call of session whose result was sent, and gives
// back the room of one held body.
func (c *sseCalls) answered(session string) {
	c.done(session)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.releaseOne(session)
}

func (c *sseCalls) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.total
}

// sseStream watches what the SSE transport writes to one event stream: the
// endpoint event names the session, and each response ends one call.
// mcp-go writes one whole event per Write.
type sseStream struct {
	*recorder
	calls   *sseCalls
	entry   *accessEntry
	session string
}

var (
	endpointEvent = []byte("event: endpoint\ndata: ")
	messageEvent  = []byte("event: message\ndata:")
)

func (s *sseStream) Write(p []byte) (int, error) {
	n, err := s.recorder.Write(p)
	switch {
	case s.session == "" && bytes.HasPrefix(p, endpointEvent):
		data := bytes.TrimSpace(p[len(endpointEvent):])
		if u, perr := url.Parse(string(data)); perr == nil {
			s.session = u.Query().Get("sessionId")
			s.entry.session = s.session
			s.calls.open(s.session)
		}
	case s.session != "" && bytes.HasPrefix(p, messageEvent):
		var m struct {
			ID     json.RawMessage `json:"id"`
			Method string          `json:"method"`
		}
		if json.Unmarshal(bytes.TrimSpace(p[len(messageEvent):]), &m) == nil && m.Method == "" && len(m.ID) > 0 {
			s.calls.answered(s.session)
		}
	}
	return n, err
}

func (s *sseStream) end() {
	if s.session != "" {
		s.calls.close(s.session)
	}
}

// trackSSE wraps the transport's two endpoints so that sseCalls stays true.
func (h *handler) sseStreamHandler(next http.Handler) func(*recorder, *http.Request, *accessEntry) {
	return func(rec *recorder, r *http.Request, e *accessEntry) {
		s := &sseStream{recorder: rec, calls: h.sseCalls, entry: e}
		defer s.end()
		next.ServeHTTP(s, r)
	}
}

func (h *handler) sseMessageHandler(next http.Handler) func(*recorder, *http.Request, *accessEntry) {
	return func(rec *recorder, r *http.Request, e *accessEntry) {
		session := r.URL.Query().Get("sessionId")
		counted := e.request && h.sseCalls.add(session)
		next.ServeHTTP(rec, r)
		switch {
		case counted && rec.status != http.StatusAccepted:
			h.sseCalls.done(session)
		case counted:
			// The call goes on after the answer, holding its arguments.
			h.sseCalls.hold(session, e.held)
			e.held = nil
		}
	}
}
