package registry

import (
	"context"
	"maps"
	"slices"
	"sync"
)

// memState is saved state shared by several memStores, as a database is
// by replicas: a change made through one store is reported to the others'
// watchers.
type memState struct {
	mu       sync.Mutex
	sources  map[string]SavedSource
	docs     map[string][]byte
	watchers map[*memStore][]chan struct{}
}

func newMemState() *memState {
	return &memState{sources: map[string]SavedSource{}, docs: map[string][]byte{}, watchers: map[*memStore][]chan struct{}{}}
}

// memStore is an in-memory Store over a memState.
type memStore struct{ st *memState }

var _ Store = (*memStore)(nil)

func (st *memState) store() *memStore { return &memStore{st: st} }

func (s *memStore) Location() string { return "memory" }

func (s *memStore) Load(ctx context.Context) ([]SavedSource, error) {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	return slices.Collect(maps.Values(s.st.sources)), context.Cause(ctx)
}

func (s *memStore) Document(ctx context.Context, sum string) ([]byte, error) {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	data, ok := s.st.docs[sum]
	if !ok {
		return nil, ErrNoSource
	}
	return data, nil
}

func (s *memStore) Put(ctx context.Context, src SavedSource, docs map[string][]byte, replace bool) (bool, error) {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return false, err
	}
	_, replaced := s.st.sources[src.Namespace]
	if replaced && !replace {
		return false, ErrSourceExists
	}
	maps.Copy(s.st.docs, docs)
	s.st.sources[src.Namespace] = src
	s.changed()
	return replaced, nil
}

func (s *memStore) Delete(ctx context.Context, namespace string) error {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return err
	}
	if _, ok := s.st.sources[namespace]; !ok {
		return ErrNoSource
	}
	delete(s.st.sources, namespace)
	s.changed()
	return nil
}

// changed drops unused documents and tells the other stores' watchers.
// Callers hold s.st.mu.
func (s *memStore) changed() {
	keep := map[string]bool{}
	for _, src := range s.st.sources {
		for _, sum := range src.Documents() {
			keep[sum] = true
		}
	}
	maps.DeleteFunc(s.st.docs, func(sum string, _ []byte) bool { return !keep[sum] })
	for other, chans := range s.st.watchers {
		if other == s {
			continue
		}
		for _, ch := range chans {
			select {
			case ch <- struct{}{}:
			default: // one report is already pending
			}
		}
	}
}

func (s *memStore) Watch(ctx context.Context) (<-chan struct{}, error) {
	ch := make(chan struct{}, 1)
	s.st.mu.Lock()
	s.st.watchers[s] = append(s.st.watchers[s], ch)
	s.st.mu.Unlock()
	go func() {
		<-ctx.Done()
		s.st.mu.Lock()
		s.st.watchers[s] = slices.DeleteFunc(s.st.watchers[s], func(c chan struct{}) bool { return c == ch })
		close(ch)
		s.st.mu.Unlock()
	}()
	return ch, nil
}
