package pgstore

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Backoff between attempts to connect the LISTEN connection again.
const (
	minBackoff = 100 * time.Millisecond
	maxBackoff = 5 * time.Second
)

// Watch LISTENs for the changes every replica NOTIFYs, on a connection of
// its own, until ctx ends. A change made through this store is reported
// too; the registry finds nothing new in it. When the connection is lost
// Watch reconnects with backoff and then reports a change, so that the
// registry reads every source again: what changed meanwhile is not lost.
// The first connection is tried before Watch returns; if it fails, Watch
// keeps trying in the background, and Health says so meanwhile.
func (s *Store) Watch(ctx context.Context) (<-chan struct{}, error) {
	conn, err := s.listen(ctx)
	if err != nil {
		s.lost()
		s.log.Warn("cannot follow changes yet; retrying", "store", s.location, "err", err)
	}
	ch := make(chan struct{}, 1)
	tell := func() {
		select {
		case ch <- struct{}{}:
		default: // a report is already pending
		}
	}
	go func() {
		defer close(ch)
		backoff := minBackoff
		for {
			if conn != nil {
				err := s.wait(ctx, conn, tell)
				conn.Close(context.Background())
				conn = nil
				if ctx.Err() != nil {
					return
				}
				s.lost()
				s.pool.Reset() // its connections are likely gone too
				s.log.Warn("lost the connection that follows changes; serving the sources loaded, and reconnecting", "store", s.location, "err", err)
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(backoff):
			}
			if conn, err = s.listen(ctx); err != nil {
				backoff = min(2*backoff, maxBackoff)
				if ctx.Err() == nil {
					s.log.Debug("reconnect to the store", "store", s.location, "err", err)
				}
				continue
			}
			backoff = minBackoff
			s.log.Info("reconnected to the store; reading every source again", "store", s.location)
			tell()
		}
	}()
	return ch, nil
}

// listen opens a connection and LISTENs on it.
func (s *Store) listen(ctx context.Context) (*pgx.Conn, error) {
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	conn, err := pgx.ConnectConfig(cctx, s.pool.Config().ConnConfig.Copy())
	if err != nil {
		return nil, fmt.Errorf("connect to %s to follow changes: %w", s.location, err)
	}
	if _, err := conn.Exec(cctx, "LISTEN "+channel); err != nil {
		conn.Close(context.Background())
		return nil, fmt.Errorf("listen for changes in %s: %w", s.location, err)
	}
	s.listening()
	return conn, nil
}

// wait reports each notification until the connection fails or ctx ends.
// A server that stops or restarts closes the connection, which ends the
// wait at once; TCP keep-alives find a silent loss.
func (s *Store) wait(ctx context.Context, conn *pgx.Conn, tell func()) error {
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return err
		}
		tell()
	}
}

// listening records that changes are followed again.
func (s *Store) listening() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.listenOK = true
}

// lost records that changes are not followed since now.
func (s *Store) lost() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.listenOK || s.lostAt.IsZero() {
		s.lostAt = time.Now()
	}
	s.listenOK = false
}

// Health is nil while the store follows changes, else why not. A store
// not watched yet is healthy.
func (s *Store) Health() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.lostAt.IsZero() && !s.listenOK {
		return fmt.Errorf("the connection to the store was lost at %s; reconnecting", s.lostAt.UTC().Format(time.RFC3339))
	}
	return nil
}
