package registry

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/cognito-mcp/cognito-mcp/openapi"
)

// TestFollowAppliesChangesMadeElsewhere: two registries on one shared
// store, as two replicas on one database; b follows what a changes.
func TestFollowAppliesChangesMadeElsewhere(t *testing.T) {
	st := newMemState()
	ctx := context.Background()
	a := newTestRegistry(t, "", func(o *Options) { o.Store = st.store() })
	// b's loader refuses the document "broken", as an older version might.
	b := newTestRegistry(t, "", func(o *Options) {
		o.Store = st.store()
		o.Load = func(data []byte, opts openapi.Options) (*openapi.Catalog, error) {
			if strings.Contains(string(data), "broken") {
				return nil, errors.New("unsupported construct")
			}
			return fakeLoad(data, opts)
		}
	})
	seen := make(chan *Snapshot, 16)
	b.Subscribe(func(s *Snapshot) { seen <- s })
	<-seen

	followCtx, stop := context.WithCancel(ctx)
	followed := make(chan error)
	go func() { followed <- b.Follow(followCtx) }()

	if _, err := a.Add(ctx, AddRequest{Namespace: "pets", Spec: petsDoc.text()}); err != nil {
		t.Fatal(err)
	}
	s := <-seen
	if src := s.Source("pets"); src == nil || !slices.Equal(toolNames(src), []string{"pets_getpet", "pets_addpet", "pets_deletepet"}) {
		t.Fatalf("b after a added pets: %v", namespaces(s))
	}

	smaller := petsDoc
	smaller.Ops = []string{"getPet"}
	if _, err := a.Add(ctx, AddRequest{Namespace: "pets", Spec: smaller.text(), Replace: true}); err != nil {
		t.Fatal(err)
	}
	if s = <-seen; !slices.Equal(toolNames(s.Source("pets")), []string{"pets_getpet"}) {
		t.Fatalf("b after a replaced pets: %v", toolNames(s.Source("pets")))
	}

	// b's own change is saved for a as well, and b keeps it.
	if _, err := b.Add(ctx, AddRequest{Namespace: "own", Spec: petsDoc.text()}); err != nil {
		t.Fatal(err)
	}
	if s = <-seen; !slices.Equal(namespaces(s), []string{"cognito", "own", "pets"}) {
		t.Fatalf("b after its own add: %v", namespaces(s))
	}

	broken := petsDoc
	broken.Title = "broken"
	if _, err := a.Add(ctx, AddRequest{Namespace: "bad", Spec: broken.text()}); err != nil {
		t.Fatal(err)
	}
	s = <-seen
	if s.Source("bad") != nil || len(s.Problems) != 1 || s.Problems[0].Namespace != "bad" || !strings.Contains(s.Problems[0].Message, "unsupported construct") {
		t.Fatalf("b after a added a source b cannot load: %v, problems %+v", namespaces(s), s.Problems)
	}
	if s.Source("own") == nil || s.Source("pets") == nil {
		t.Errorf("b lost sources nobody changed: %v", namespaces(s))
	}

	if err := a.Remove(ctx, "pets"); err != nil {
		t.Fatal(err)
	}
	if err := a.Remove(ctx, "bad"); err != nil {
		t.Fatal(err)
	}
	for s = <-seen; s.Source("pets") != nil || len(s.Problems) != 0; s = <-seen {
	}
	if !slices.Equal(namespaces(s), []string{"cognito", "own"}) || s.Source("own") == nil {
		t.Errorf("b after a removed pets and bad: %v", namespaces(s))
	}

	stop()
	if err := <-followed; err != nil {
		t.Errorf("Follow after its context ended: %v", err)
	}
}

// TestReloadKeepsUnchangedSources: a reload that finds nothing new
// publishes nothing, and sources saved the same are not loaded again.
func TestReloadKeepsUnchangedSources(t *testing.T) {
	st := newMemState()
	ctx := context.Background()
	r := newTestRegistry(t, "", func(o *Options) { o.Store = st.store() })
	if _, err := r.Add(ctx, AddRequest{Namespace: "pets", Spec: petsDoc.text()}); err != nil {
		t.Fatal(err)
	}
	before := r.Snapshot()
	if err := r.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	if r.Snapshot() != before {
		t.Error("a reload with nothing new published a snapshot")
	}
	if _, err := st.store().Put(ctx, SavedSource{Namespace: "gone", Document: strings.Repeat("0", 64)}, nil, false); err != nil {
		t.Fatal(err)
	}
	if err := r.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	s := r.Snapshot()
	if s.Source("pets") != before.Source("pets") || len(s.Problems) != 1 || !strings.Contains(s.Problems[0].Message, "saved document missing") {
		t.Errorf("after a reload: %v, problems %+v", namespaces(s), s.Problems)
	}
}
