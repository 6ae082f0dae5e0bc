package httpserver

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// post is a POST whose body says it has n bytes; -1 for chunked.
func post(n int64) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/mcp", strings.NewReader(""))
	r.ContentLength = n
	return r
}

// TestBodyBudget: bodies take room as their Content-Length says, or the
// body limit when it says nothing until the body is read; a body that finds
// no room in time is answered 503 with Retry-After and a JSON error naming
// the flag; room given back is taken again.
func TestBodyBudget(t *testing.T) {
	b := newBodyBudget(1000)
	b.wait = 20 * time.Millisecond
	first, ok := b.take(httptest.NewRecorder(), post(800), 1000)
	if !ok {
		t.Fatal("the first body found no room")
	}
	w := httptest.NewRecorder()
	if _, ok := b.take(w, post(300), 1000); ok {
		t.Fatal("a body took room that was taken")
	}
	var e struct{ Error, Message string }
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") != "1" ||
		json.Unmarshal(w.Body.Bytes(), &e) != nil || e.Error != "busy" || !strings.Contains(e.Message, "--max-inflight-body-bytes") {
		t.Errorf("refused with %d %v %s", w.Code, w.Header(), w.Body)
	}
	if second, ok := b.take(httptest.NewRecorder(), post(200), 1000); !ok {
		t.Error("a body that fits found no room")
	} else {
		second.release()
	}
	first.release()
	first.release() // twice is once

	chunked, ok := b.take(httptest.NewRecorder(), post(-1), 1000)
	if !ok {
		t.Fatal("a chunked body found no room in an empty budget")
	}
	if _, ok := b.take(httptest.NewRecorder(), post(1), 1000); ok {
		t.Error("a chunked body did not hold the body limit until read")
	}
	chunked.fit(100)
	rest, ok := b.take(httptest.NewRecorder(), post(900), 1000)
	if !ok {
		t.Error("a read chunked body kept room it did not use")
	} else {
		rest.release()
	}
	chunked.release()

	if empty, ok := b.take(httptest.NewRecorder(), post(0), 1000); !ok {
		t.Error("an empty body found no room")
	} else {
		empty.release()
	}
	var none *heldBody
	none.release()
}

// TestSSECallsHoldBodies: the room of an SSE call's body is held until a
// result of its session is sent, and all of it when the session ends.
func TestSSECallsHoldBodies(t *testing.T) {
	b := newBodyBudget(100)
	b.wait = 10 * time.Millisecond
	take := func(n int64) *heldBody {
		t.Helper()
		h, ok := b.take(httptest.NewRecorder(), post(n), 100)
		if !ok {
			t.Fatalf("no room for %d bytes", n)
		}
		return h
	}
	fits := func(n int64) bool {
		h, ok := b.take(httptest.NewRecorder(), post(n), 100)
		h.release()
		return ok
	}
	c := newSSECalls()
	c.open("s")
	for range 2 {
		if !c.add("s") {
			t.Fatal("call not counted")
		}
		c.hold("s", take(40))
	}
	if fits(30) {
		t.Error("held bodies gave their room back early")
	}
	c.answered("s")
	if !fits(60) || fits(61) {
		t.Error("a result gave back other than one body's room")
	}
	c.close("s")
	if !fits(100) {
		t.Error("the session's end kept room")
	}
	c.hold("gone", take(50)) // a session already ended keeps nothing
	if !fits(100) {
		t.Error("a body held for an ended session kept its room")
	}
}
