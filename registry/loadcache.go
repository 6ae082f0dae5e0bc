package registry

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/cognito-mcp/cognito-mcp/openapi"
)

// loadCache remembers the last catalog loaded, so that the usual
// previewSpec-then-addSource of one document parses it once: for GitHub's
// REST description that halves the time an agent waits. Catalogs are
// immutable, so sharing one is safe.
type loadCache struct {
	mu  sync.Mutex
	key string
	cat *openapi.Catalog
}

// cacheKey identifies a load: the document's bytes and every option that
// shapes the catalog.
func cacheKey(data []byte, opts openapi.Options) string {
	sum := sha256.Sum256(data)
	loc := ""
	if opts.Location != nil {
		loc = opts.Location.String()
	}
	return strings.Join([]string{
		hex.EncodeToString(sum[:]), opts.Namespace, opts.PathPrefix, loc,
		strings.Join(opts.Include, "\x01"), strings.Join(opts.Exclude, "\x01"),
	}, "\x00")
}

func (c *loadCache) get(key string) *openapi.Catalog {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.key == key {
		return c.cat
	}
	return nil
}

func (c *loadCache) put(key string, cat *openapi.Catalog) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.key, c.cat = key, cat
}

// cachedLoad loads with the registry's loader through the cache; key is
// cacheKey(data, opts). A document with external $refs is not cached: what
// they point to may change between two loads.
func (r *Registry) cachedLoad(key string, data []byte, opts openapi.Options) (*openapi.Catalog, error) {
	if cat := r.cache.get(key); cat != nil {
		return cat, nil
	}
	var refs atomic.Int32
	if read := opts.ReadRef; read != nil {
		opts.ReadRef = func(u *url.URL) ([]byte, error) {
			refs.Add(1)
			return read(u)
		}
	}
	cat, err := r.load(data, opts)
	if err == nil && refs.Load() == 0 {
		r.cache.put(key, cat)
	}
	return cat, err
}
