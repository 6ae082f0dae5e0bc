package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/cognito-mcp/cognito-mcp/registry"
)

// channel is the NOTIFY channel of changes; the payload is the namespace.
const channel = "cognito_mcp_sources"

// Store is a registry.Store in a PostgreSQL database.
type Store struct {
	pool     *pgxpool.Pool
	log      *slog.Logger
	location string

	mu       sync.Mutex
	listenOK bool      // the LISTEN connection is up
	lostAt   time.Time // when it was last lost
}

var _ registry.Store = (*Store)(nil)

// IsURL reports whether s names a PostgreSQL database: a postgres:// or
// postgresql:// URL.
func IsURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Open connects to the database of url (postgres://user@host:port/db?...)
// and brings its schema up to date. The password comes from url or, as
// libpq does, from PGPASSWORD or the password file (PGPASSFILE, else
// ~/.pgpass); the other PG* variables fill in what url leaves out. log
// receives connection losses and recoveries; nil discards them. Close
// releases the connections.
func Open(ctx context.Context, url string, log *slog.Logger) (*Store, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	loc := Redact(url)
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("the store URL %s: %v", loc, errors.Unwrap(err))
	}
	cfg.MaxConns = 4
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", loc, err)
	}
	if err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, fmt.Errorf("prepare the database %s: %w", loc, err)
	}
	return &Store{pool: pool, log: log, location: loc}, nil
}

// Redact is url without its password, for messages.
func Redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "the PostgreSQL URL (unreadable)"
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// HasPassword reports whether url carries a password.
func HasPassword(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	_, ok := u.User.Password()
	return ok || u.Query().Has("password")
}

// Close releases the store's connections.
func (s *Store) Close() { s.pool.Close() }

// Location is the database URL without its password.
func (s *Store) Location() string { return s.location }

// Load reads every saved source.
func (s *Store) Load(ctx context.Context) ([]registry.SavedSource, error) {
	out, err := s.load(ctx)
	if err != nil && ctx.Err() == nil {
		s.pool.Reset() // the connections may be from before a server restart
		out, err = s.load(ctx)
	}
	return out, err
}

func (s *Store) load(ctx context.Context) ([]registry.SavedSource, error) {
	rows, err := s.pool.Query(ctx, `SELECT namespace, origin, location, document, refs, config, added_at
		FROM cognito_mcp_sources ORDER BY namespace`)
	if err != nil {
		return nil, fmt.Errorf("read the sources in %s: %w", s.location, err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (registry.SavedSource, error) {
		var e registry.SavedSource
		var refs, cfg []byte
		if err := row.Scan(&e.Namespace, &e.Origin, &e.Location, &e.Document, &refs, &cfg, &e.AddedAt); err != nil {
			return e, err
		}
		if err := json.Unmarshal(refs, &e.Refs); err != nil {
			return e, fmt.Errorf("source %q: refs: %v", e.Namespace, err)
		}
		if len(e.Refs) == 0 {
			e.Refs = nil
		}
		if err := json.Unmarshal(cfg, &e.Config); err != nil {
			return e, fmt.Errorf("source %q: config: %v", e.Namespace, err)
		}
		e.AddedAt = e.AddedAt.UTC()
		return e, nil
	})
	if err != nil {
		return nil, fmt.Errorf("read the sources in %s: %w", s.location, err)
	}
	return out, nil
}

// Document reads the document saved under sum.
func (s *Store) Document(ctx context.Context, sum string) ([]byte, error) {
	var body []byte
	read := func() error {
		return s.pool.QueryRow(ctx, `SELECT body FROM cognito_mcp_documents WHERE sha256 = $1`, sum).Scan(&body)
	}
	err := read()
	if err != nil && !errors.Is(err, pgx.ErrNoRows) && ctx.Err() == nil {
		s.pool.Reset()
		err = read()
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("no document %s in %s", sum, s.location)
	}
	return body, err
}

// Put saves src and its documents in one transaction, then tells the other
// replicas.
func (s *Store) Put(ctx context.Context, src registry.SavedSource, docs map[string][]byte, replace bool) (bool, error) {
	refs, err := json.Marshal(src.Refs)
	if err != nil {
		return false, err
	}
	if src.Refs == nil {
		refs = []byte("{}")
	}
	cfg, err := json.Marshal(src.Config)
	if err != nil {
		return false, err
	}
	var replaced bool
	err = s.change(ctx, src.Namespace, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM cognito_mcp_sources WHERE namespace = $1)`, src.Namespace).Scan(&replaced); err != nil {
			return err
		}
		if replaced && !replace {
			return registry.ErrSourceExists
		}
		for _, sum := range slices.Sorted(maps.Keys(docs)) {
			if _, err := tx.Exec(ctx, `INSERT INTO cognito_mcp_documents (sha256, body) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING`, sum, docs[sum]); err != nil {
				return err
			}
		}
		need := slices.Compact(slices.Sorted(slices.Values(src.Documents())))
		var have int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM cognito_mcp_documents WHERE sha256 = ANY($1)`, need).Scan(&have); err != nil {
			return err
		}
		if have != len(need) {
			return fmt.Errorf("source %q refers to documents that are neither given nor saved", src.Namespace)
		}
		_, err := tx.Exec(ctx, `INSERT INTO cognito_mcp_sources (namespace, origin, location, document, refs, config, added_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (namespace) DO UPDATE SET origin = excluded.origin, location = excluded.location,
				document = excluded.document, refs = excluded.refs, config = excluded.config,
				added_at = excluded.added_at, version = cognito_mcp_sources.version + 1, updated_at = now()`,
			src.Namespace, src.Origin, src.Location, src.Document, refs, cfg, src.AddedAt)
		return err
	})
	return replaced, err
}

// Delete removes the source of namespace in one transaction, then tells
// the other replicas.
func (s *Store) Delete(ctx context.Context, namespace string) error {
	return s.change(ctx, namespace, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM cognito_mcp_sources WHERE namespace = $1`, namespace)
		if err == nil && tag.RowsAffected() == 0 {
			return registry.ErrNoSource
		}
		return err
	})
}

// change runs fn in a transaction that holds the write lock, then deletes
// the documents no source refers to and notifies the replicas, all in the
// same transaction: a replica killed in the middle leaves nothing.
func (s *Store) change(ctx context.Context, namespace string, fn func(pgx.Tx) error) error {
	// A transaction that could not begin did nothing: begin again on a
	// new connection, the old ones may be from before a server restart.
	tx, err := s.pool.Begin(ctx)
	if err != nil && ctx.Err() == nil {
		s.pool.Reset()
		tx, err = s.pool.Begin(ctx)
	}
	if err == nil {
		if err = s.inTx(ctx, tx, namespace, fn); err == nil {
			err = tx.Commit(ctx)
		} else {
			tx.Rollback(context.Background())
		}
	}
	var pgErr *pgconn.PgError
	switch {
	case err == nil, errors.Is(err, registry.ErrSourceExists), errors.Is(err, registry.ErrNoSource):
		return err
	case errors.As(err, &pgErr) && pgErr.Code == "23505": // unique_violation
		return registry.ErrSourceExists
	}
	return fmt.Errorf("change the sources in %s: %w", s.location, err)
}

func (s *Store) inTx(ctx context.Context, tx pgx.Tx, namespace string, fn func(pgx.Tx) error) error {
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, writeLockKey); err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `DELETE FROM cognito_mcp_documents WHERE sha256 NOT IN (
			SELECT document FROM cognito_mcp_sources
			UNION ALL SELECT r.value FROM cognito_mcp_sources s, jsonb_each_text(s.refs) r)`); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `SELECT pg_notify($1, $2)`, channel, namespace)
	return err
}
