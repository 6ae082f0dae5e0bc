package registry

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"slices"

	"github.com/cognito-mcp/cognito-mcp/openapi"
)

// newEntry describes src for the Store and returns the documents to save:
// the document and every external $ref target read, by SHA-256.
func newEntry(src *Source, doc *document) (SavedSource, map[string][]byte) {
	docs := map[string][]byte{}
	e := SavedSource{
		Namespace: src.Namespace,
		Origin:    src.Origin,
		Document:  digest(doc.data),
		Config:    src.Config,
		AddedAt:   src.AddedAt,
	}
	docs[e.Document] = doc.data
	if doc.location != nil {
		loc := *doc.location
		loc.User, loc.RawQuery, loc.Fragment = nil, "", ""
		e.Location = loc.String()
	}
	doc.mu.Lock()
	defer doc.mu.Unlock()
	for u, data := range doc.refs {
		if e.Refs == nil {
			e.Refs = map[string]string{}
		}
		d := digest(data)
		e.Refs[u] = d
		docs[d] = data
	}
	return e, docs
}

// restore reads the saved sources and loads every one. Failures are logged
// and returned as problems; they never stop the others. It stops early,
// returning nothing, when ctx ends.
func (r *Registry) restore(ctx context.Context) ([]*Source, []Problem) {
	log := r.opts.Logger
	saved, err := r.store.Load(ctx)
	if ctx.Err() != nil {
		return nil, nil
	}
	if err != nil {
		r.stateErr = err
		log.Error("saved sources could not be read; none loaded, and they are left as they are", "store", r.store.Location(), "err", err)
		return nil, []Problem{{Message: r.stateProblem().Error()}}
	}
	r.synced()
	defer r.catalogs.prune(saved)
	var sources []*Source
	var problems []Problem
	for _, e := range saved {
		if ctx.Err() != nil {
			return nil, nil
		}
		var src *Source
		var err error
		if _, dup := r.saved[e.Namespace]; dup {
			err = errors.New("saved twice")
		} else {
			r.saved[e.Namespace] = e
			src, err = r.restoreEntry(ctx, e)
		}
		if err == nil {
			sources = append(sources, src)
		} else {
			log.Error("saved source not loaded", "namespace", e.Namespace, "err", err)
			problems = append(problems, Problem{Namespace: e.Namespace, Message: fmt.Sprintf("saved source %q not loaded: %v; add it again with replace: true, or remove it", e.Namespace, err)})
		}
	}
	return sources, problems
}

// restoreEntry loads a saved source from the documents saved with it; it
// never fetches anything.
func (r *Registry) restoreEntry(ctx context.Context, e SavedSource) (*Source, error) {
	if err := CheckNamespace(e.Namespace); err != nil {
		return nil, err
	}
	var loc *url.URL
	if e.Location != "" {
		var err error
		if loc, err = url.Parse(e.Location); err != nil {
			return nil, fmt.Errorf("saved location: %v", err)
		}
	}
	cat := r.catalogs.get(e)
	if cat == nil {
		var err error
		if cat, err = r.loadEntry(ctx, e, loc); err != nil {
			return nil, err
		}
		r.catalogs.put(e, cat)
	}
	if err := e.Config.check(cat); err != nil {
		return nil, err
	}
	if err := e.Config.checkSecretFiles(r.opts.SecretDirs); err != nil {
		return nil, err
	}
	base, _, need := baseURL(e.Config, cat, loc)
	if need != "" {
		return nil, errors.New(need)
	}
	return &Source{
		Namespace: e.Namespace,
		Origin:    e.Origin,
		Catalog:   cat,
		Config:    e.Config,
		BaseURL:   base,
		AddedAt:   e.AddedAt,
	}, nil
}

// loadEntry builds the catalog of a saved source from the documents saved
// with it.
func (r *Registry) loadEntry(ctx context.Context, e SavedSource, loc *url.URL) (*openapi.Catalog, error) {
	data, err := r.readBlob(ctx, e.Document)
	if err != nil {
		return nil, err
	}
	refs := map[string][]byte{}
	for _, u := range slices.Sorted(maps.Keys(e.Refs)) {
		if refs[u], err = r.readBlob(ctx, e.Refs[u]); err != nil {
			return nil, err
		}
	}
	return r.load(data, openapi.Options{
		Namespace:  e.Namespace,
		PathPrefix: e.Namespace,
		Include:    e.Config.Include,
		Exclude:    e.Config.Exclude,
		Location:   loc,
		ReadRef:    cachedRefs(refs),
	})
}

// readBlob reads a saved document and checks it against its name.
func (r *Registry) readBlob(ctx context.Context, sum string) ([]byte, error) {
	if !isDigest(sum) {
		return nil, fmt.Errorf("saved document name %q is not a SHA-256", sum)
	}
	data, err := r.store.Document(ctx, sum)
	if err != nil {
		return nil, fmt.Errorf("saved document missing: %v", err)
	}
	if digest(data) != sum {
		return nil, fmt.Errorf("saved document %s is damaged (checksum mismatch)", sum)
	}
	return data, nil
}
