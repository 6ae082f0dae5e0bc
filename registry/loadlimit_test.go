package registry

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cognito-mcp/cognito-mcp/openapi"
)

// hugeDocument is a JSON OpenAPI document of n operations, each on its own
// path: with 320,000 it is about 30 MB, like the one that once took two
// minutes and 1.5 GB to load.
func hugeDocument(n int) string {
	var b strings.Builder
	b.WriteString(`{"openapi":"3.0.3","info":{"title":"Huge","version":"1"},"servers":[{"url":"https://huge.example"}],"paths":{`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"/things/t%d":{"get":{"operationId":"getThing%d","responses":{"200":{"description":"ok"}}}}`, i, i)
	}
	b.WriteString(`}}`)
	return b.String()
}

// TestTooManyOperationsRefusedBeforeLoad: a 30 MB document of 320,000
// operations is refused, by preview and add, with an error that names the
// limit and its flag, and the loader never runs.
func TestTooManyOperationsRefusedBeforeLoad(t *testing.T) {
	doc := hugeDocument(320_000)
	if len(doc) < 29<<20 {
		t.Fatalf("the document is %d bytes; want about 30 MB", len(doc))
	}
	var loads atomic.Int32
	r := newRealRegistry(t, t.TempDir(), func(o *Options) {
		o.Load = func(data []byte, opts openapi.Options) (*openapi.Catalog, error) {
			loads.Add(1)
			return openapi.Load(data, opts)
		}
	})
	ctx := context.Background()
	_, perr := r.Preview(ctx, PreviewRequest{Spec: doc})
	_, aerr := r.Add(ctx, AddRequest{Namespace: "huge", Spec: doc})
	for _, err := range []error{perr, aerr} {
		if err == nil || !strings.Contains(err.Error(), "320000 operations") || !strings.Contains(err.Error(), "--max-operations") || !strings.Contains(err.Error(), "20000") {
			t.Errorf("got %v; want a refusal naming 320000 operations, the limit 20000 and --max-operations", err)
		}
	}
	if n := loads.Load(); n != 0 {
		t.Errorf("the loader ran %d times; the document must be refused before", n)
	}
}

// TestMaxOperationsAfterLoad: a YAML document, which cannot be counted
// before loading, is refused once loaded; a lower limit applies to JSON.
func TestMaxOperationsAfterLoad(t *testing.T) {
	r := newRealRegistry(t, t.TempDir(), func(o *Options) { o.MaxOperations = 2 })
	ctx := context.Background()
	for _, file := range []string{"petstore.openapi.yaml", "petstore.swagger2.json"} {
		_, err := r.Preview(ctx, PreviewRequest{Spec: readPetstore(t, file), Namespace: "pets"})
		if err == nil || !strings.Contains(err.Error(), "more than the 2 a source may have (--max-operations)") {
			t.Errorf("%s: got %v; want the operation limit", file, err)
		}
	}
	if _, err := r.Preview(ctx, PreviewRequest{Spec: hugeDocument(2), Namespace: "huge"}); err != nil {
		t.Errorf("a document at the limit: %v", err)
	}
}

// blockingLoads is a loader that holds every load until released, and
// records how many run at once.
type blockingLoads struct {
	release chan struct{}
	entered chan struct{}
	running atomic.Int32
	mu      sync.Mutex
	most    int32
}

func newBlockingLoads() *blockingLoads {
	return &blockingLoads{release: make(chan struct{}), entered: make(chan struct{}, 10)}
}

func (b *blockingLoads) load(data []byte, opts openapi.Options) (*openapi.Catalog, error) {
	n := b.running.Add(1)
	defer b.running.Add(-1)
	b.mu.Lock()
	b.most = max(b.most, n)
	b.mu.Unlock()
	b.entered <- struct{}{}
	<-b.release
	return fakeLoad(data, opts)
}

// waitFor polls cond for at most ten seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for range 1000 {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("timed out waiting until %s", what)
}

// TestConcurrentLoadsQueued: with two loads at once, a third preview waits
// for a turn and then succeeds; the loader never runs three at once.
func TestConcurrentLoadsQueued(t *testing.T) {
	bl := newBlockingLoads()
	r := newTestRegistry(t, t.TempDir(), func(o *Options) {
		o.Load = bl.load
		o.MaxConcurrentLoads = 2
		o.LoadQueueWait = time.Minute
	})
	ctx := context.Background()
	errs := make(chan error, 3)
	for i := range 3 {
		go func() {
			d := petsDoc
			d.Title = fmt.Sprintf("Pets %d", i) // distinct documents: no cache
			_, err := r.Preview(ctx, PreviewRequest{Spec: d.text(), Namespace: fmt.Sprintf("pets%d", i)})
			errs <- err
		}()
	}
	<-bl.entered
	<-bl.entered
	waitFor(t, "the third preview is queued", func() bool { return r.loads.waiting.Load() == 1 })
	if n := bl.running.Load(); n != 2 {
		t.Fatalf("%d loads running; want 2", n)
	}
	close(bl.release)
	for range 3 {
		if err := <-errs; err != nil {
			t.Errorf("preview: %v", err)
		}
	}
	if bl.most != 2 {
		t.Errorf("at most %d loads ran at once; want 2", bl.most)
	}
}

// TestConcurrentLoadsRefused: a load that waits longer than LoadQueueWait
// is refused with a clear error, and nothing is added.
func TestConcurrentLoadsRefused(t *testing.T) {
	bl := newBlockingLoads()
	r := newTestRegistry(t, t.TempDir(), func(o *Options) {
		o.Load = bl.load
		o.MaxConcurrentLoads = 2
		o.LoadQueueWait = 20 * time.Millisecond
	})
	ctx := context.Background()
	var wg sync.WaitGroup
	for i := range 2 {
		wg.Go(func() {
			d := petsDoc
			d.Title = fmt.Sprintf("Pets %d", i)
			if _, err := r.Preview(ctx, PreviewRequest{Spec: d.text(), Namespace: fmt.Sprintf("pets%d", i)}); err != nil {
				t.Errorf("preview %d: %v", i, err)
			}
		})
	}
	<-bl.entered
	<-bl.entered
	_, perr := r.Preview(ctx, PreviewRequest{Spec: petsDoc.text()})
	_, aerr := r.Add(ctx, AddRequest{Namespace: "pets", Spec: petsDoc.text()})
	close(bl.release)
	wg.Wait()
	for _, err := range []error{perr, aerr} {
		if !errors.Is(err, ErrBusy) || !strings.Contains(err.Error(), "2 documents are being loaded") || !strings.Contains(err.Error(), "try again shortly") || !strings.Contains(err.Error(), "--max-concurrent-loads") {
			t.Errorf("got %v; want ErrBusy saying 2 documents are being loaded", err)
		}
	}
	if r.Snapshot().Source("pets") != nil {
		t.Error("a refused add was added")
	}
}

// TestPreviewPages: a preview lists a page of tools and says where the
// next one starts.
func TestPreviewPages(t *testing.T) {
	r := newRealRegistry(t, t.TempDir())
	ctx := context.Background()
	doc := hugeDocument(250)
	var paths []string
	offset := 0
	for range 10 {
		res, err := r.Preview(ctx, PreviewRequest{Spec: doc, Namespace: "huge", Offset: offset})
		if err != nil {
			t.Fatal(err)
		}
		if res.ToolCount != 250 || len(res.Tools) > DefaultPreviewLimit || res.Offset != offset {
			t.Fatalf("offset %d: %d tools of %d listed from %d", offset, len(res.Tools), res.ToolCount, res.Offset)
		}
		for _, tool := range res.Tools {
			paths = append(paths, string(tool.Path))
		}
		if res.NextOffset == 0 {
			break
		}
		offset = res.NextOffset
	}
	if len(paths) != 250 {
		t.Errorf("paging listed %d tools; want 250", len(paths))
	}
	res, err := r.Preview(ctx, PreviewRequest{Spec: doc, Namespace: "huge", Offset: 240, Limit: 5})
	if err != nil || len(res.Tools) != 5 || res.NextOffset != 245 {
		t.Errorf("offset 240 limit 5: %v, %+v", err, res)
	}
	for _, bad := range []PreviewRequest{{Offset: 250}, {Offset: -1}, {Limit: MaxPreviewLimit + 1}} {
		bad.Spec, bad.Namespace = doc, "huge"
		if _, err := r.Preview(ctx, bad); err == nil {
			t.Errorf("offset %d limit %d: no error", bad.Offset, bad.Limit)
		}
	}
}
