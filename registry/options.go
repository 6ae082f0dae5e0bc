package registry

import (
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/cognito-mcp/cognito-mcp/internal/netguard"
	"github.com/cognito-mcp/cognito-mcp/openapi"
)

// Options configure a Registry. The zero value works: every field has a
// default, filled in by New.
type Options struct {
	// Store keeps the added sources. Default: NewFileStore(Dir, Logger).
	Store Store
	// Dir is the state directory of the default Store; unused when Store
	// is set. Default: DefaultStateDir(os.Getenv).
	Dir string
	// CacheDir is where the catalogs of saved sources are kept between
	// runs, so that a restart does not parse their documents again; ""
	// keeps none. Entries are keyed by the documents' SHA-256 and
	// LoaderVersion, so directories may be shared. Only used with the
	// default Load.
	CacheDir string
	// Logger receives start-up problems and changes. Default: discard.
	Logger *slog.Logger
	// Load turns document bytes into a catalog. Default: openapi.Load.
	Load func([]byte, openapi.Options) (*openapi.Catalog, error)
	// Builtin returns the catalog of the embedded Cognito source.
	// Default: Cognito.
	Builtin func() (*openapi.Catalog, error)
	// HTTPClient fetches documents and external $refs. Its redirect policy
	// is replaced to enforce MaxRedirects. Default: a new client.
	HTTPClient *http.Client
	// MaxDocumentBytes limits each fetched or read document and $ref
	// target. Default: 32 MiB.
	MaxDocumentBytes int64
	// FetchTimeout limits each fetch. Default: 30s.
	FetchTimeout time.Duration
	// MaxRedirects limits redirects per fetch. Default: 5.
	MaxRedirects int
	// MaxRefs limits how many external $ref documents one source may read.
	// Default: 200.
	MaxRefs int
	// AllowDirs are directories from which local files (paths and file://
	// URLs) may be read. Empty: local files are refused.
	AllowDirs []string
	// SecretDirs are directories in which auth {"file": ...} references may
	// name files. Empty: file references are refused, so a model cannot
	// point a source's credentials at an arbitrary file of the machine.
	SecretDirs []string
	// MaxOperations refuses a document with more operations than this,
	// before loading it when the document is JSON. Default:
	// DefaultMaxOperations.
	MaxOperations int
	// MaxConcurrentLoads is how many documents may be read and loaded at
	// once (previews and adds); further ones wait. Default:
	// DefaultMaxConcurrentLoads.
	MaxConcurrentLoads int
	// LoadQueueWait is how long a load waits for its turn before it is
	// refused. Default: DefaultLoadQueueWait.
	LoadQueueWait time.Duration
	// Now is the clock. Default: time.Now.
	Now func() time.Time
}

// Default limits.
const (
	DefaultMaxDocumentBytes = 32 << 20
	DefaultFetchTimeout     = 30 * time.Second
	DefaultMaxRedirects     = 5
	DefaultMaxRefs          = 200
	// DefaultMaxOperations lets the largest real descriptions load
	// (Microsoft Graph v1.0 has 11,422 operations, GitHub's REST API
	// 1,223) and refuses generated monsters early.
	DefaultMaxOperations = 20_000
	// DefaultMaxConcurrentLoads: a load is CPU-bound and a large one
	// holds hundreds of MB until it ends, so a few at a time use the CPU
	// as well as many and bound the memory.
	DefaultMaxConcurrentLoads = 2
	DefaultLoadQueueWait      = 30 * time.Second
)

// withDefaults fills in every unset field; the one place defaults live.
func (o Options) withDefaults() Options {
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if o.Store == nil {
		if o.Dir == "" {
			o.Dir = DefaultStateDir(os.Getenv)
		}
		o.Store = NewFileStore(o.Dir, o.Logger)
	}
	if o.Load == nil {
		o.Load = openapi.Load
	}
	if o.Builtin == nil {
		o.Builtin = Cognito
	}
	if o.MaxDocumentBytes <= 0 {
		o.MaxDocumentBytes = DefaultMaxDocumentBytes
	}
	if o.FetchTimeout <= 0 {
		o.FetchTimeout = DefaultFetchTimeout
	}
	if o.MaxRedirects <= 0 {
		o.MaxRedirects = DefaultMaxRedirects
	}
	if o.MaxRefs <= 0 {
		o.MaxRefs = DefaultMaxRefs
	}
	if o.MaxOperations <= 0 {
		o.MaxOperations = DefaultMaxOperations
	}
	if o.MaxConcurrentLoads <= 0 {
		o.MaxConcurrentLoads = DefaultMaxConcurrentLoads
	}
	if o.LoadQueueWait <= 0 {
		o.LoadQueueWait = DefaultLoadQueueWait
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	c := http.Client{Transport: netguard.Transport()}
	if o.HTTPClient != nil {
		c = *o.HTTPClient
	}
	maxRedirects := o.MaxRedirects
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) > maxRedirects {
			return &redirectError{limit: maxRedirects}
		}
		if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
			return &redirectError{scheme: req.URL.Scheme}
		}
		return nil
	}
	o.HTTPClient = &c
	return o
}

// DefaultStateDir is $XDG_STATE_HOME/cognito-mcp, else
// $HOME/.local/state/cognito-mcp, else cognito-mcp-state in the
// temporary directory.
func DefaultStateDir(getenv func(string) string) string {
	if d := getenv("XDG_STATE_HOME"); filepath.IsAbs(d) {
		return filepath.Join(d, "cognito-mcp")
	}
	if h := getenv("HOME"); h != "" {
		return filepath.Join(h, ".local", "state", "cognito-mcp")
	}
	return filepath.Join(os.TempDir(), "cognito-mcp-state")
}

// DefaultCacheDir is where a replica on a shared store (PostgreSQL) keeps
// built catalogs: $XDG_CACHE_HOME/cognito-mcp/catalogs, else
// ~/.cache/cognito-mcp/catalogs, else "" (no cache). The store holds the
// documents; the cache only spares parsing them.
func DefaultCacheDir(getenv func(string) string) string {
	if d := getenv("XDG_CACHE_HOME"); filepath.IsAbs(d) {
		return filepath.Join(d, "cognito-mcp", "catalogs")
	}
	if h := getenv("HOME"); h != "" {
		return filepath.Join(h, ".cache", "cognito-mcp", "catalogs")
	}
	return ""
}
