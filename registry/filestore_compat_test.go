package registry

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// testdata/state-v1 was written by the registry before sources were saved
// through a Store: a source fetched from a URL with an external $ref, auth
// references and headers, and an inline one with a baseUrl and a filter.
// State directories written then must keep working, with no network.

// copyDir copies the regular files under src into a new temporary directory.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Join(dst, filepath.Dir(rel)), 0o700); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func TestStateWrittenBeforeStoreLoads(t *testing.T) {
	dir := copyDir(t, filepath.Join("testdata", "state-v1"))
	r := newRealRegistry(t, dir)
	snap := r.Snapshot()
	if len(snap.Problems) != 0 || !slices.Equal(namespaces(snap), []string{"cognito", "notes", "refs"}) {
		t.Fatalf("sources %v, problems %+v", namespaces(snap), snap.Problems)
	}
	refs := snap.Source("refs")
	if got := toolNames(refs); !slices.Equal(got, []string{"refs_get_pet"}) {
		t.Errorf("refs tools %v", got)
	}
	if refs.Origin != "http://127.0.0.1:42657/specs/main.yaml" || refs.BaseURL != "http://127.0.0.1:42657/api" ||
		refs.Config.Auth["key"].Env != "REFS_KEY" || refs.Config.Headers["X-Tenant"] != "blue" ||
		!refs.AddedAt.Equal(time.Date(2026, 11, 2, 9, 30, 0, 0, time.UTC)) {
		t.Errorf("refs source %+v", refs)
	}
	notes := snap.Source("notes")
	if got := toolNames(notes); !slices.Equal(got, []string{"notes_list_notes"}) {
		t.Errorf("notes tools %v", got)
	}
	if notes.Origin != OriginInline || notes.BaseURL != "https://notes.example.com/v2" || !slices.Equal(notes.Config.Exclude, []string{"deleteNote"}) {
		t.Errorf("notes source %+v", notes)
	}

	// Removing one source keeps the format: the other's entry and only the
	// documents it refers to remain.
	if err := r.Remove(context.Background(), "refs"); err != nil {
		t.Fatal(err)
	}
	want := []string{"documents/6ac50d36c30041781845bdd265931c49050dd5aa946035f7a35ba7756bdb7ba7", "sources.json", "sources.lock"}
	if files := dirFiles(t, dir); !slices.Equal(files, want) {
		t.Errorf("state dir holds %v, want %v", files, want)
	}
	gotState, _ := os.ReadFile(filepath.Join(dir, "sources.json"))
	wantState, err := os.ReadFile(filepath.Join("testdata", "state-v1-refs-removed.json"))
	if err != nil {
		t.Fatal(err)
	}
	if string(gotState) != string(wantState) {
		t.Errorf("sources.json after remove:\n%s\nwant (as written before the Store):\n%s", gotState, wantState)
	}
	if got := namespaces(newRealRegistry(t, dir).Snapshot()); !slices.Equal(got, []string{"cognito", "notes"}) {
		t.Errorf("after remove and restart: %v", got)
	}
}
