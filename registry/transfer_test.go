package registry

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestExportImport: what one store exports, another imports, documents
// included, and the registry on it loads with no network.
func TestExportImport(t *testing.T) {
	ctx := context.Background()
	from := newTestRegistry(t, t.TempDir())
	for _, ns := range []string{"a", "b"} {
		if _, err := from.Add(ctx, AddRequest{Namespace: ns, Spec: petsDoc.text(), Auth: map[string]SecretRef{"api_key": {Env: "KEY"}}}); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if n, err := Export(ctx, from.store, &buf); err != nil || n != 2 {
		t.Fatalf("Export = %d, %v", n, err)
	}
	if lines := strings.Count(buf.String(), "\n"); lines != 2 {
		t.Errorf("%d lines", lines)
	}
	dir := t.TempDir()
	to := NewFileStore(dir, nil)
	exported := buf.String()
	if n, err := Import(ctx, to, strings.NewReader(exported), false); err != nil || n != 2 {
		t.Fatalf("Import = %d, %v", n, err)
	}
	got := newTestRegistry(t, dir).Snapshot()
	if ns := namespaces(got); strings.Join(ns, ",") != "a,b,cognito" {
		t.Errorf("imported %v", ns)
	}
	if got.Source("a").Config.Auth["api_key"].Env != "KEY" {
		t.Errorf("auth reference lost: %+v", got.Source("a").Config)
	}
	if _, err := Import(ctx, to, strings.NewReader(exported), false); err == nil || !strings.Contains(err.Error(), "--replace") {
		t.Errorf("import again: %v", err)
	}
	if n, err := Import(ctx, to, strings.NewReader(exported), true); err != nil || n != 2 {
		t.Errorf("import again with replace = %d, %v", n, err)
	}
	damaged := strings.Replace(exported, `"documents":{"`, `"documents":{"0`, 1)
	if _, err := Import(ctx, NewFileStore(t.TempDir(), nil), strings.NewReader(damaged), false); err == nil || !strings.Contains(err.Error(), "missing or damaged") {
		t.Errorf("import of a damaged line: %v", err)
	}
}
