package registry

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/cognito-mcp/cognito-mcp/openapi"
)

func TestRestartRestoresWithoutNetwork(t *testing.T) {
	dir := t.TempDir()
	withRef := petsDoc
	withRef.Ref = "schemas/pet.json"
	upstream := serve(t, map[string]string{
		"/pets.json":        withRef.text(),
		"/schemas/pet.json": `{"type": "object"}`,
		"/other.json":       petsDoc.text(),
	})
	ctx := context.Background()
	r := newTestRegistry(t, dir)
	if _, err := r.Add(ctx, AddRequest{
		Namespace: "pets",
		Spec:      upstream.URL + "/pets.json",
		Auth:      map[string]SecretRef{"api_key": {Env: "PETS_KEY"}},
		Headers:   map[string]string{"X-Tenant": "blue"},
		Exclude:   []string{"deletePet"},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Add(ctx, AddRequest{Namespace: "other", Spec: upstream.URL + "/other.json"}); err != nil {
		t.Fatal(err)
	}
	want := r.Snapshot().Source("pets")
	upstream.Close() // a restart must not need the network

	r2 := newTestRegistry(t, dir)
	got := r2.Snapshot().Source("pets")
	if got == nil {
		t.Fatalf("after restart: sources %v, problems %v", namespaces(r2.Snapshot()), r2.Snapshot().Problems)
	}
	if !slices.Equal(toolNames(got), toolNames(want)) || got.Origin != want.Origin || got.BaseURL != want.BaseURL ||
		got.Config.Auth["api_key"].Env != "PETS_KEY" || got.Config.Headers["X-Tenant"] != "blue" || !got.AddedAt.Equal(want.AddedAt) {
		t.Errorf("restored %+v, want %+v", got, want)
	}
	if !slices.Equal(namespaces(r2.Snapshot()), []string{"cognito", "other", "pets"}) {
		t.Errorf("namespaces %v", namespaces(r2.Snapshot()))
	}

	if err := r2.Remove(ctx, "pets"); err != nil {
		t.Fatal(err)
	}
	r3 := newTestRegistry(t, dir)
	if !slices.Equal(namespaces(r3.Snapshot()), []string{"cognito", "other"}) {
		t.Errorf("after remove and restart: %v", namespaces(r3.Snapshot()))
	}
	// Only the state file, its lock file and the documents still referred
	// to remain, and no temporary file is left behind.
	files := dirFiles(t, dir)
	hex := regexp.MustCompile(`^documents/[0-9a-f]{64}$`)
	if len(files) != 3 || files[1] != "sources.json" || files[2] != "sources.lock" || !hex.MatchString(files[0]) {
		t.Errorf("state dir holds %v, want one document and sources.json", files)
	}
}

func TestStateFileHoldsNoSecret(t *testing.T) {
	dir := t.TempDir()
	r := newTestRegistry(t, dir)
	t.Setenv("PETS_KEY", "k-8f2e1c-very-secret")
	if _, err := r.Add(context.Background(), AddRequest{Namespace: "pets", Spec: petsDoc.text(), Auth: map[string]SecretRef{"api_key": {Env: "PETS_KEY"}}}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "sources.json"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte("k-8f2e1c-very-secret")) || !bytes.Contains(data, []byte(`"env": "PETS_KEY"`)) {
		t.Errorf("state file:\n%s", data)
	}
	if fi, _ := os.Stat(filepath.Join(dir, "sources.json")); fi.Mode().Perm() != 0o600 {
		t.Errorf("state file mode %v, want 0600", fi.Mode().Perm())
	}
}

func TestCorruptStateFileIsLeftAlone(t *testing.T) {
	for _, corrupt := range []string{"{not json", `{"version": 99, "sources": []}`} {
		dir := t.TempDir()
		path := filepath.Join(dir, "sources.json")
		os.WriteFile(path, []byte(corrupt), 0o600)
		r := newTestRegistry(t, dir)
		snap := r.Snapshot()
		if len(snap.Problems) != 1 || !strings.Contains(snap.Problems[0].Message, "fix or move it") {
			t.Errorf("%s: problems %+v", corrupt, snap.Problems)
		}
		if !slices.Equal(namespaces(snap), []string{"cognito"}) {
			t.Errorf("%s: sources %v", corrupt, namespaces(snap))
		}
		_, err := r.Add(context.Background(), AddRequest{Namespace: "pets", Spec: petsDoc.text()})
		if err == nil || !strings.Contains(err.Error(), "state file") || !strings.Contains(err.Error(), "fix or move it") {
			t.Errorf("%s: add: %v", corrupt, err)
		}
		if err := r.Remove(context.Background(), "pets"); err == nil || !strings.Contains(err.Error(), "state file") {
			t.Errorf("%s: remove: %v", corrupt, err)
		}
		if data, _ := os.ReadFile(path); string(data) != corrupt {
			t.Errorf("%s: state file rewritten to %q", corrupt, data)
		}
		if files := dirFiles(t, dir); !slices.Equal(files, []string{"sources.json"}) {
			t.Errorf("%s: files %v", corrupt, files)
		}
	}
}

func TestSourceFailingAtStartIsSkipped(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	r := newTestRegistry(t, dir)
	for _, ns := range []string{"alpha", "beta", "gamma"} {
		if _, err := r.Add(ctx, AddRequest{Namespace: ns, Spec: petsDoc.text()}); err != nil {
			t.Fatal(err)
		}
	}
	// A loader that now refuses beta, as a newer version might.
	failing := func(data []byte, o openapi.Options) (*openapi.Catalog, error) {
		if o.Namespace == "beta" {
			return nil, errors.New("unsupported construct")
		}
		return fakeLoad(data, o)
	}
	r2 := newTestRegistry(t, dir, func(o *Options) { o.Load = failing })
	snap := r2.Snapshot()
	if !slices.Equal(namespaces(snap), []string{"alpha", "cognito", "gamma"}) {
		t.Errorf("loaded %v", namespaces(snap))
	}
	if len(snap.Problems) != 1 || snap.Problems[0].Namespace != "beta" || !strings.Contains(snap.Problems[0].Message, "unsupported construct") {
		t.Errorf("problems %+v", snap.Problems)
	}
	// The broken source stays saved: a duplicate add is refused, and it can
	// be removed or replaced.
	if _, err := r2.Add(ctx, AddRequest{Namespace: "beta", Spec: petsDoc.text()}); err == nil {
		t.Error("add over a saved source that failed to load: no error")
	}
	state, _ := os.ReadFile(filepath.Join(dir, "sources.json"))
	if !bytes.Contains(state, []byte(`"beta"`)) {
		t.Error("the failing source was dropped from the state file")
	}
	if err := r2.Remove(ctx, "beta"); err != nil {
		t.Fatal(err)
	}
	if len(r2.Snapshot().Problems) != 0 {
		t.Errorf("problems after remove: %+v", r2.Snapshot().Problems)
	}
}

func TestSaveFailureChangesNothing(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "documents"), []byte("a file where a directory should be"), 0o600)
	r := newTestRegistry(t, dir)
	before := r.Snapshot()
	if _, err := r.Add(context.Background(), AddRequest{Namespace: "pets", Spec: petsDoc.text()}); err == nil || !strings.Contains(err.Error(), "nothing changed") {
		t.Errorf("add: %v", err)
	}
	if r.Snapshot() != before {
		t.Error("snapshot changed")
	}
}
