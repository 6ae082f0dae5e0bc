package registry

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/cognito-mcp/cognito-mcp/openapi"
)

// loaderDigests pairs each LoaderVersion with the SHA-256 of the catalogs
// openapi.Load builds from the golden documents below. When this test
// fails, the loader's output changed: increase LoaderVersion and add its
// digest here, so that no cached catalog of the old output is used.
var loaderDigests = map[int]string{
	1: "d2b25b17b50887544f881c9acba891a46fae8abb33f05e6c7d62490a24dc1115",
	2: "d2735821cf33d0db64e8d8d78a65b320c33156b1634199360e5ef4f3ca69aaba",
}

// TestCatalogCacheRoundTrip: a catalog read back from the cache is the
// catalog that was built, down to empty-but-present lists.
func TestCatalogCacheRoundTrip(t *testing.T) {
	c := catalogCache{dir: t.TempDir()}
	for _, cat := range goldenCatalogs(t) {
		e := SavedSource{Namespace: cat.Title, Document: digest([]byte(cat.Title))}
		c.put(e, cat)
		if got := c.get(e); !reflect.DeepEqual(got, cat) {
			t.Errorf("%s: the cached catalog differs from the one built", cat.Title)
		}
		if data, _ := os.ReadFile(c.path(e)); len(data) == 0 || data[0] != formatCodec {
			t.Errorf("%s: not cached in the fast form", cat.Title)
		}
	}
	// Empty lists (which JSON omits and gob drops) read back as empty.
	odd := *goldenCatalogs(t)[1]
	odd.Tools = slices.Clone(odd.Tools)
	odd.Tools[0].Paging = &openapi.Paging{InputTokens: []string{}, OutputTokens: []string{"next"}}
	odd.Tools[1].Plan.Params = []openapi.Param{}
	e := SavedSource{Namespace: "odd", Document: digest([]byte("odd"))}
	c.put(e, &odd)
	if got := c.get(e); !reflect.DeepEqual(got, &odd) {
		t.Error("odd: the cached catalog differs from the one built")
	}
	// A file of another format, or damaged, is no catalog: it is rebuilt.
	for name, data := range map[string][]byte{"gob": []byte("g\x1f\xff\x81"), "damaged": []byte("b\x01")} {
		e := SavedSource{Namespace: name, Document: digest([]byte(name))}
		if err := os.WriteFile(c.path(e), data, 0o600); err != nil {
			t.Fatal(err)
		}
		if got := c.get(e); got != nil {
			t.Errorf("%s: a cache file of another format read as a catalog", name)
		}
	}
}

func TestLoaderVersion(t *testing.T) {
	h := sha256.New()
	for _, cat := range goldenCatalogs(t) {
		out, err := json.Marshal(cat)
		if err != nil {
			t.Fatal(err)
		}
		h.Write(out)
	}
	got := hex.EncodeToString(h.Sum(nil))
	if want, ok := loaderDigests[LoaderVersion]; !ok || got != want {
		t.Errorf("the catalogs openapi.Load builds are %s, not %q as recorded for LoaderVersion %d: if the loader's output changed, increase LoaderVersion and record this digest for it in loaderDigests", got, want, LoaderVersion)
	}
}

// goldenCatalogs are the catalogs of the Cognito, Petstore and Swagger 2
// documents kept in openapi/testdata.
func goldenCatalogs(t *testing.T) []*openapi.Catalog {
	var out []*openapi.Catalog
	for _, g := range []struct{ file, ns, prefix string }{
		{"cognito-idp.openapi.yaml", "cognito", ""},
		{"petstore.openapi.yaml", "petstore", "petstore"},
		{"petstore.swagger2.json", "swagger", "swagger"},
	} {
		data, err := os.ReadFile(filepath.Join("..", "openapi", "testdata", g.file))
		if err != nil {
			t.Fatal(err)
		}
		cat, err := openapi.Load(data, openapi.Options{Namespace: g.ns, PathPrefix: g.prefix})
		if err != nil {
			t.Fatalf("%s: %v", g.file, err)
		}
		out = append(out, cat)
	}
	return out
}

// TestCatalogCache: a restart takes the catalog of a saved source from the
// cache; an entry that does not decode is rebuilt from the document.
func TestCatalogCache(t *testing.T) {
	dir, cache := t.TempDir(), t.TempDir()
	withCache := func(o *Options) { o.CacheDir = cache }
	ctx := context.Background()
	r := newRealRegistry(t, dir, withCache)
	if _, err := r.Add(ctx, AddRequest{Namespace: "pets", Spec: readPetstore(t, "petstore.openapi.yaml")}); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(cache, "*.cat"))
	if len(files) != 1 {
		t.Fatalf("cache holds %v after an add", files)
	}
	want := r.Snapshot().Source("pets").Catalog

	// Mark the cached catalog: a restart serves the mark.
	marked := *want
	marked.Title = "from the cache"
	saved, _ := r.store.Load(ctx)
	r.catalogs.put(saved[0], &marked)
	if got := newRealRegistry(t, dir, withCache).Snapshot().Source("pets"); got == nil || got.Catalog.Title != "from the cache" {
		t.Fatalf("restart did not use the cache: %+v", got)
	}

	// A damaged entry is ignored, rebuilt and rewritten.
	if err := os.WriteFile(files[0], []byte("not a catalog"), 0o600); err != nil {
		t.Fatal(err)
	}
	got := newRealRegistry(t, dir, withCache).Snapshot().Source("pets")
	if got == nil || got.Catalog.Title != want.Title || len(got.Catalog.Tools) != len(want.Tools) {
		t.Fatalf("restart with a damaged entry: %+v", got)
	}
	if again := r.catalogs.get(saved[0]); again == nil || again.Title != want.Title {
		t.Errorf("damaged entry not rewritten: %+v", again)
	}

	// Another loader version names another entry.
	other := saved[0]
	other.Document = digest([]byte("other"))
	if cacheEntryKey(other) == cacheEntryKey(saved[0]) {
		t.Error("the cache key ignores the document")
	}
}
