package pgstore

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cognito-mcp/cognito-mcp/internal/peers"
	"github.com/cognito-mcp/cognito-mcp/registry"
	"github.com/cognito-mcp/cognito-mcp/registry/storetest"
)

// startDB starts a throwaway cluster and puts its password where libpq
// puts it, PGPASSWORD; the URLs carry none.
func startDB(t *testing.T) *peers.Postgres {
	pg := peers.StartPostgres(t)
	t.Setenv("PGPASSWORD", pg.Password)
	return pg
}

func open(t *testing.T, url string) *Store {
	t.Helper()
	st, err := Open(context.Background(), url, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	return st
}

// exec runs sql on the database of url.
func exec(t *testing.T, url, sql string, args ...any) {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(), sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// newDatabase creates an empty database in pg's cluster and returns its URL.
func newDatabase(t *testing.T, pg *peers.Postgres, name string) string {
	t.Helper()
	exec(t, pg.URL, "CREATE DATABASE "+name)
	return strings.Replace(pg.URL, "/postgres?", "/"+name+"?", 1)
}

func TestStore(t *testing.T) {
	pg := startDB(t)

	t.Run("contract", func(t *testing.T) {
		url := newDatabase(t, pg, "contract")
		storetest.Run(t, func() registry.Store { return open(t, url) })
		// Only the documents still referred to remain.
		var n int
		conn, _ := pgx.Connect(context.Background(), url)
		defer conn.Close(context.Background())
		if err := conn.QueryRow(context.Background(), "SELECT count(*) FROM cognito_mcp_documents").Scan(&n); err != nil || n != 1 {
			t.Errorf("documents left: %d, %v; want 1", n, err)
		}
	})

	t.Run("concurrent first starts", func(t *testing.T) {
		url := newDatabase(t, pg, "firststarts")
		var wg sync.WaitGroup
		for range 5 {
			wg.Go(func() {
				st, err := Open(context.Background(), url, nil)
				if err != nil {
					t.Error(err)
					return
				}
				st.Close()
			})
		}
		wg.Wait()
		st := open(t, url)
		var versions []int
		rows, _ := st.pool.Query(context.Background(), "SELECT version FROM cognito_mcp_schema ORDER BY version")
		versions, err := pgx.CollectRows(rows, pgx.RowTo[int])
		if err != nil || len(versions) != SchemaVersion() || versions[len(versions)-1] != SchemaVersion() {
			t.Errorf("schema versions %v, %v; want 1..%d once each", versions, err, SchemaVersion())
		}
	})

	t.Run("newer schema refused", func(t *testing.T) {
		url := newDatabase(t, pg, "newer")
		open(t, url)
		exec(t, url, "INSERT INTO cognito_mcp_schema (version, name) VALUES ($1, 'from a newer release')", SchemaVersion()+1)
		_, err := Open(context.Background(), url, nil)
		if err == nil || !strings.Contains(err.Error(), "newer than this cognito-mcp knows") || !strings.Contains(err.Error(), "upgrade") {
			t.Errorf("Open on a newer schema: %v", err)
		}
	})

	t.Run("concurrent adds of one namespace", func(t *testing.T) {
		url := newDatabase(t, pg, "sameadd")
		doc := []byte(`{"openapi": "3.0.3"}`)
		src := registry.SavedSource{Namespace: "same", Origin: registry.OriginInline, Document: sum(doc)}
		var mu sync.Mutex
		wins := 0
		var wg sync.WaitGroup
		for range 6 {
			st := open(t, url)
			wg.Go(func() {
				_, err := st.Put(context.Background(), src, map[string][]byte{src.Document: doc}, false)
				mu.Lock()
				defer mu.Unlock()
				if err == nil {
					wins++
				} else if err != registry.ErrSourceExists {
					t.Errorf("Put: %v", err)
				}
			})
		}
		wg.Wait()
		if wins != 1 {
			t.Errorf("%d adds of one namespace succeeded, want 1", wins)
		}
	})
}

func sum(b []byte) string { return fmt.Sprintf("%x", sha256.Sum256(b)) }

// TestWatch: a change made by another store is reported; when the
// database restarts, the watcher reconnects, says so in Health, and
// reports a change so that everything is read again.
func TestWatch(t *testing.T) {
	pg := startDB(t)
	a, b := open(t, pg.URL), open(t, pg.URL)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch, err := b.Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	doc := []byte(`{"openapi": "3.0.3"}`)
	src := registry.SavedSource{Namespace: "x", Origin: registry.OriginInline, Document: sum(doc)}
	if _, err := a.Put(ctx, src, map[string][]byte{src.Document: doc}, false); err != nil {
		t.Fatal(err)
	}
	waitReport(t, ch)
	if err := b.Health(); err != nil {
		t.Errorf("Health while listening: %v", err)
	}

	pg.Stop()
	waitFor(t, "Health reports the loss", func() bool { return b.Health() != nil })
	pg.Start()
	waitReport(t, ch)
	waitFor(t, "Health recovers", func() bool { return b.Health() == nil })
	if err := a.Delete(ctx, "x"); err != nil {
		t.Fatalf("Delete after the restart: %v", err)
	}
	waitReport(t, ch)
	cancel()
	for range ch { // closed when ctx ends
	}
}

func waitReport(t *testing.T, ch <-chan struct{}) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(30 * time.Second):
		t.Fatal("no change reported")
	}
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for range 600 {
		if ok() {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s: not within 30s", what)
}

// TestFollow: two registries on one database; an add and a remove through
// one reach the other's subscribers, loaded from the database.
func TestFollow(t *testing.T) {
	pg := startDB(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	doc, err := os.ReadFile(filepath.Join("..", "..", "openapi", "testdata", "petstore.openapi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	newReg := func() *registry.Registry {
		r, err := registry.New(ctx, registry.Options{Store: open(t, pg.URL), CacheDir: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	a, b := newReg(), newReg()
	seen := make(chan *registry.Snapshot, 10)
	b.Subscribe(func(s *registry.Snapshot) { seen <- s })
	<-seen
	go b.Follow(ctx)
	if _, err := a.Add(ctx, registry.AddRequest{Namespace: "pets", Spec: string(doc), BaseURL: "http://127.0.0.1:9/v3"}); err != nil {
		t.Fatal(err)
	}
	waitSnapshot(t, seen, func(s *registry.Snapshot) bool {
		return s.Source("pets") != nil && len(s.Source("pets").Catalog.Tools) == 19
	})
	if h := b.Health(); h.Err != nil || h.LastSync.IsZero() {
		t.Errorf("Health = %+v", h)
	}
	if err := a.Remove(ctx, "pets"); err != nil {
		t.Fatal(err)
	}
	waitSnapshot(t, seen, func(s *registry.Snapshot) bool { return s.Source("pets") == nil })
}

func waitSnapshot(t *testing.T, seen <-chan *registry.Snapshot, ok func(*registry.Snapshot) bool) {
	t.Helper()
	timeout := time.After(30 * time.Second)
	for {
		select {
		case s := <-seen:
			if ok(s) {
				return
			}
		case <-timeout:
			t.Fatal("the change never reached the other registry")
		}
	}
}
