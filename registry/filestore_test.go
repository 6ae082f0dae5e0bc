package registry

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"
)

// TestFileStoreConcurrentWriters: stores over one state directory (each
// with its own lock file descriptor, as separate processes have) change it
// at once; every change acknowledged is kept, and for one namespace exactly
// one add wins.
func TestFileStoreConcurrentWriters(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	stores := []*FileStore{NewFileStore(dir, nil), NewFileStore(dir, nil), NewFileStore(dir, nil)}
	doc := []byte(`{"openapi": "3.0.3"}`)
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := 0
	for i, st := range stores {
		for j := range 10 {
			wg.Go(func() {
				src := SavedSource{Namespace: fmt.Sprintf("s%dn%d", i, j), Origin: OriginInline, Document: digest(doc)}
				if _, err := st.Put(ctx, src, map[string][]byte{src.Document: doc}, false); err != nil {
					t.Errorf("Put %s: %v", src.Namespace, err)
				}
			})
		}
		wg.Go(func() {
			src := SavedSource{Namespace: "same", Origin: OriginInline, Document: digest(doc)}
			_, err := st.Put(ctx, src, map[string][]byte{src.Document: doc}, false)
			mu.Lock()
			defer mu.Unlock()
			if err == nil {
				wins++
			} else if !errors.Is(err, ErrSourceExists) {
				t.Errorf("Put same: %v", err)
			}
		})
	}
	wg.Wait()
	if wins != 1 {
		t.Errorf("%d adds of one namespace succeeded, want 1", wins)
	}
	got, err := stores[0].Load(ctx)
	if err != nil || len(got) != 31 {
		t.Fatalf("Load = %d sources, %v; want 31", len(got), err)
	}
	// Removing them all at once from every store leaves no document.
	for _, src := range got {
		wg.Go(func() {
			if err := stores[len(src.Namespace)%3].Delete(ctx, src.Namespace); err != nil {
				t.Errorf("Delete %s: %v", src.Namespace, err)
			}
		})
	}
	wg.Wait()
	if files := dirFiles(t, dir); !slices.Equal(files, []string{"sources.json", "sources.lock"}) {
		t.Errorf("state dir holds %v", files)
	}
}

// TestFileStoreRemovesKilledWrites: temporary files left by a process
// killed during a change are never read and go at the next change.
func TestFileStoreRemovesKilledWrites(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	st := NewFileStore(dir, nil)
	if err := os.MkdirAll(filepath.Join(dir, documentsDir), 0o700); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{".sources.json.tmp-123", "documents/.0123.tmp-456"} {
		if err := os.WriteFile(filepath.Join(dir, p), []byte(`{"half`), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := st.Load(ctx); err != nil || len(got) != 0 {
		t.Fatalf("Load = %v, %v", got, err)
	}
	doc := []byte(`{"openapi": "3.0.3"}`)
	src := SavedSource{Namespace: "x", Origin: OriginInline, Document: digest(doc)}
	if _, err := st.Put(ctx, src, map[string][]byte{src.Document: doc}, false); err != nil {
		t.Fatal(err)
	}
	want := []string{"documents/" + src.Document, "sources.json", "sources.lock"}
	if files := dirFiles(t, dir); !slices.Equal(files, want) {
		t.Errorf("state dir holds %v, want %v", files, want)
	}
}

// TestFileStoreWatch: a change made through another store is reported.
func TestFileStoreWatch(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	ch, err := NewFileStore(dir, nil).Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	doc := []byte(`{"openapi": "3.0.3"}`)
	src := SavedSource{Namespace: "x", Origin: OriginInline, Document: digest(doc)}
	if _, err := NewFileStore(dir, nil).Put(context.Background(), src, map[string][]byte{src.Document: doc}, false); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ch:
	case <-time.After(10 * time.Second):
		t.Fatal("no change reported")
	}
	cancel()
	for range ch { // closed when ctx ends
	}
}

// TestFollowFileStore: two registries on one state directory see each
// other's adds and removes, and tell their subscribers.
func TestFollowFileStore(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a, b := newTestRegistry(t, dir), newTestRegistry(t, dir)
	seen := make(chan []string, 10)
	b.Subscribe(func(s *Snapshot) { seen <- namespaces(s) })
	<-seen
	go b.Follow(ctx)
	if _, err := a.Add(ctx, AddRequest{Namespace: "x", Spec: petsDoc.text()}); err != nil {
		t.Fatal(err)
	}
	waitNamespaces(t, seen, []string{"cognito", "x"})
	if err := a.Remove(ctx, "x"); err != nil {
		t.Fatal(err)
	}
	waitNamespaces(t, seen, []string{"cognito"})
}

func waitNamespaces(t *testing.T, seen <-chan []string, want []string) {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case got := <-seen:
			if slices.Equal(got, want) {
				return
			}
		case <-timeout:
			t.Fatalf("subscriber never saw %v", want)
		}
	}
}
