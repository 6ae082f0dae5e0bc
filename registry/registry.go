package registry

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cognito-mcp/cognito-mcp/openapi"
)

// Registry owns the live sources. Reads are lock-free (Snapshot). Add and
// Remove fetch and load a document with no lock held, then take turns to
// save the change through the Store, publish a new Snapshot and, with every
// lock released, tell the subscribers, in change order.
type Registry struct {
	opts    Options
	store   Store
	builtin *Source

	// write is held by one change at a time, across its store write, and
	// taken with a context: a change waiting for another can be cancelled.
	write chan struct{}

	mu       sync.Mutex             // guards the fields below; never held across I/O
	saved    map[string]SavedSource // the saved sources, loaded or not, by namespace
	stateErr error                  // the store could not be read: refuse to overwrite it
	ticket   uint64                 // the next notification ticket

	snap  atomic.Pointer[Snapshot] // immutable once stored
	notes notifier                 // delivers snapshots in ticket order

	cache    loadCache    // the last catalog loaded, for preview then add
	catalogs catalogCache // built catalogs of saved sources, on disk

	lastSync atomic.Pointer[time.Time] // when the saved sources were last read in full
	loads    loadSlots                 // turns to read and load a document
}

// Snapshot is the set of live sources at one moment. It is immutable.
type Snapshot struct {
	// Sources are sorted by namespace; the builtin Cognito source is one.
	Sources []*Source `json:"sources"`
	// Problems are saved sources that failed to load, and a state file
	// that could not be read.
	Problems []Problem `json:"problems,omitempty"`
}

// Source finds a source by namespace.
func (s *Snapshot) Source(namespace string) *Source {
	i, ok := slices.BinarySearchFunc(s.Sources, namespace, func(src *Source, ns string) int {
		return cmp.Compare(src.Namespace, ns)
	})
	if !ok {
		return nil
	}
	return s.Sources[i]
}

// Source is one live OpenAPI source. It is immutable.
type Source struct {
	Namespace string
	// Origin is the document URL (without credentials or query), the local
	// file path, OriginInline or OriginEmbedded.
	Origin  string
	Builtin bool
	Catalog *openapi.Catalog
	Config  Config
	// BaseURL is where calls go: Config.BaseURL, or the document's relative
	// server resolved against its URL. Empty: the document's servers.
	BaseURL string
	AddedAt time.Time
}

// Problem is something that kept a saved source from loading.
type Problem struct {
	Namespace string `json:"namespace,omitempty"`
	Message   string `json:"message"`
}

// New loads the builtin source and the saved ones. A saved source that
// fails to load is logged, listed in Snapshot.Problems and skipped; saved
// state that cannot be read is reported the same way and left untouched.
// Only a builtin source that fails to load, or ctx ending, is an error.
func New(ctx context.Context, opts Options) (*Registry, error) {
	defaultLoad := opts.Load == nil
	opts = opts.withDefaults()
	cat, err := opts.Builtin()
	if err != nil {
		return nil, fmt.Errorf("load the embedded %s source: %w", CognitoNamespace, err)
	}
	r := &Registry{
		opts:  opts,
		store: opts.Store,
		builtin: &Source{
			Namespace: CognitoNamespace,
			Origin:    OriginEmbedded,
			Builtin:   true,
			Catalog:   cat,
		},
		write: make(chan struct{}, 1),
		saved: map[string]SavedSource{},
	}
	if defaultLoad {
		r.catalogs.dir = opts.CacheDir
	}
	r.notes.init()
	sources, problems := r.restore(ctx)
	if ctx.Err() != nil {
		return nil, fmt.Errorf("load the saved sources from %s: %w", r.store.Location(), context.Cause(ctx))
	}
	r.snap.Store(r.build(sources, problems))
	return r, nil
}

// Snapshot returns the current sources.
func (r *Registry) Snapshot() *Snapshot { return r.snap.Load() }

// Subscribe calls fn with the current snapshot now and with every new one
// after a change: in change order, one call per change, after the change
// is made and with no registry lock held. fn may read the registry
// (Snapshot, Preview) but must not call Add or Remove: they wait for their
// own change to be told to fn.
func (r *Registry) Subscribe(fn func(*Snapshot)) {
	r.mu.Lock()
	t, snap := r.takeTicket(), r.snap.Load()
	r.mu.Unlock()
	r.notes.inTurn(t, func(subs *[]func(*Snapshot)) {
		*subs = append(*subs, fn)
		fn(snap)
	})
}

// Dir is where added sources are kept: the state directory of the default
// FileStore, or the Location of Options.Store.
func (r *Registry) Dir() string { return r.store.Location() }

// build makes a snapshot of the added sources plus the builtin one.
func (r *Registry) build(added []*Source, problems []Problem) *Snapshot {
	all := append([]*Source{r.builtin}, added...)
	slices.SortFunc(all, func(a, b *Source) int { return cmp.Compare(a.Namespace, b.Namespace) })
	slices.SortStableFunc(problems, func(a, b Problem) int { return cmp.Compare(a.Namespace, b.Namespace) })
	return &Snapshot{Sources: all, Problems: problems}
}

// publish stores snap as the current snapshot and tells the subscribers,
// in change order. Callers hold r.write and not r.mu; publish releases
// r.write before it tells anyone.
func (r *Registry) publish(snap *Snapshot) {
	r.mu.Lock()
	r.snap.Store(snap)
	t := r.takeTicket()
	r.mu.Unlock()
	r.unlockWrite()
	r.notes.inTurn(t, func(subs *[]func(*Snapshot)) {
		for _, fn := range *subs {
			fn(snap)
		}
	})
}

// takeTicket numbers a snapshot for delivery. Callers hold r.mu.
func (r *Registry) takeTicket() uint64 {
	t := r.ticket
	r.ticket++
	return t
}

// lockWrite waits for the turn to change the store, or for ctx to end.
func (r *Registry) lockWrite(ctx context.Context) error {
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	select {
	case r.write <- struct{}{}:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

func (r *Registry) unlockWrite() { <-r.write }

// AddRequest is what Add needs. Namespace and Spec are required.
type AddRequest struct {
	Namespace string
	// Spec is an http(s) URL, a local path or file:// URL (only under
	// Options.AllowDirs), or the document text (JSON or YAML).
	Spec             string
	BaseURL          string
	Auth             map[string]SecretRef
	Headers          map[string]string
	Include, Exclude []string
	// Replace allows replacing an existing source of the same namespace.
	Replace bool
}

// AddResult reports an added source.
type AddResult struct {
	Namespace string `json:"namespace"`
	ToolCount int    `json:"toolCount"`
	// Tools are the compact MCP names of the new tools, in catalog order.
	Tools    []string `json:"tools"`
	Replaced bool     `json:"replaced,omitempty"`
	Warnings []string `json:"warnings,omitempty"`
	// Source is the new live source.
	Source *Source `json:"-"`
}

// Add reads, loads and saves a source, then publishes it in one change.
// On any error nothing changes.
func (r *Registry) Add(ctx context.Context, req AddRequest) (*AddResult, error) {
	ns := req.Namespace
	if err := CheckNamespace(ns); err != nil {
		return nil, err
	}
	if err := r.checkWritable(ns, req.Replace); err != nil {
		return nil, err
	}
	cfg := Config{
		BaseURL: req.BaseURL,
		Auth:    req.Auth,
		Headers: req.Headers,
		Include: req.Include,
		Exclude: req.Exclude,
	}.clone()
	done, err := r.startLoad(ctx)
	if err != nil {
		return nil, fmt.Errorf("add source %q: %w", ns, err)
	}
	defer done()
	doc, err := r.readSpec(ctx, req.Spec)
	if err != nil {
		return nil, fmt.Errorf("add source %q: %w", ns, err)
	}
	p, err := r.prepare(ctx, doc, ns, cfg)
	if err != nil {
		return nil, fmt.Errorf("add source %q: %w", ns, err)
	}
	done()
	if p.needBase != "" {
		return nil, fmt.Errorf("add source %q: %s", ns, p.needBase)
	}
	if err := cfg.check(p.catalog); err != nil {
		return nil, fmt.Errorf("add source %q: %w", ns, err)
	}
	if err := cfg.checkSecretFiles(r.opts.SecretDirs); err != nil {
		return nil, fmt.Errorf("add source %q: %w", ns, err)
	}
	src := &Source{
		Namespace: ns,
		Origin:    p.doc.origin,
		Catalog:   p.catalog,
		Config:    cfg,
		BaseURL:   p.baseURL,
		AddedAt:   r.opts.Now().UTC().Truncate(time.Second),
	}

	entry, docs := newEntry(src, p.doc)
	// Cached before it is saved: other processes load it as soon as it is.
	if p.doc.location == nil || p.doc.location.String() == entry.Location {
		r.catalogs.put(entry, p.catalog)
	}
	if err := r.lockWrite(ctx); err != nil {
		return nil, fmt.Errorf("add source %q: %w; nothing changed", ns, err)
	}
	replaced, err := r.store.Put(ctx, entry, docs, req.Replace)
	if err != nil {
		r.unlockWrite()
		if errors.Is(err, ErrSourceExists) {
			return nil, errExists(ns)
		}
		return nil, fmt.Errorf("add source %q: save it under %s: %w; nothing changed", ns, r.store.Location(), err)
	}
	r.mu.Lock()
	r.saved[ns] = entry
	added, problems := r.snap.Load().without(ns)
	snap := r.build(append(added, src), problems)
	r.mu.Unlock()
	r.publish(snap)
	r.opts.Logger.Info("source added", "namespace", ns, "origin", src.Origin, "tools", len(src.Catalog.Tools), "replaced", replaced)

	res := &AddResult{
		Namespace: ns,
		ToolCount: len(src.Catalog.Tools),
		Replaced:  replaced,
		Warnings:  p.warnings,
		Source:    src,
	}
	for _, t := range src.Catalog.Tools {
		res.Tools = append(res.Tools, t.Name)
	}
	return res, nil
}

// without lists the added sources and the problems of s, less those of
// namespace ns.
func (s *Snapshot) without(ns string) ([]*Source, []Problem) {
	var added []*Source
	for _, src := range s.Sources {
		if !src.Builtin && src.Namespace != ns {
			added = append(added, src)
		}
	}
	problems := slices.DeleteFunc(slices.Clone(s.Problems), func(pr Problem) bool { return pr.Namespace == ns })
	return added, problems
}

// Remove drops an added source (or a saved one that failed to load) and
// publishes the change.
func (r *Registry) Remove(ctx context.Context, namespace string) error {
	if namespace == CognitoNamespace {
		return fmt.Errorf("source %q is the embedded Cognito source and cannot be removed", namespace)
	}
	if namespace == ControlNamespace {
		return fmt.Errorf("%q is the namespace of the control tools, not a source", namespace)
	}
	if err := r.stateProblem(); err != nil {
		return err
	}
	if err := r.lockWrite(ctx); err != nil {
		return fmt.Errorf("remove source %q: %w; nothing changed", namespace, err)
	}
	// A source removed from the store by another process is gone already:
	// drop it here too.
	if err := r.store.Delete(ctx, namespace); err != nil && !(errors.Is(err, ErrNoSource) && r.hasEntry(namespace)) {
		r.unlockWrite()
		if errors.Is(err, ErrNoSource) {
			return fmt.Errorf("no source %q; list the sources with openapi_list_sources", namespace)
		}
		return fmt.Errorf("remove source %q: save under %s: %w; nothing changed", namespace, r.store.Location(), err)
	}
	r.mu.Lock()
	delete(r.saved, namespace)
	added, problems := r.snap.Load().without(namespace)
	snap := r.build(added, problems)
	r.mu.Unlock()
	r.publish(snap)
	r.opts.Logger.Info("source removed", "namespace", namespace)
	return nil
}

// checkWritable refuses early, before any fetch, a change that the saved
// state would refuse.
func (r *Registry) checkWritable(ns string, replace bool) error {
	if err := r.stateProblem(); err != nil {
		return err
	}
	if !replace && r.hasEntry(ns) {
		return errExists(ns)
	}
	return nil
}

func errExists(ns string) error {
	return fmt.Errorf("source %q already exists; pass replace: true to replace it, or choose another namespace", ns)
}

// hasEntry reports whether a source of namespace ns is saved, loaded or not.
func (r *Registry) hasEntry(ns string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	_, ok := r.saved[ns]
	return ok
}

// stateProblem is why no change may be made: the saved state could not be
// read when the registry started. It never changes after New.
func (r *Registry) stateProblem() error {
	if r.stateErr == nil {
		return nil
	}
	return fmt.Errorf("sources cannot be changed: %v; fix or move it, then restart the server", r.stateErr)
}

// errNoTools is returned when filters leave nothing to register.
var errNoTools = errors.New("the document gives no tools (after include/exclude); check the filters or the document")
