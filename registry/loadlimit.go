package registry

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cognito-mcp/cognito-mcp/openapi"
)

// loadSlots bounds how many documents are read and loaded at once: a load
// of a large document is CPU-bound and holds its bytes, the decoded
// document and the catalog being built until it ends.
type loadSlots struct {
	once    sync.Once
	slots   chan struct{}
	waiting atomic.Int32 // loads waiting for a turn
}

// ErrBusy is returned (wrapped) when a load waited Options.LoadQueueWait
// for its turn without getting one.
var ErrBusy = errors.New("too many documents are being loaded")

// busyError says how many loads are running and what to do.
type busyError struct{ n int }

func (e *busyError) Error() string {
	return fmt.Sprintf("%d documents are being loaded; try again shortly (--max-concurrent-loads sets how many may load at once)", e.n)
}

func (e *busyError) Unwrap() error { return ErrBusy }

// startLoad waits for a turn to read and load a document, at most
// Options.LoadQueueWait, and returns the function that ends the turn; it
// may be called more than once.
func (r *Registry) startLoad(ctx context.Context) (func(), error) {
	r.loads.once.Do(func() { r.loads.slots = make(chan struct{}, r.opts.MaxConcurrentLoads) })
	select {
	case r.loads.slots <- struct{}{}:
		return sync.OnceFunc(func() { <-r.loads.slots }), nil
	default:
	}
	r.loads.waiting.Add(1)
	defer r.loads.waiting.Add(-1)
	t := time.NewTimer(r.opts.LoadQueueWait)
	defer t.Stop()
	select {
	case r.loads.slots <- struct{}{}:
		return sync.OnceFunc(func() { <-r.loads.slots }), nil
	case <-ctx.Done():
		return nil, context.Cause(ctx)
	case <-t.C:
		return nil, &busyError{n: r.opts.MaxConcurrentLoads}
	}
}

// checkOperations refuses a document with more operations than
// Options.MaxOperations: before loading it when it is JSON (n counted from
// the text), else once loaded.
func (r *Registry) checkOperations(n int) error {
	if n <= r.opts.MaxOperations {
		return nil
	}
	return fmt.Errorf("the document has %d operations, more than the %d a source may have (--max-operations); pass a smaller document, or raise the limit when the server starts", n, r.opts.MaxOperations)
}

// countBeforeLoad counts a JSON document's operations from its text.
func (r *Registry) countBeforeLoad(data []byte) error {
	n, ok := openapi.CountOperations(data)
	if !ok {
		return nil
	}
	return r.checkOperations(n)
}
