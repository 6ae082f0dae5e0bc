package registry

import (
	"context"
	"slices"
	"strings"
	"testing"
)

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
