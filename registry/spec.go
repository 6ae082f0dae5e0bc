package registry

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Origins of sources that were not fetched from a URL or read from a file.
const (
	OriginInline   = "inline"
	OriginEmbedded = "embedded"
)

// document is a spec's bytes with where they came from and the external
// $ref targets read while loading it.
type document struct {
	data     []byte
	location *url.URL // nil for inline text
	origin   string   // redacted URL, file path, or OriginInline

	mu   sync.Mutex
	refs map[string][]byte // by URL without fragment
}

// redirectError stops a fetch that redirects too often or off http(s).
type redirectError struct {
	limit  int
	scheme string
}

func (e *redirectError) Error() string {
	if e.scheme != "" {
		return fmt.Sprintf("redirect to a %s: URL refused", e.scheme)
	}
	return fmt.Sprintf("more than %d redirects", e.limit)
}

// redact drops credentials, query and fragment from u for messages and the
// state file.
func redact(u *url.URL) string {
	c := url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}
	if c.Scheme == "file" {
		return c.Path
	}
	return c.String()
}

// readSpec reads a spec given as an http(s) URL, a local path or file://
// URL (only under Options.AllowDirs), or the document text itself.
func (r *Registry) readSpec(ctx context.Context, spec string) (*document, error) {
	s := strings.TrimSpace(spec)
	singleLine := !strings.ContainsAny(s, "\r\n")
	lower := strings.ToLower(s)
	switch {
	case s == "":
		return nil, errors.New("spec is empty: pass an http(s) URL of an OpenAPI document or the document text (JSON or YAML)")
	case singleLine && (strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://")):
		u, err := url.Parse(s)
		if err != nil || u.Host == "" {
			return nil, errors.New("spec looks like a URL but does not parse; pass a full http(s) URL")
		}
		u.Fragment = ""
		data, err := r.fetch(ctx, u)
		if err != nil {
			return nil, err
		}
		return &document{data: data, location: u, origin: redact(u)}, nil
	case strings.HasPrefix(s, "{") || strings.Contains(s, "openapi:") || strings.Contains(s, "swagger:"):
		if int64(len(spec)) > r.opts.MaxDocumentBytes {
			return nil, fmt.Errorf("the document text is larger than the %d-byte limit", r.opts.MaxDocumentBytes)
		}
		return &document{data: []byte(spec), origin: OriginInline}, nil
	case singleLine && strings.HasPrefix(lower, "file://"):
		u, err := url.Parse(s)
		if err != nil || (u.Host != "" && u.Host != "localhost") {
			return nil, errors.New("spec: a file URL must look like file:///absolute/path")
		}
		return r.readLocal(u.Path)
	case singleLine && (filepath.IsAbs(s) || strings.HasPrefix(s, "./") || strings.HasPrefix(s, "../") || strings.HasPrefix(s, "~")):
		return r.readLocal(s)
	}
	return nil, errors.New("spec is not an OpenAPI document: pass an http(s) URL, or the document text as JSON (starting with '{') or YAML (with an 'openapi:' or 'swagger:' line)")
}

func (r *Registry) readLocal(p string) (*document, error) {
	path, err := r.allowedFile(p)
	if err != nil {
		return nil, err
	}
	data, err := r.readFile(path)
	if err != nil {
		return nil, err
	}
	return &document{data: data, location: &url.URL{Scheme: "file", Path: filepath.ToSlash(path)}, origin: path}, nil
}

// allowedFile resolves p and checks that it lies under an allowed directory.
func (r *Registry) allowedFile(p string) (string, error) {
	if strings.HasPrefix(p, "~") {
		return "", fmt.Errorf("local file %s: '~' is not expanded; pass an absolute path", p)
	}
	refused := fmt.Errorf("local file %s refused: reading local files is off unless their directory is allowed when the server starts (allow-dir); pass an http(s) URL or the document text instead", p)
	if len(r.opts.AllowDirs) == 0 {
		return "", refused
	}
	abs, err := filepath.Abs(p)
	if err != nil || !r.underAllowed(abs) {
		return "", refused
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return "", fmt.Errorf("local file %s does not exist", abs)
		}
		return "", fmt.Errorf("local file %s: %v", abs, errors.Unwrap(err))
	}
	if !r.underAllowed(real) {
		return "", refused
	}
	return real, nil
}

// underAllowed reports whether path lies in an allowed directory, as given
// or with its symbolic links resolved.
func (r *Registry) underAllowed(path string) bool { return under(r.opts.AllowDirs, path) }

// under reports whether path lies in one of dirs, as given or with their
// symbolic links resolved.
func under(dirs []string, path string) bool {
	for _, d := range dirs {
		dir, err := filepath.Abs(d)
		if err != nil {
			continue
		}
		cands := []string{dir}
		if rd, err := filepath.EvalSymlinks(dir); err == nil && rd != dir {
			cands = append(cands, rd)
		}
		for _, dir := range cands {
			if rel, err := filepath.Rel(dir, path); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				return true
			}
		}
	}
	return false
}

func (r *Registry) readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("local file %s cannot be read: %v", path, errors.Unwrap(err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return nil, fmt.Errorf("local file %s is not a regular file", path)
	}
	if st.Size() > r.opts.MaxDocumentBytes {
		return nil, fmt.Errorf("local file %s is larger than the %d-byte document limit", path, r.opts.MaxDocumentBytes)
	}
	data, err := readAtMost(f, r.opts.MaxDocumentBytes, st.Size())
	if err != nil {
		return nil, fmt.Errorf("local file %s cannot be read: %v", path, err)
	}
	if int64(len(data)) > r.opts.MaxDocumentBytes {
		return nil, fmt.Errorf("local file %s is larger than the %d-byte document limit", path, r.opts.MaxDocumentBytes)
	}
	return data, nil
}

// readAtMost reads up to limit+1 bytes (so the caller can tell the limit was
// passed) into a buffer sized from hint when it is known: growing a buffer
// to GitHub's 13 MB document step by step costs more than parsing parts of it.
func readAtMost(r io.Reader, limit, hint int64) ([]byte, error) {
	var buf bytes.Buffer
	if hint > 0 && hint <= limit {
		buf.Grow(int(hint) + bytes.MinRead) // ReadFrom wants MinRead spare to see EOF
	}
	_, err := buf.ReadFrom(io.LimitReader(r, limit+1))
	return buf.Bytes(), err
}

// fetch GETs u within the size, time and redirect limits.
func (r *Registry) fetch(ctx context.Context, u *url.URL) ([]byte, error) {
	show := redact(u)
	ctx, cancel := context.WithTimeout(ctx, r.opts.FetchTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %v", show, err)
	}
	req.Header.Set("User-Agent", "cognito-mcp")
	req.Header.Set("Accept", "application/json, application/yaml, text/yaml, */*;q=0.5")
	resp, err := r.opts.HTTPClient.Do(req)
	if err != nil {
		return nil, r.fetchError(ctx, show, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, fmt.Errorf("fetch %s: the server answered HTTP %d; check the URL", show, resp.StatusCode)
	}
	max := r.opts.MaxDocumentBytes
	tooBig := fmt.Errorf("fetch %s: the document is larger than the %d-byte limit", show, max)
	if resp.ContentLength > max {
		return nil, tooBig
	}
	data, err := readAtMost(resp.Body, max, resp.ContentLength)
	if err != nil {
		return nil, r.fetchError(ctx, show, err)
	}
	if int64(len(data)) > max {
		return nil, tooBig
	}
	return data, nil
}

func (r *Registry) fetchError(ctx context.Context, show string, err error) error {
	var re *redirectError
	switch {
	case errors.As(err, &re):
		if re.scheme != "" {
			return fmt.Errorf("fetch %s: %v", show, re)
		}
		return fmt.Errorf("fetch %s: %v; pass the final URL", show, re)
	case ctx.Err() != nil && errors.Is(ctx.Err(), context.DeadlineExceeded):
		return fmt.Errorf("fetch %s: no complete answer within %s; check that the URL is reachable, or pass the document text", show, r.opts.FetchTimeout)
	case ctx.Err() != nil:
		return fmt.Errorf("fetch %s: %w", show, context.Cause(ctx))
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return fmt.Errorf("fetch %s: %v; check that the URL is reachable", show, err)
}

// readRef returns the ReadRef for loading doc: it resolves external $refs
// with the same limits as the document, and records what it read so the
// source can be loaded again without network.
func (r *Registry) readRef(ctx context.Context, doc *document) func(*url.URL) ([]byte, error) {
	return func(u *url.URL) ([]byte, error) {
		key := *u
		key.Fragment = ""
		k := key.String()
		doc.mu.Lock()
		if data, ok := doc.refs[k]; ok {
			doc.mu.Unlock()
			return data, nil
		}
		n := len(doc.refs)
		doc.mu.Unlock()
		if n >= r.opts.MaxRefs {
			return nil, fmt.Errorf("$ref %s: more than %d external documents referenced", redact(&key), r.opts.MaxRefs)
		}
		var data []byte
		var err error
		switch key.Scheme {
		case "http", "https":
			data, err = r.fetch(ctx, &key)
		case "file":
			if doc.location == nil || doc.location.Scheme != "file" {
				return nil, fmt.Errorf("$ref %s: local files are only read for documents that are themselves local files", redact(&key))
			}
			var path string
			if path, err = r.allowedFile(filepath.FromSlash(key.Path)); err == nil {
				data, err = r.readFile(path)
			}
		case "":
			err = fmt.Errorf("$ref %s: the document was given as text, so a relative $ref has nothing to resolve against; pass the document's URL instead", key.String())
		default:
			err = fmt.Errorf("$ref %s: only http(s) references can be resolved", redact(&key))
		}
		if err != nil {
			return nil, err
		}
		doc.mu.Lock()
		if doc.refs == nil {
			doc.refs = map[string][]byte{}
		}
		doc.refs[k] = data
		doc.mu.Unlock()
		return data, nil
	}
}

// cachedRefs serves $refs only from what was saved with the source.
func cachedRefs(refs map[string][]byte) func(*url.URL) ([]byte, error) {
	return func(u *url.URL) ([]byte, error) {
		key := *u
		key.Fragment = ""
		if data, ok := refs[key.String()]; ok {
			return data, nil
		}
		return nil, fmt.Errorf("$ref %s is not in the saved copy; add the source again", redact(&key))
	}
}
