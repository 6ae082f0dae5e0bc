package httpserver

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// recorder is the ResponseWriter every handler writes through. It keeps the
// status and size for the access log, owns the CORS origin header, and
// pushes the write deadline forward before each write, so WriteTimeout
// bounds one stalled write without ending a long event stream.
type recorder struct {
	w            http.ResponseWriter
	rc           *http.ResponseController
	writeTimeout time.Duration
	extendedAt   time.Time
	allowOrigin  string // the validated Origin, or "" to send no CORS origin
	status       int
	bytes        int64
}

func newRecorder(w http.ResponseWriter, writeTimeout time.Duration) *recorder {
	rec := &recorder{w: w, rc: http.NewResponseController(w), writeTimeout: writeTimeout}
	rec.extend(true) // a kept-alive connection may carry a stale deadline
	return rec
}

func (r *recorder) extend(force bool) {
	if r.writeTimeout <= 0 {
		if force {
			_ = r.rc.SetWriteDeadline(time.Time{})
		}
		return
	}
	now := time.Now()
	if !force && now.Sub(r.extendedAt) < r.writeTimeout/4 {
		return
	}
	r.extendedAt = now
	_ = r.rc.SetWriteDeadline(now.Add(r.writeTimeout))
}

func (r *recorder) Header() http.Header { return r.w.Header() }

func (r *recorder) WriteHeader(status int) {
	if r.status != 0 {
		return
	}
	if status < http.StatusOK { // informational; the final status follows
		r.w.WriteHeader(status)
		return
	}
	r.status = status
	// The SSE transport allows any origin ("*") unless told otherwise; the
	// guard has already decided, so its answer replaces whatever was set.
	if h := r.w.Header(); r.allowOrigin == "" {
		h.Del("Access-Control-Allow-Origin")
	} else {
		h.Set("Access-Control-Allow-Origin", r.allowOrigin)
	}
	r.extend(false)
	r.w.WriteHeader(status)
}

func (r *recorder) Write(p []byte) (int, error) {
	if r.status == 0 {
		r.WriteHeader(http.StatusOK)
	}
	r.extend(false)
	n, err := r.w.Write(p)
	r.bytes += int64(n)
	return n, err
}

func (r *recorder) Flush() {
	r.extend(false)
	_ = r.rc.Flush()
}

// Unwrap lets http.ResponseController reach the connection.
func (r *recorder) Unwrap() http.ResponseWriter { return r.w }

// rpcPeek is the little the access log wants from a JSON-RPC message. The
// arguments of a tool call are skipped, never kept.
type rpcPeek struct {
	ID     json.RawMessage `json:"id"`
	Method string          `json:"method"`
	Params struct {
		Name string `json:"name"`
	} `json:"params"`
}

// accessEntry is one line of the access log, filled in as the request goes
// through the layers.
type accessEntry struct {
	rpc, tool, session string
	id                 json.RawMessage // the JSON-RPC id, for errors answered here
	request            bool            // a JSON-RPC request, which gets a response
	held               *heldBody       // the body's room in the budget, given back when the request ends
}

func (e *accessEntry) peek(body []byte) {
	body = bytes.TrimSpace(body)
	if len(body) > 0 && body[0] == '[' {
		e.rpc = "batch"
		return
	}
	var p rpcPeek
	if json.Unmarshal(body, &p) != nil {
		return
	}
	e.rpc = clip(p.Method, 64)
	if len(p.ID) <= 256 {
		e.id = p.ID
	}
	e.request = p.Method != "" && len(p.ID) > 0 && string(p.ID) != "null"
	if p.Method == "tools/call" {
		e.tool = clip(p.Params.Name, 128)
	}
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// sessionPrefix shortens a session id for the log: enough to follow one
// client, not enough to act as it.
func sessionPrefix(id string) string {
	return clip(strings.TrimPrefix(id, "mcp-session-"), 8)
}

// readBody reads a request body of at most limit bytes, within the read
// timeout, and puts it back for the transport to read again. It answers
// 413 or 400 itself and returns false when the body can't be had.
func readBody(w http.ResponseWriter, r *http.Request, limit int, timeout time.Duration) ([]byte, bool) {
	if r.ContentLength > int64(limit) {
		refuseSize(w, limit)
		return nil, false
	}
	rc := http.NewResponseController(w)
	if timeout > 0 {
		_ = rc.SetReadDeadline(time.Now().Add(timeout))
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, int64(limit)))
	// From here the connection is only read to notice the client leaving,
	// which must not time out while a long call runs.
	_ = rc.SetReadDeadline(time.Time{})
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			refuseSize(w, limit)
		} else {
			refuse(w, http.StatusBadRequest, "bad_body", "could not read the request body before --read-timeout")
		}
		return nil, false
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	return body, true
}

func refuseSize(w http.ResponseWriter, limit int) {
	refuse(w, http.StatusRequestEntityTooLarge, "body_too_large", fmt.Sprintf(
		"the request body is larger than %d bytes; send less, or start the server with a larger --max-body-bytes", limit))
}

func (h *handler) logAccess(r *http.Request, rec *recorder, e *accessEntry, start time.Time) {
	status := rec.status
	if status == 0 {
		status = http.StatusOK
	}
	if e.session == "" {
		e.session = r.Header.Get("Mcp-Session-Id")
		if e.session == "" {
			e.session = rec.Header().Get("Mcp-Session-Id")
		}
		if e.session == "" {
			e.session = r.URL.Query().Get("sessionId")
		}
	}
	attrs := []slog.Attr{
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.Int("status", status),
		slog.Float64("ms", float64(time.Since(start).Microseconds())/1000),
		slog.Int64("bytes", rec.bytes),
		slog.String("remote", r.RemoteAddr),
	}
	if e.rpc != "" {
		attrs = append(attrs, slog.String("rpc", e.rpc))
	}
	if e.tool != "" {
		attrs = append(attrs, slog.String("tool", e.tool))
	}
	if e.session != "" {
		attrs = append(attrs, slog.String("session", sessionPrefix(e.session)))
	}
	h.log.LogAttrs(context.Background(), slog.LevelInfo, "http", attrs...)
}

// floorLevel passes on only records at or above min: mcp-go logs session
// ids in full at Info, which the access log shortens.
type floorLevel struct {
	slog.Handler
	min slog.Level
}

func (f floorLevel) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= f.min && f.Handler.Enabled(ctx, l)
}

func (f floorLevel) WithAttrs(as []slog.Attr) slog.Handler {
	return floorLevel{f.Handler.WithAttrs(as), f.min}
}

func (f floorLevel) WithGroup(name string) slog.Handler {
	return floorLevel{f.Handler.WithGroup(name), f.min}
}
