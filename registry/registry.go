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

// Registry owns the live sources. Reads are lock-free (Snapshot); Add and
// Remove are serialized, persist first, then publish a new Snapshot and
// tell the subscribers, all under one lock so they see changes in order.
type Registry struct {
	opts    Options
	builtin *Source

	mu       sync.Mutex // serializes Add/Remove/persist and subscriber calls
	entries  []stateEntry
	stateErr error // the state file could not be read: refuse to overwrite it
	subs     []func(*Snapshot)

	snap atomic.Pointer[Snapshot] // immutable once stored

	cache loadCache // the last catalog loaded, for preview then add
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
// fails to load is logged, listed in Snapshot.Problems and skipped; a state
// file that cannot be read is reported the same way and left untouched.
// Only a builtin source that fails to load is an error.
func New(opts Options) (*Registry, error) {
	opts = opts.withDefaults()
	cat, err := opts.Builtin()
	if err != nil {
		return nil, fmt.Errorf("load the embedded %s source: %w", CognitoNamespace, err)
	}
	r := &Registry{opts: opts, builtin: &Source{
		Namespace: CognitoNamespace,
		Origin:    OriginEmbedded,
		Builtin:   true,
		Catalog:   cat,
	}}
	sources, problems := r.restore()
	r.snap.Store(r.build(sources, problems))
	return r, nil
}

// Snapshot returns the current sources.
func (r *Registry) Snapshot() *Snapshot { return r.snap.Load() }

// Subscribe calls fn with the current snapshot now and with every new one
// after a change, in order. fn runs under the registry's write lock: it
// must not call Add or Remove.
func (r *Registry) Subscribe(fn func(*Snapshot)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.subs = append(r.subs, fn)
	fn(r.snap.Load())
}

// Dir is the state directory.
func (r *Registry) Dir() string { return r.opts.Dir }

// build makes a snapshot of the added sources plus the builtin one.
func (r *Registry) build(added []*Source, problems []Problem) *Snapshot {
	all := append([]*Source{r.builtin}, added...)
	slices.SortFunc(all, func(a, b *Source) int { return cmp.Compare(a.Namespace, b.Namespace) })
	slices.SortStableFunc(problems, func(a, b Problem) int { return cmp.Compare(a.Namespace, b.Namespace) })
	return &Snapshot{Sources: all, Problems: problems}
}

// publish stores snap and tells the subscribers. Callers hold r.mu.
func (r *Registry) publish(snap *Snapshot) {
	r.snap.Store(snap)
	for _, fn := range r.subs {
		fn(snap)
	}
}

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
	doc, err := r.readSpec(ctx, req.Spec)
	if err != nil {
		return nil, fmt.Errorf("add source %q: %w", ns, err)
	}
	p, err := r.prepare(ctx, doc, ns, cfg)
	if err != nil {
		return nil, fmt.Errorf("add source %q: %w", ns, err)
	}
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

	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.checkWritableLocked(ns, req.Replace); err != nil {
		return nil, err
	}
	entry, blobs := newEntry(src, p.doc)
	entries := slices.DeleteFunc(slices.Clone(r.entries), func(e stateEntry) bool { return e.Namespace == ns })
	replaced := len(entries) < len(r.entries)
	entries = append(entries, entry)
	slices.SortFunc(entries, func(a, b stateEntry) int { return cmp.Compare(a.Namespace, b.Namespace) })
	if err := r.save(entries, blobs); err != nil {
		return nil, fmt.Errorf("add source %q: save it under %s: %w; nothing changed", ns, r.opts.Dir, err)
	}
	r.entries = entries

	added, problems := r.snap.Load().without(ns)
	r.publish(r.build(append(added, src), problems))
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
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.stateProblem(); err != nil {
		return err
	}
	entries := slices.DeleteFunc(slices.Clone(r.entries), func(e stateEntry) bool { return e.Namespace == namespace })
	if len(entries) == len(r.entries) {
		return fmt.Errorf("no source %q; list the sources with openapi_list_sources", namespace)
	}
	if err := r.save(entries, nil); err != nil {
		return fmt.Errorf("remove source %q: save under %s: %w; nothing changed", namespace, r.opts.Dir, err)
	}
	r.entries = entries
	added, problems := r.snap.Load().without(namespace)
	r.publish(r.build(added, problems))
	r.opts.Logger.Info("source removed", "namespace", namespace)
	return nil
}

func (r *Registry) checkWritable(ns string, replace bool) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.checkWritableLocked(ns, replace)
}

func (r *Registry) checkWritableLocked(ns string, replace bool) error {
	if err := r.stateProblem(); err != nil {
		return err
	}
	if !replace && slices.ContainsFunc(r.entries, func(e stateEntry) bool { return e.Namespace == ns }) {
		return fmt.Errorf("source %q already exists; pass replace: true to replace it, or choose another namespace", ns)
	}
	return nil
}

func (r *Registry) stateProblem() error {
	if r.stateErr == nil {
		return nil
	}
	return fmt.Errorf("sources cannot be changed: the state file %s could not be read (%v); fix or move it, then restart the server", r.stateFile(), r.stateErr)
}

// errNoTools is returned when filters leave nothing to register.
var errNoTools = errors.New("the document gives no tools (after include/exclude); check the filters or the document")
