package registry

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"
)

// Follow applies the changes others make to the store (other processes,
// other replicas) until ctx ends, when it returns nil: it calls Reload once
// it watches the store, for what changed since New, and again each time the
// Store reports a change through Watch. A Reload that fails is logged, and
// the next report tries again. With a store that reports nothing (a nil
// Watch channel), Follow only waits for ctx.
func (r *Registry) Follow(ctx context.Context) error {
	changes, err := r.store.Watch(ctx)
	if err != nil {
		return fmt.Errorf("watch the saved sources in %s: %w", r.store.Location(), err)
	}
	reload := func() {
		if err := r.Reload(ctx); err != nil && ctx.Err() == nil {
			r.opts.Logger.Error("saved sources not reloaded", "store", r.store.Location(), "err", err)
		}
	}
	if changes != nil {
		reload()
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case _, ok := <-changes:
			if !ok {
				if ctx.Err() != nil {
					return nil
				}
				return fmt.Errorf("the store %s stopped reporting changes; restart the server to follow them again", r.store.Location())
			}
			reload()
		}
	}
}

// Reload reads the saved sources again and applies what others changed: a
// source saved, replaced or removed elsewhere is loaded (from the store,
// with no network) or dropped, and one new snapshot goes to the
// subscribers. Sources saved the same as before are kept as they are, and
// a change made here in the meantime wins over what was read.
func (r *Registry) Reload(ctx context.Context) error {
	if err := r.stateProblem(); err != nil {
		return err
	}
	saved, err := r.store.Load(ctx)
	if err != nil {
		return fmt.Errorf("reload the saved sources from %s: %w", r.store.Location(), err)
	}
	r.synced()
	latest := map[string]SavedSource{}
	for _, e := range saved {
		if _, dup := latest[e.Namespace]; !dup {
			latest[e.Namespace] = e
		}
	}
	r.mu.Lock()
	base := maps.Clone(r.saved)
	r.mu.Unlock()
	var changed []string
	for ns := range mergeKeys(base, latest) {
		if !sameSaved(base[ns], latest[ns]) {
			changed = append(changed, ns)
		}
	}
	if len(changed) == 0 {
		return nil
	}
	slices.Sort(changed)

	// Load what changed with no lock held: a large document takes a while.
	loaded := map[string]*Source{}
	failed := map[string]Problem{}
	for _, ns := range changed {
		e, ok := latest[ns]
		if !ok {
			continue
		}
		if ctx.Err() != nil {
			return context.Cause(ctx)
		}
		src, err := r.restoreEntry(ctx, e)
		if err != nil {
			r.opts.Logger.Error("source changed elsewhere not loaded", "namespace", ns, "err", err)
			failed[ns] = Problem{Namespace: ns, Message: fmt.Sprintf("saved source %q not loaded: %v; add it again with replace: true, or remove it", ns, err)}
			continue
		}
		loaded[ns] = src
	}

	if err := r.lockWrite(ctx); err != nil {
		return err
	}
	r.mu.Lock()
	cur := r.snap.Load()
	var sources []*Source
	problems := slices.Clone(cur.Problems)
	applied := map[string]bool{}
	for _, ns := range changed {
		if !sameSaved(r.saved[ns], base[ns]) {
			continue // changed here since: that change is newer
		}
		applied[ns] = true
		problems = slices.DeleteFunc(problems, func(p Problem) bool { return p.Namespace == ns })
		if e, ok := latest[ns]; ok {
			r.saved[ns] = e
		} else {
			delete(r.saved, ns)
		}
		if src := loaded[ns]; src != nil {
			sources = append(sources, src)
		} else if p, ok := failed[ns]; ok {
			problems = append(problems, p)
		}
	}
	for _, src := range cur.Sources {
		if !src.Builtin && !applied[src.Namespace] {
			sources = append(sources, src)
		}
	}
	snap := r.build(sources, problems)
	r.mu.Unlock()
	if len(applied) == 0 {
		r.unlockWrite()
		return nil
	}
	r.publish(snap)
	for _, ns := range slices.Sorted(maps.Keys(applied)) {
		_, kept := latest[ns]
		r.opts.Logger.Info("source changed elsewhere", "namespace", ns, "removed", !kept, "loaded", loaded[ns] != nil)
	}
	return nil
}

// mergeKeys is the set of keys of a and b.
func mergeKeys(a, b map[string]SavedSource) map[string]bool {
	keys := map[string]bool{}
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	return keys
}

// sameSaved reports whether a and b describe the same saved source; the
// zero SavedSource stands for none.
func sameSaved(a, b SavedSource) bool {
	ja, erra := json.Marshal(a)
	jb, errb := json.Marshal(b)
	return errors.Join(erra, errb) == nil && bytes.Equal(ja, jb)
}

// Health says how the registry follows its store.
type Health struct {
	// Err is why the store is not followed now (a lost connection), or
	// nil. The sources loaded are still served meanwhile.
	Err error
	// LastSync is when the saved sources were last read in full: at start,
	// or by Reload.
	LastSync time.Time
}

// healthReporter is a Store that knows whether it follows changes (the
// PostgreSQL store's LISTEN connection).
type healthReporter interface{ Health() error }

// Health reports how the registry follows its store.
func (r *Registry) Health() Health {
	var h Health
	if hr, ok := r.store.(healthReporter); ok {
		h.Err = hr.Health()
	}
	if t := r.lastSync.Load(); t != nil {
		h.LastSync = *t
	}
	return h
}

// Fields is h as /healthz shows it, under the store's kind ("file",
// "postgres"): whether the store is followed and when the sources were
// last read in full, and a "degraded" status while it is not followed. It
// never names the store's location: /healthz needs no token.
func (h Health) Fields(kind string) map[string]any {
	s := map[string]any{"kind": kind, "ok": h.Err == nil}
	if !h.LastSync.IsZero() {
		s["lastSync"] = h.LastSync.Format(time.RFC3339Nano)
	}
	out := map[string]any{"store": s}
	if h.Err != nil {
		out["status"] = "degraded"
	}
	return out
}

// synced records that the saved sources were just read in full.
func (r *Registry) synced() {
	now := r.opts.Now().UTC()
	r.lastSync.Store(&now)
}
