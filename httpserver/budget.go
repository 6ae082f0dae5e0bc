package httpserver

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"golang.org/x/sync/semaphore"
)

// bodyWait is how long a request waits for room in the body budget
// before it is told to come back (503, Retry-After).
const bodyWait = 5 * time.Second

// retryAfter is the Retry-After, in seconds, of a request the body budget
// had no room for.
const retryAfter = 1

// bodyBudget bounds the bytes of request bodies the server holds at once
// (Config.MaxInflightBodyBytes). A body is held from before it is read
// until its request is answered: the transport reads it again, decodes it
// and hands its arguments to the call, so a body costs several times its
// size in memory while its call runs. Without a bound, 100 requests of
// 4 MB at once took over 2 GB.
type bodyBudget struct {
	sem   *semaphore.Weighted
	total int64
	wait  time.Duration // bodyWait; shorter in tests
}

func newBodyBudget(total int64) *bodyBudget {
	return &bodyBudget{sem: semaphore.NewWeighted(total), total: total, wait: bodyWait}
}

// take reserves room for the body of r, whose size is at most limit
// (--max-body-bytes), waiting at most bodyWait. An unknown size reserves
// limit; fit gives back what the body read did not need. When no room
// comes in time, or the client leaves, take answers 503 itself and
// returns false.
func (b *bodyBudget) take(w http.ResponseWriter, r *http.Request, limit int) (held *heldBody, ok bool) {
	n := int64(limit)
	if r.ContentLength >= 0 && r.ContentLength < n {
		n = r.ContentLength
	}
	if n == 0 {
		return &heldBody{}, true
	}
	ctx, cancel := context.WithTimeout(r.Context(), b.wait)
	defer cancel()
	if err := b.sem.Acquire(ctx, n); err != nil {
		w.Header().Set("Retry-After", strconv.Itoa(retryAfter))
		refuse(w, http.StatusServiceUnavailable, "busy", fmt.Sprintf(
			"the server is holding %d bytes of request bodies, its limit; retry in a moment, or start it with a larger --max-inflight-body-bytes", b.total))
		return nil, false
	}
	return &heldBody{sem: b.sem, n: n}, true
}

// heldBody is room taken in the body budget.
type heldBody struct {
	sem *semaphore.Weighted
	n   int64
}

// fit gives back the room a body of size bytes did not use.
func (h *heldBody) fit(size int) {
	if h.sem != nil && int64(size) < h.n {
		h.sem.Release(h.n - int64(size))
		h.n = int64(size)
	}
}

// release gives the room back; on nil it does nothing.
func (h *heldBody) release() {
	if h != nil && h.sem != nil && h.n > 0 {
		h.sem.Release(h.n)
		h.n = 0
	}
}
