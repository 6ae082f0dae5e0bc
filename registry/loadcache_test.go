package registry

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/cognito-mcp/cognito-mcp/openapi"
)

// TestPreviewThenAddLoadsOnce: the usual agent flow parses a document once;
// anything that shapes the catalog differently loads again.
func TestPreviewThenAddLoadsOnce(t *testing.T) {
	var loads atomic.Int32
	r := newTestRegistry(t, t.TempDir(), func(o *Options) {
		o.Load = func(data []byte, opts openapi.Options) (*openapi.Catalog, error) {
			loads.Add(1)
			return fakeLoad(data, opts)
		}
	})
	ctx := context.Background()
	if _, err := r.Preview(ctx, PreviewRequest{Spec: petsDoc.text(), Namespace: "pets"}); err != nil {
		t.Fatal(err)
	}
	res, err := r.Add(ctx, AddRequest{Spec: petsDoc.text(), Namespace: "pets"})
	if err != nil {
		t.Fatal(err)
	}
	if n := loads.Load(); n != 1 || res.ToolCount != 3 {
		t.Fatalf("preview then add: %d loads, %d tools; want 1 load, 3 tools", n, res.ToolCount)
	}
	// Another namespace or filter is another catalog.
	if _, err := r.Preview(ctx, PreviewRequest{Spec: petsDoc.text(), Namespace: "other"}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Preview(ctx, PreviewRequest{Spec: petsDoc.text(), Namespace: "other", Exclude: []string{"addPet"}}); err != nil {
		t.Fatal(err)
	}
	if n := loads.Load(); n != 3 {
		t.Fatalf("%d loads, want 3: options must be part of the cache key", n)
	}
}
