package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/cognito-mcp/cognito-mcp/registry"
	"github.com/cognito-mcp/cognito-mcp/registry/pgstore"
)

// store is where added sources are kept, as --store and --state-dir say.
type store struct {
	registry.Store
	kind     string // "file" or "postgres", for /healthz
	dir      string // the state directory (file store)
	cacheDir string // built catalogs, for fast restarts
	close    func()
}

// openStore opens the store cfg names: the PostgreSQL database of a
// postgres:// --store, else the state directory. A password written in
// --store itself is refused: the process list shows flags to every user.
func openStore(ctx context.Context, cfg *config, getenv func(string) string, log *slog.Logger) (*store, error) {
	dir := cfg.stateDir
	if dir == "" {
		dir = registry.DefaultStateDir(getenv)
	}
	switch {
	case cfg.store == "":
		return &store{
			Store:    registry.NewFileStore(dir, log),
			kind:     "file",
			dir:      dir,
			cacheDir: filepath.Join(dir, "catalogs"),
			close:    func() {},
		}, nil
	case !pgstore.IsURL(cfg.store):
		return nil, errors.New("--store: want a postgres:// URL, or no --store for the state directory (--state-dir)")
	case cfg.storeFlag && pgstore.HasPassword(cfg.store):
		return nil, errors.New("--store: the URL holds a password, which every user of this machine can read in the process list; leave it out and set PGPASSWORD, or use a password file (PGPASSFILE, ~/.pgpass), or put the whole URL in COGNITO_MCP_STORE")
	}
	octx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	st, err := pgstore.Open(octx, cfg.store, log)
	if err != nil {
		return nil, err
	}
	return &store{Store: st, kind: "postgres", dir: dir, cacheDir: registry.DefaultCacheDir(getenv), close: st.Close}, nil
}

// registryOptions are cfg's registry settings on this store.
func (st *store) registryOptions(cfg *config, log *slog.Logger) registry.Options {
	opts := cfg.registryOptions(st.dir, log)
	opts.Store, opts.CacheDir = st.Store, st.cacheDir
	return opts
}

// health is what /healthz says of the store.
func health(kind string, reg *registry.Registry) func() map[string]any {
	return func() map[string]any { return reg.Health().Fields(kind) }
}

// transfer runs `sources export` (to stdout) and `sources import` (from
// stdin) on the store cfg names.
func transfer(ctx context.Context, cfg *config, sub string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: cfg.logLevel}))
	st, err := openStore(ctx, cfg, getenv, log)
	if err != nil {
		return err
	}
	defer st.close()
	if sub == "sources export" {
		n, err := registry.Export(ctx, st, stdout)
		if err != nil {
			return fmt.Errorf("export from %s: %w", st.Location(), err)
		}
		fmt.Fprintf(stderr, "exported %d sources from %s\n", n, st.Location())
		return nil
	}
	n, err := registry.Import(ctx, st, stdin, cfg.replace)
	if err != nil {
		return fmt.Errorf("import into %s (%d sources imported before this): %w", st.Location(), n, err)
	}
	fmt.Fprintf(stderr, "imported %d sources into %s\n", n, st.Location())
	return nil
}
