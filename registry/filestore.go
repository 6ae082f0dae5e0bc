package registry

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// The state directory holds stateFileName and, under documentsDir, every
// saved document and $ref target by the SHA-256 of its bytes, so a restart
// needs no network.
const (
	stateFileName = "sources.json"
	lockFileName  = "sources.lock"
	documentsDir  = "documents"
	stateVersion  = 1
)

// stateFile is the saved list of added sources. It holds secret
// references, never secrets.
type stateFile struct {
	Version int           `json:"version"`
	Sources []SavedSource `json:"sources"`
}

// FileStore keeps the added sources in a state directory: sources.json
// (versioned, sorted by namespace) and, under documents/, every document
// and $ref target by the SHA-256 of its bytes. Every file is written
// atomically (temporary file, fsync, rename), so a process killed during a
// change leaves the state as it was, plus at most a temporary file that the
// next change deletes.
//
// Several processes may share one state directory: each change holds an
// exclusive lock on sources.lock (flock) while it reads sources.json again,
// changes one source, writes it back and deletes the documents no saved
// source refers to any more. Watch reports the changes other processes make
// (file system notifications, and a periodic check in case they are lost).
type FileStore struct {
	dir string
	log *slog.Logger // nil: discard

	mu sync.Mutex // serializes Put and Delete within the process; the flock across processes
}

var _ Store = (*FileStore)(nil)

// NewFileStore returns the store of the state directory dir. Nothing is
// read or created until it is used. log receives problems that fail no
// change (an unused document that could not be deleted); nil discards them.
func NewFileStore(dir string, log *slog.Logger) *FileStore {
	return &FileStore{dir: dir, log: log}
}

// Location is the state directory.
func (s *FileStore) Location() string { return s.dir }

func (s *FileStore) stateFile() string { return filepath.Join(s.dir, stateFileName) }

// Load reads sources.json. A directory without one holds no source.
func (s *FileStore) Load(ctx context.Context) ([]SavedSource, error) {
	if err := ctx.Err(); err != nil {
		return nil, context.Cause(ctx)
	}
	return s.read()
}

func (s *FileStore) read() ([]SavedSource, error) {
	data, err := os.ReadFile(s.stateFile())
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err == nil {
		var st stateFile
		if err = json.Unmarshal(data, &st); err == nil && st.Version != stateVersion {
			err = fmt.Errorf("version %d is not %d", st.Version, stateVersion)
		}
		if err == nil {
			return st.Sources, nil
		}
	}
	return nil, fmt.Errorf("the state file %s could not be read (%v)", s.stateFile(), err)
}

// Document reads documents/<sum>.
func (s *FileStore) Document(ctx context.Context, sum string) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, context.Cause(ctx)
	}
	if !isDigest(sum) {
		return nil, fmt.Errorf("%q is not a SHA-256", sum)
	}
	return os.ReadFile(filepath.Join(s.dir, documentsDir, sum))
}

// Put writes the documents not yet saved, then sources.json with src in
// place of any source of its namespace, then deletes unused documents.
func (s *FileStore) Put(ctx context.Context, src SavedSource, docs map[string][]byte, replace bool) (bool, error) {
	unlock, err := s.lock(ctx)
	if err != nil {
		return false, err
	}
	defer unlock()
	saved, err := s.read()
	if err != nil {
		return false, err
	}
	others := slices.DeleteFunc(slices.Clone(saved), func(e SavedSource) bool { return e.Namespace == src.Namespace })
	replaced := len(others) < len(saved)
	if replaced && !replace {
		return false, ErrSourceExists
	}
	if err := s.writeDocuments(docs); err != nil {
		return false, err
	}
	return replaced, s.write(append(others, src))
}

// Delete writes sources.json without the source of namespace, then deletes
// unused documents.
func (s *FileStore) Delete(ctx context.Context, namespace string) error {
	unlock, err := s.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	saved, err := s.read()
	if err != nil {
		return err
	}
	others := slices.DeleteFunc(slices.Clone(saved), func(e SavedSource) bool { return e.Namespace == namespace })
	if len(others) == len(saved) {
		return ErrNoSource
	}
	return s.write(others)
}

func (s *FileStore) writeDocuments(docs map[string][]byte) error {
	dir := filepath.Join(s.dir, documentsDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	for _, sum := range slices.Sorted(maps.Keys(docs)) {
		if !isDigest(sum) {
			return fmt.Errorf("document name %q is not a SHA-256", sum)
		}
		p := filepath.Join(dir, sum)
		if _, err := os.Stat(p); err == nil {
			continue
		}
		if err := writeAtomic(p, docs[sum]); err != nil {
			return err
		}
	}
	return nil
}

// write replaces sources.json with sources, sorted by namespace, then
// deletes the documents none of them refers to. Callers hold the lock.
func (s *FileStore) write(sources []SavedSource) error {
	if sources == nil {
		sources = []SavedSource{}
	}
	slices.SortFunc(sources, func(a, b SavedSource) int { return cmp.Compare(a.Namespace, b.Namespace) })
	data, err := json.MarshalIndent(stateFile{Version: stateVersion, Sources: sources}, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(s.dir, documentsDir), 0o700); err != nil {
		return err
	}
	if err := writeAtomic(s.stateFile(), append(data, '\n')); err != nil {
		return err
	}
	s.collect(sources)
	return nil
}

// collect removes saved documents that no source refers to, and the
// temporary files of changes that were killed before their rename: under
// the lock no other change is writing one. Failures only leave garbage
// behind.
func (s *FileStore) collect(sources []SavedSource) {
	s.removeTemps(s.dir)
	keep := map[string]bool{}
	for _, e := range sources {
		for _, sum := range e.Documents() {
			keep[sum] = true
		}
	}
	dir := filepath.Join(s.dir, documentsDir)
	des, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	s.removeTemps(dir)
	for _, de := range des {
		if n := de.Name(); isDigest(n) && !keep[n] && de.Type().IsRegular() {
			if err := os.Remove(filepath.Join(dir, n)); err != nil && s.log != nil {
				s.log.Warn("could not delete an unused saved document", "file", n, "err", err)
			}
		}
	}
}

// removeTemps deletes the temporary files writeAtomic left in dir when its
// process was killed. Callers hold the lock.
func (s *FileStore) removeTemps(dir string) {
	des, _ := os.ReadDir(dir)
	for _, de := range des {
		if n := de.Name(); strings.HasPrefix(n, ".") && strings.Contains(n, tempMark) && de.Type().IsRegular() {
			if err := os.Remove(filepath.Join(dir, n)); err != nil && s.log != nil {
				s.log.Warn("could not delete a temporary file left by a killed change", "file", n, "err", err)
			}
		}
	}
}

// tempMark is in the name of every temporary file writeAtomic creates.
const tempMark = ".tmp-"

// writeAtomic writes data, the parts one after the other, to path through
// a temporary file in the same directory: write, fsync, rename, fsync the
// directory.
func writeAtomic(path string, data ...[]byte) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+tempMark+"*")
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
	for _, part := range data {
		if _, err = f.Write(part); err != nil {
			return err
		}
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
	// The rename is done; syncing the directory only makes it durable
	// sooner, so a failure to open or sync it is not an error.
	if d, derr := os.Open(dir); derr == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
