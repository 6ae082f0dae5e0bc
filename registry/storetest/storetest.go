// Package storetest checks a registry.Store against what the Registry
// relies on; every Store implementation runs it in its tests. It never
// opens a store itself: the caller says how.
package storetest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cognito-mcp/cognito-mcp/registry"
)

// Run checks what the Registry relies on from any Store.
// open returns a new Store over the same saved state each time it is
// called, as another process or replica would see it.
func Run(t *testing.T, open func() registry.Store) {
	ctx := context.Background()
	a, b := open(), open()
	if got, err := a.Load(ctx); err != nil || len(got) != 0 {
		t.Fatalf("empty store: Load = %v, %v", got, err)
	}
	docX, docY := []byte(`{"openapi": "3.0.3", "x": 1}`), []byte(`{"openapi": "3.0.3", "y": 1}`)
	ref := []byte(`{"type": "object"}`)
	at := time.Date(2026, 11, 2, 9, 30, 0, 0, time.UTC)
	x := registry.SavedSource{Namespace: "x", Origin: "https://x.example.com/x.json", Location: "https://x.example.com/x.json",
		Document: digest(docX), Refs: map[string]string{"https://x.example.com/pet.json": digest(ref)},
		Config: registry.Config{Auth: map[string]registry.SecretRef{"key": {Env: "X_KEY"}}, Exclude: []string{"deleteX"}}, AddedAt: at}
	y := registry.SavedSource{Namespace: "y", Origin: registry.OriginInline, Document: digest(docY), AddedAt: at}

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
	slices.SortFunc(got, func(p, q registry.SavedSource) int { return strings.Compare(p.Namespace, q.Namespace) })
	if len(got) != 2 || !sameSaved(got[0], x) || !sameSaved(got[1], y) {
		t.Fatalf("Load = %+v, want x and y as saved", got)
	}
	for sum, want := range map[string][]byte{x.Document: docX, digest(ref): ref, y.Document: docY} {
		if data, err := b.Document(ctx, sum); err != nil || string(data) != string(want) {
			t.Errorf("Document(%s) = %q, %v", sum, data, err)
		}
	}

	if _, err := b.Put(ctx, x, map[string][]byte{x.Document: docX}, false); !errors.Is(err, registry.ErrSourceExists) {
		t.Errorf("Put x again without replace: %v, want registry.ErrSourceExists", err)
	}
	x2 := x
	x2.Document, x2.Refs = digest(docY), nil
	if replaced, err := b.Put(ctx, x2, nil, true); err != nil || !replaced {
		t.Errorf("Put x with replace, its document already saved = %v, %v", replaced, err)
	}
	if got, _ := a.Load(ctx); len(got) != 2 || !slices.ContainsFunc(got, func(s registry.SavedSource) bool { return sameSaved(s, x2) }) {
		t.Errorf("after replace: %+v", got)
	}

	if err := a.Delete(ctx, "nosuch"); !errors.Is(err, registry.ErrNoSource) {
		t.Errorf("Delete nosuch: %v, want registry.ErrNoSource", err)
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

// digest is the hex SHA-256 of b, the name a Store keeps b under.
func digest(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// sameSaved reports whether a and b describe the same saved source.
func sameSaved(a, b registry.SavedSource) bool {
	ja, erra := json.Marshal(a)
	jb, errb := json.Marshal(b)
	return errors.Join(erra, errb) == nil && bytes.Equal(ja, jb)
}
