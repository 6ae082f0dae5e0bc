package registry

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

// testStoreContract checks what the Registry relies on from any Store.
// open returns a new Store over the same saved state each time it is
// called, as another process or replica would see it.
func testStoreContract(t *testing.T, open func() Store) {
	ctx := context.Background()
	a, b := open(), open()
	if got, err := a.Load(ctx); err != nil || len(got) != 0 {
		t.Fatalf("empty store: Load = %v, %v", got, err)
	}
	docX, docY := []byte(`{"openapi": "3.0.3", "x": 1}`), []byte(`{"openapi": "3.0.3", "y": 1}`)
	ref := []byte(`{"type": "object"}`)
	at := time.Date(2026, 11, 2, 9, 30, 0, 0, time.UTC)
	x := SavedSource{Namespace: "x", Origin: "https://x.example.com/x.json", Location: "https://x.example.com/x.json",
		Document: digest(docX), Refs: map[string]string{"https://x.example.com/pet.json": digest(ref)},
		Config: Config{Auth: map[string]SecretRef{"key": {Env: "X_KEY"}}, Exclude: []string{"deleteX"}}, AddedAt: at}
	y := SavedSource{Namespace: "y", Origin: OriginInline, Document: digest(docY), AddedAt: at}

	if replaced, err := a.Put(ctx, x, map[string][]byte{x.Document: docX, digest(ref): ref}, false); err != nil || replaced {
		t.Fatalf("Put x = %v, %v", replaced, err)
	}
	// A change through b keeps what a saved, though b never loaded it.
	if replaced, err := b.Put(ctx, y, map[string][]byte{y.Document: docY}, false); err != nil || replaced {
		t.Fatalf("Put y = %v, %v", replaced, err)
	}
	got, err := a.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(got, func(p, q SavedSource) int { return strings.Compare(p.Namespace, q.Namespace) })
	if len(got) != 2 || !sameSaved(got[0], x) || !sameSaved(got[1], y) {
		t.Fatalf("Load = %+v, want x and y as saved", got)
	}
	for sum, want := range map[string][]byte{x.Document: docX, digest(ref): ref, y.Document: docY} {
		if data, err := b.Document(ctx, sum); err != nil || string(data) != string(want) {
			t.Errorf("Document(%s) = %q, %v", sum, data, err)
		}
	}

	if _, err := b.Put(ctx, x, map[string][]byte{x.Document: docX}, false); !errors.Is(err, ErrSourceExists) {
		t.Errorf("Put x again without replace: %v, want ErrSourceExists", err)
	}
	x2 := x
	x2.Document, x2.Refs = digest(docY), nil
	if replaced, err := b.Put(ctx, x2, nil, true); err != nil || !replaced {
		t.Errorf("Put x with replace, its document already saved = %v, %v", replaced, err)
	}
	if got, _ := a.Load(ctx); len(got) != 2 || !slices.ContainsFunc(got, func(s SavedSource) bool { return sameSaved(s, x2) }) {
		t.Errorf("after replace: %+v", got)
	}

	if err := a.Delete(ctx, "nosuch"); !errors.Is(err, ErrNoSource) {
		t.Errorf("Delete nosuch: %v, want ErrNoSource", err)
	}
	if err := a.Delete(ctx, "y"); err != nil {
		t.Fatal(err)
	}
	if got, _ := b.Load(ctx); len(got) != 1 || got[0].Namespace != "x" {
		t.Errorf("after delete: %+v", got)
	}
	// x2 still refers to docY, saved under y's document.
	if data, err := b.Document(ctx, x2.Document); err != nil || string(data) != string(docY) {
		t.Errorf("a document still referred to: %q, %v", data, err)
	}

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := a.Put(cancelled, y, map[string][]byte{y.Document: docY}, true); err == nil {
		t.Error("Put with an ended context: no error")
	}
	if err := a.Delete(cancelled, "x"); err == nil {
		t.Error("Delete with an ended context: no error")
	}
	if got, _ := b.Load(ctx); len(got) != 1 || !sameSaved(got[0], x2) {
		t.Errorf("after changes with an ended context: %+v", got)
	}
}

func TestFileStoreContract(t *testing.T) {
	dir := t.TempDir()
	testStoreContract(t, func() Store { return NewFileStore(dir, nil) })
	// Only sources.json, its lock file and the documents x refers to remain.
	if files := dirFiles(t, dir); len(files) != 3 || files[1] != "sources.json" || files[2] != "sources.lock" {
		t.Errorf("state dir holds %v", files)
	}
}

func TestMemStoreContract(t *testing.T) {
	st := newMemState()
	testStoreContract(t, func() Store { return st.store() })
}

// TestTwoRegistriesOnOneStateDir: each change reads the saved state again,
// so two servers on one state directory no longer drop each other's
// sources when they change their own.
func TestTwoRegistriesOnOneStateDir(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	a, b := newTestRegistry(t, dir), newTestRegistry(t, dir)
	if _, err := a.Add(ctx, AddRequest{Namespace: "x", Spec: petsDoc.text()}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Add(ctx, AddRequest{Namespace: "y", Spec: petsDoc.text()}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Add(ctx, AddRequest{Namespace: "x", Spec: petsDoc.text()}); err == nil {
		t.Error("b added x over a's: no error")
	}
	if got := namespaces(newTestRegistry(t, dir).Snapshot()); !slices.Equal(got, []string{"cognito", "x", "y"}) {
		t.Errorf("after restart: %v", got)
	}
	// a removes y, which it never loaded; b removing it then only drops
	// it from b.
	if err := a.Remove(ctx, "y"); err != nil {
		t.Fatal(err)
	}
	if err := b.Remove(ctx, "y"); err != nil {
		t.Errorf("b removes y, already removed by a: %v", err)
	}
	if got := namespaces(b.Snapshot()); !slices.Equal(got, []string{"cognito"}) {
		t.Errorf("b after removing y: %v", got)
	}
	if err := b.Remove(ctx, "y"); err == nil || !strings.Contains(err.Error(), "no source") {
		t.Errorf("b removes y again: %v", err)
	}
	if got := namespaces(newTestRegistry(t, dir).Snapshot()); !slices.Equal(got, []string{"cognito", "x"}) {
		t.Errorf("after restart: %v", got)
	}
}
