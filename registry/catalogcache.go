package registry

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"time"

	"github.com/cognito-mcp/cognito-mcp/openapi"
	"github.com/cognito-mcp/cognito-mcp/registry/catalogcodec"
)

// LoaderVersion names the output of openapi.Load: change it whenever a
// catalog openapi.Load builds from the same document could differ (names,
// schemas, plans, warnings, the Catalog type itself). Catalogs cached under
// another version are never used. TestLoaderVersion fails when the
// catalogs of its golden documents change while LoaderVersion does not.
const LoaderVersion = 2

// catalogCache keeps built catalogs on disk between runs, one file per
// saved source's inputs, so that a restart does not parse its documents
// again: for GitHub's REST description, seconds become milliseconds.
// An entry is written only in a form that reads back exactly as the
// catalog built; one that does not decode is ignored, and rebuilt.
type catalogCache struct {
	dir string // "" disables the cache
}

// cacheEntryKey names the catalog that e's inputs build: the loader
// version, the SHA-256 of the document and of every $ref target, and every
// option that shapes the catalog.
func cacheEntryKey(e SavedSource) string {
	key, _ := json.Marshal(struct {
		Version   int               `json:"v"`
		Namespace string            `json:"ns"`
		Location  string            `json:"loc"`
		Document  string            `json:"doc"`
		Refs      map[string]string `json:"refs"`
		Include   []string          `json:"inc"`
		Exclude   []string          `json:"exc"`
	}{LoaderVersion, e.Namespace, e.Location, e.Document, e.Refs, e.Config.Include, e.Config.Exclude})
	sum := sha256.Sum256(key)
	return hex.EncodeToString(sum[:])
}

func (c catalogCache) path(e SavedSource) string {
	return filepath.Join(c.dir, cacheEntryKey(e)+".cat")
}

// A cache file starts with its format: catalogcodec's, which round-trips
// any catalog and decodes several times faster than gob or JSON. Files of
// an earlier format are ignored, and rebuilt.
const formatCodec = 'b'

// get returns the cached catalog of e, or nil.
func (c catalogCache) get(e SavedSource) *openapi.Catalog {
	if c.dir == "" {
		return nil
	}
	data, err := os.ReadFile(c.path(e))
	if err != nil || len(data) == 0 {
		return nil
	}
	cat, err := decodeCatalog(data)
	if err != nil || len(cat.Tools) == 0 {
		return nil
	}
	return cat
}

func decodeCatalog(data []byte) (*openapi.Catalog, error) {
	if len(data) == 0 || data[0] != formatCodec {
		return nil, errors.New("unknown cache format")
	}
	return catalogcodec.Decode(data[1:])
}

// put caches cat as the catalog of e when it reads back exactly as cat.
// A failure only costs a rebuild later.
func (c catalogCache) put(e SavedSource, cat *openapi.Catalog) {
	if c.dir == "" || cat == nil {
		return
	}
	// The encoding is written after the format byte as it is: for
	// Microsoft Graph's catalog, a copy with the byte in front was 130 MB
	// more at the peak of an add.
	enc := catalogcodec.Encode(cat)
	if back, err := catalogcodec.Decode(enc); err != nil || !reflect.DeepEqual(back, cat) {
		return
	}
	if os.MkdirAll(c.dir, 0o700) == nil {
		_ = writeAtomic(c.path(e), []byte{formatCodec}, enc)
	}
}

// pruneAge is how old an unused cache file must be before prune deletes
// it: a source another process has just added is not known here yet.
const pruneAge = time.Hour

// prune deletes the cached catalogs, and the temporary files of killed
// writes, that no source in keep uses and that are older than pruneAge.
// Another process may still want one: it only rebuilds it.
func (c catalogCache) prune(keep []SavedSource) {
	if c.dir == "" {
		return
	}
	want := map[string]bool{}
	for _, e := range keep {
		want[cacheEntryKey(e)+".cat"] = true
	}
	des, _ := os.ReadDir(c.dir)
	for _, de := range des {
		n := de.Name()
		if want[n] || !de.Type().IsRegular() || (filepath.Ext(n) != ".cat" && !strings.Contains(n, tempMark)) {
			continue
		}
		if fi, err := de.Info(); err == nil && time.Since(fi.ModTime()) > pruneAge {
			os.Remove(filepath.Join(c.dir, n))
		}
	}
}
