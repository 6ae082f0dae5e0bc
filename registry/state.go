package registry

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/cognito-mcp/cognito-mcp/openapi"
)

// The state directory holds stateFileName and, under documentsDir, every
// saved document and $ref target by the SHA-256 of its bytes, so a restart
// needs no network.
const (
	stateFileName = "sources.json"
	documentsDir  = "documents"
	stateVersion  = 1
)

// stateFile is the saved list of added sources. It holds secret
// references, never secrets.
type stateFile struct {
	Version int          `json:"version"`
	Sources []stateEntry `json:"sources"`
}

type stateEntry struct {
	Namespace string `json:"namespace"`
	Origin    string `json:"origin"`
	// Location is the URL relative $refs resolve against, if any.
	Location string `json:"location,omitempty"`
	// Document is the SHA-256 (hex) of the saved document bytes.
	Document string `json:"document"`
	// Refs maps each external $ref URL read to the SHA-256 of its bytes.
	Refs    map[string]string `json:"refs,omitempty"`
	Config  Config            `json:"config"`
	AddedAt time.Time         `json:"addedAt"`
}

func (r *Registry) stateFile() string { return filepath.Join(r.opts.Dir, stateFileName) }

func digest(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// newEntry describes src for the state file and returns the blobs to save.
func newEntry(src *Source, doc *document) (stateEntry, map[string][]byte) {
	blobs := map[string][]byte{}
	e := stateEntry{
		Namespace: src.Namespace,
		Origin:    src.Origin,
		Document:  digest(doc.data),
		Config:    src.Config,
		AddedAt:   src.AddedAt,
	}
	blobs[e.Document] = doc.data
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
		blobs[d] = data
	}
	return e, blobs
}

// restore reads the state file and loads every saved source. Failures are
// logged and returned as problems; they never stop the others.
func (r *Registry) restore() ([]*Source, []Problem) {
	log := r.opts.Logger
	data, err := os.ReadFile(r.stateFile())
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err == nil {
		var st stateFile
		if err = json.Unmarshal(data, &st); err == nil && st.Version != stateVersion {
			err = fmt.Errorf("version %d is not %d", st.Version, stateVersion)
		}
		if err == nil {
			r.entries = st.Sources
		}
	}
	if err != nil {
		r.stateErr = err
		log.Error("state file unreadable; saved sources not loaded, and the file is left as it is", "file", r.stateFile(), "err", err)
		return nil, []Problem{{Message: r.stateProblem().Error()}}
	}
	var sources []*Source
	var problems []Problem
	seen := map[string]bool{}
	for _, e := range r.entries {
		src, err := r.restoreEntry(e, seen)
		if err != nil {
			log.Error("saved source not loaded", "namespace", e.Namespace, "err", err)
			problems = append(problems, Problem{Namespace: e.Namespace, Message: fmt.Sprintf("saved source %q not loaded: %v; add it again with replace: true, or remove it", e.Namespace, err)})
			continue
		}
		sources = append(sources, src)
	}
	return sources, problems
}

func (r *Registry) restoreEntry(e stateEntry, seen map[string]bool) (*Source, error) {
	if err := CheckNamespace(e.Namespace); err != nil {
		return nil, err
	}
	if seen[e.Namespace] {
		return nil, errors.New("listed twice in the state file")
	}
	seen[e.Namespace] = true
	data, err := r.readBlob(e.Document)
	if err != nil {
		return nil, err
	}
	refs := map[string][]byte{}
	for _, u := range slices.Sorted(maps.Keys(e.Refs)) {
		if refs[u], err = r.readBlob(e.Refs[u]); err != nil {
			return nil, err
		}
	}
	var loc *url.URL
	if e.Location != "" {
		if loc, err = url.Parse(e.Location); err != nil {
			return nil, fmt.Errorf("saved location: %v", err)
		}
	}
	cat, err := r.load(data, openapi.Options{
		Namespace:  e.Namespace,
		PathPrefix: e.Namespace,
		Include:    e.Config.Include,
		Exclude:    e.Config.Exclude,
		Location:   loc,
		ReadRef:    cachedRefs(refs),
	})
	if err != nil {
		return nil, err
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

func (r *Registry) readBlob(sum string) ([]byte, error) {
	if len(sum) != 64 {
		return nil, fmt.Errorf("saved document name %q is not a SHA-256", sum)
	}
	data, err := os.ReadFile(filepath.Join(r.opts.Dir, documentsDir, sum))
	if err != nil {
		return nil, fmt.Errorf("saved document missing: %v", err)
	}
	if digest(data) != sum {
		return nil, fmt.Errorf("saved document %s is damaged (checksum mismatch)", sum)
	}
	return data, nil
}

// save writes blobs, then the state file listing entries, each atomically,
// then deletes documents no entry refers to. Callers hold r.mu.
func (r *Registry) save(entries []stateEntry, blobs map[string][]byte) error {
	docs := filepath.Join(r.opts.Dir, documentsDir)
	if err := os.MkdirAll(docs, 0o700); err != nil {
		return err
	}
	for _, sum := range slices.Sorted(maps.Keys(blobs)) {
		p := filepath.Join(docs, sum)
		if _, err := os.Stat(p); err == nil {
			continue
		}
		if err := writeAtomic(p, blobs[sum]); err != nil {
			return err
		}
	}
	if entries == nil {
		entries = []stateEntry{}
	}
	data, err := json.MarshalIndent(stateFile{Version: stateVersion, Sources: entries}, "", "  ")
	if err != nil {
		return err
	}
	if err := writeAtomic(r.stateFile(), append(data, '\n')); err != nil {
		return err
	}
	r.collect(entries)
	return nil
}

// collect removes saved documents that no entry refers to; failures only
// leave garbage behind.
func (r *Registry) collect(entries []stateEntry) {
	keep := map[string]bool{}
	for _, e := range entries {
		keep[e.Document] = true
		for _, d := range e.Refs {
			keep[d] = true
		}
	}
	docs := filepath.Join(r.opts.Dir, documentsDir)
	des, err := os.ReadDir(docs)
	if err != nil {
		return
	}
	for _, de := range des {
		if n := de.Name(); len(n) == 64 && !keep[n] && de.Type().IsRegular() {
			if err := os.Remove(filepath.Join(docs, n)); err != nil {
				r.opts.Logger.Warn("could not delete an unused saved document", "file", n, "err", err)
			}
		}
	}
}

// writeAtomic writes data to path through a temporary file in the same
// directory: write, fsync, rename, fsync the directory.
func writeAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err = f.Chmod(0o600); err != nil {
		return err
	}
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return err
	}
	if d, derr := os.Open(dir); derr == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
