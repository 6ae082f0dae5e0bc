package registry

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// TestSubscribersOutsideTheLock: a subscriber may read the registry back
// (Snapshot, Preview, Dir), and sees every change once, in change order,
// before the Add that made it returns.
func TestSubscribersOutsideTheLock(t *testing.T) {
	r := newTestRegistry(t, t.TempDir())
	ctx := context.Background()
	var mu sync.Mutex
	var seen []*Snapshot
	r.Subscribe(func(s *Snapshot) {
		// Before, the subscriber ran under the registry's lock and each of
		// these calls waited for it forever.
		if r.Snapshot() == nil || r.Dir() == "" {
			t.Error("nothing read back")
		}
		if _, err := r.Preview(ctx, PreviewRequest{Spec: petsDoc.text()}); err != nil {
			t.Error(err)
		}
		mu.Lock()
		seen = append(seen, s)
		mu.Unlock()
	})

	names := []string{"a", "b", "c", "d", "e", "f", "g", "h"}
	var wg sync.WaitGroup
	for _, ns := range names {
		wg.Go(func() {
			if _, err := r.Add(ctx, AddRequest{Namespace: ns, Spec: petsDoc.text()}); err != nil {
				t.Error(err)
			}
			mu.Lock()
			defer mu.Unlock()
			if !slices.ContainsFunc(seen, func(s *Snapshot) bool { return s.Source(ns) != nil }) {
				t.Errorf("Add %s returned before its change was told", ns)
			}
		})
	}
	wg.Wait()
	if err := r.Remove(ctx, "c"); err != nil {
		t.Fatal(err)
	}

	// One call at subscription, one per add, one for the remove; each
	// snapshot is the one before plus one source (in change order), the
	// last minus c.
	if len(seen) != len(names)+2 {
		t.Fatalf("subscriber called %d times, want %d", len(seen), len(names)+2)
	}
	for i, s := range seen[:len(names)+1] {
		if len(s.Sources) != i+1 {
			t.Errorf("call %d: %d sources, want %d: out of order", i, len(s.Sources), i+1)
		}
		if i > 0 {
			for _, src := range seen[i-1].Sources {
				if s.Source(src.Namespace) != src {
					t.Errorf("call %d lost %s: out of order", i, src.Namespace)
				}
			}
		}
	}
	last := seen[len(seen)-1]
	if last != r.Snapshot() || last.Source("c") != nil || len(last.Sources) != len(names) {
		t.Errorf("last call: %v", namespaces(last))
	}
}

// TestRemoveHonoursItsContext: a Remove waiting for another change's turn
// ends with its context, and one whose context has ended changes nothing.
func TestRemoveHonoursItsContext(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	gate := &gatedStore{Store: NewFileStore(dir, nil), entered: make(chan struct{}), release: make(chan struct{})}
	r := newTestRegistry(t, dir, func(o *Options) { o.Store = gate })
	if _, err := r.Add(ctx, AddRequest{Namespace: "pets", Spec: petsDoc.text()}); err != nil {
		t.Fatal(err)
	}

	ended, cancel := context.WithCancel(ctx)
	cancel()
	if err := r.Remove(ended, "pets"); !errors.Is(err, context.Canceled) {
		t.Errorf("Remove with an ended context: %v", err)
	}

	gate.hold.Store(true)
	added := make(chan error)
	go func() {
		_, err := r.Add(ctx, AddRequest{Namespace: "slow", Spec: petsDoc.text()})
		added <- err
	}()
	<-gate.entered // the add holds the turn to change the store
	waiting, leave := context.WithCancelCause(ctx)
	removed := make(chan error)
	go func() { removed <- r.Remove(waiting, "pets") }()
	leave(errors.New("client went away"))
	if err := <-removed; err == nil || !strings.Contains(err.Error(), "client went away") || !strings.Contains(err.Error(), "nothing changed") {
		t.Errorf("Remove while another change holds the store: %v", err)
	}
	close(gate.release)
	if err := <-added; err != nil {
		t.Fatal(err)
	}
	if got := namespaces(newTestRegistry(t, dir).Snapshot()); !slices.Equal(got, []string{"cognito", "pets", "slow"}) {
		t.Errorf("saved after the cancelled removes: %v", got)
	}
}

// gatedStore holds Put, when hold is set, until release is closed.
type gatedStore struct {
	Store
	hold     atomic.Bool
	entered  chan struct{}
	release  chan struct{}
	enterOne sync.Once
}

func (g *gatedStore) Put(ctx context.Context, src SavedSource, docs map[string][]byte, replace bool) (bool, error) {
	if g.hold.Load() {
		g.enterOne.Do(func() { close(g.entered) })
		<-g.release
	}
	return g.Store.Put(ctx, src, docs, replace)
}

// TestNoFetchUnderALock: while a document or one of its $ref targets is
// being fetched, other changes and reads of the registry go on.
func TestNoFetchUnderALock(t *testing.T) {
	for _, stall := range []string{"/pets.json", "/schemas/pet.json"} {
		t.Run(stall, func(t *testing.T) {
			withRef := petsDoc
			withRef.Ref = "schemas/pet.json"
			started, release := make(chan struct{}), make(chan struct{})
			upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
				if req.URL.Path == stall {
					close(started)
					<-release
				}
				switch req.URL.Path {
				case "/pets.json":
					fmt.Fprint(w, withRef.text())
				case "/schemas/pet.json":
					fmt.Fprint(w, `{"type": "object"}`)
				}
			}))
			t.Cleanup(upstream.Close)
			ctx := context.Background()
			r := newTestRegistry(t, t.TempDir())
			if _, err := r.Add(ctx, AddRequest{Namespace: "old", Spec: petsDoc.text()}); err != nil {
				t.Fatal(err)
			}
			var seen []string
			r.Subscribe(func(s *Snapshot) { seen = append(seen, strings.Join(namespaces(s), ",")) })

			added := make(chan error)
			go func() {
				_, err := r.Add(ctx, AddRequest{Namespace: "remote", Spec: upstream.URL + "/pets.json"})
				added <- err
			}()
			<-started
			if _, err := r.Add(ctx, AddRequest{Namespace: "local", Spec: petsDoc.text()}); err != nil {
				t.Error(err)
			}
			if err := r.Remove(ctx, "old"); err != nil {
				t.Error(err)
			}
			if _, err := r.Preview(ctx, PreviewRequest{Spec: petsDoc.text()}); err != nil {
				t.Error(err)
			}
			close(release)
			if err := <-added; err != nil {
				t.Fatal(err)
			}
			want := []string{"cognito,old", "cognito,local,old", "cognito,local", "cognito,local,remote"}
			if !slices.Equal(seen, want) {
				t.Errorf("subscriber saw %q, want %q", seen, want)
			}
		})
	}
}

func TestNewHonoursItsContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := New(ctx, Options{Dir: t.TempDir(), Load: fakeLoad, Builtin: fakeBuiltin}); !errors.Is(err, context.Canceled) {
		t.Errorf("New with an ended context: %v", err)
	}
}
