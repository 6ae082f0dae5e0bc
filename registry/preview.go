package registry

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/cognito-mcp/cognito-mcp/internal/lazyre"

	"github.com/cognito-mcp/cognito-mcp/openapi"
)

// PreviewRequest is what Preview needs; only Spec is required.
type PreviewRequest struct {
	Spec string
	// Namespace the tools would get; empty: one is suggested from the title.
	Namespace        string
	BaseURL          string
	Include, Exclude []string
	// Offset is the index of the first tool listed; Limit how many are
	// listed, at most MaxPreviewLimit. Zero Limit: DefaultPreviewLimit.
	Offset, Limit int
}

// The page of tools a preview lists, and how many warnings and skipped
// operations it shows: a preview of Microsoft Graph listing all 11,422
// tools is 13 MB, which no host takes as a tool result.
const (
	DefaultPreviewLimit = 100
	MaxPreviewLimit     = 1000
	maxPreviewNotes     = 50
)

// PreviewResult describes a document and exactly what Add would register.
type PreviewResult struct {
	Namespace       string                   `json:"namespace"`
	Origin          string                   `json:"origin"`
	Title           string                   `json:"title"`
	Version         string                   `json:"version"`
	Description     string                   `json:"description,omitempty"`
	Servers         []openapi.Server         `json:"servers,omitempty"`
	BaseURL         string                   `json:"baseUrl,omitempty"`
	SecuritySchemes []openapi.SecurityScheme `json:"securitySchemes,omitempty"`
	// OperationCount counts every operation, tools and skipped ones.
	OperationCount int `json:"operationCount"`
	ToolCount      int `json:"toolCount"`
	// Tools is the page Offset and Limit ask for, in catalog order;
	// NextOffset, when set, is the Offset of the next page.
	Tools      []PlannedTool `json:"tools"`
	Offset     int           `json:"offset,omitempty"`
	NextOffset int           `json:"nextOffset,omitempty"`
	// Skipped and Warnings show at most 50 each; SkippedCount and
	// WarningCount count them all.
	Skipped      []openapi.Skipped `json:"skipped,omitempty"`
	SkippedCount int               `json:"skippedCount,omitempty"`
	Warnings     []string          `json:"warnings,omitempty"`
	WarningCount int               `json:"warningCount,omitempty"`
	// ToolsListBytes is how many bytes the tools would add to tools/list;
	// set by the caller that knows the name style (see tools).
	ToolsListBytes int              `json:"toolsListBytes,omitempty"`
	DocumentBytes  int              `json:"documentBytes"`
	Catalog        *openapi.Catalog `json:"-"`
}

// PlannedTool is one tool Add would register.
type PlannedTool struct {
	Name        string              `json:"name"`
	Path        openapi.ToolPath    `json:"path"`
	Title       string              `json:"title"`
	Annotations openapi.Annotations `json:"annotations"`
	Required    []string            `json:"required,omitempty"`
	Method      string              `json:"method"`
	HTTPPath    string              `json:"httpPath"`
}

// Preview reads and loads a document without changing anything.
func (r *Registry) Preview(ctx context.Context, req PreviewRequest) (*PreviewResult, error) {
	cfg := Config{BaseURL: req.BaseURL, Include: req.Include, Exclude: req.Exclude}
	done, err := r.startLoad(ctx)
	if err != nil {
		return nil, fmt.Errorf("preview: %w", err)
	}
	defer done()
	doc, err := r.readSpec(ctx, req.Spec)
	if err != nil {
		return nil, fmt.Errorf("preview: %w", err)
	}
	ns := req.Namespace
	if ns == "" {
		// Suggest one from the title found in the text, so the document
		// is loaded only once and the names shown are exact.
		ns = r.suggestNamespace(scanTitle(doc.data))
	} else if err := CheckNamespace(ns); err != nil {
		return nil, err
	}
	p, err := r.prepare(ctx, doc, ns, cfg)
	if err != nil {
		return nil, fmt.Errorf("preview: %w", err)
	}
	if err := cfg.check(p.catalog); err != nil {
		return nil, fmt.Errorf("preview: %w", err)
	}
	cat := p.catalog
	res := &PreviewResult{
		Namespace:       ns,
		Origin:          p.doc.origin,
		Title:           cat.Title,
		Version:         cat.Version,
		Description:     cat.Description,
		Servers:         cat.Servers,
		BaseURL:         p.baseURL,
		SecuritySchemes: cat.SecuritySchemes,
		OperationCount:  len(cat.Tools) + len(cat.Skipped),
		ToolCount:       len(cat.Tools),
		Skipped:         cat.Skipped,
		Warnings:        p.warnings,
		DocumentBytes:   len(p.doc.data),
		Catalog:         cat,
	}
	if p.needBase != "" {
		res.Warnings = append(res.Warnings, p.needBase)
	}
	if r.Snapshot().Source(ns) != nil || r.hasEntry(ns) {
		res.Warnings = append(res.Warnings, fmt.Sprintf("a source %q already exists: addSource needs replace: true, or another namespace", ns))
	}
	if len(cat.SecuritySchemes) > 0 {
		res.Warnings = append(res.Warnings, fmt.Sprintf("the document declares security schemes (%s): pass addSource auth keyed by scheme name, e.g. {%q: {\"env\": \"ENV_VAR_NAME\"}}", schemeNames(cat), cat.SecuritySchemes[0].Name))
	}
	offset, end, err := page(req.Offset, req.Limit, len(cat.Tools))
	if err != nil {
		return nil, fmt.Errorf("preview: %w", err)
	}
	res.Offset = offset
	if end < len(cat.Tools) {
		res.NextOffset = end
	}
	res.SkippedCount, res.WarningCount = len(res.Skipped), len(res.Warnings)
	if len(res.Skipped) > maxPreviewNotes {
		res.Skipped = res.Skipped[:maxPreviewNotes:maxPreviewNotes]
	}
	if len(res.Warnings) > maxPreviewNotes {
		res.Warnings = append(res.Warnings[:maxPreviewNotes:maxPreviewNotes], fmt.Sprintf("... and %d more warnings", len(res.Warnings)-maxPreviewNotes))
	}
	res.Tools = []PlannedTool{}
	for _, t := range cat.Tools[offset:end] {
		res.Tools = append(res.Tools, PlannedTool{
			Name:        t.Name,
			Path:        t.Path,
			Title:       t.Title,
			Annotations: t.Annotations,
			Required:    requiredInputs(t.InputSchema),
			Method:      t.Plan.Method,
			HTTPPath:    t.Plan.Path,
		})
	}
	return res, nil
}

// page checks a preview's offset and limit and returns the bounds of the
// page among n tools.
func page(offset, limit, n int) (start, end int, err error) {
	switch {
	case offset < 0 || (offset > 0 && offset >= n):
		return 0, 0, fmt.Errorf("offset %d is outside the %d tools; pass 0 to %d", offset, n, max(n-1, 0))
	case limit < 0 || limit > MaxPreviewLimit:
		return 0, 0, fmt.Errorf("limit %d: want 1 to %d", limit, MaxPreviewLimit)
	case limit == 0:
		limit = DefaultPreviewLimit
	}
	return offset, min(offset+limit, n), nil
}

// suggestNamespace derives a free namespace from a title.
func (r *Registry) suggestNamespace(title string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(title) {
		if (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9' && b.Len() > 0) {
			b.WriteRune(c)
		}
		if b.Len() == 14 {
			break
		}
	}
	base := b.String()
	if base == "" {
		base = "api"
	}
	ns := base
	for i := 2; CheckNamespace(ns) != nil || r.Snapshot().Source(ns) != nil || r.hasEntry(ns); i++ {
		ns = fmt.Sprintf("%s%d", base, i)
	}
	return ns
}

var titleRE = lazyre.New(`(?:^|[\s{,])"?title"?\s*:\s*["']?([^"'\n,}]+)`)

// scanTitle finds the first title in a document's text; usually info.title.
func scanTitle(data []byte) string {
	if m := titleRE().FindSubmatch(data[:min(len(data), 64<<10)]); m != nil {
		return string(m[1])
	}
	return ""
}

func requiredInputs(schema json.RawMessage) []string {
	var s struct {
		Required []string `json:"required"`
	}
	if json.Unmarshal(schema, &s) != nil {
		return nil
	}
	return s.Required
}

// prepared is a document read and loaded for a namespace.
type prepared struct {
	doc     *document
	catalog *openapi.Catalog
	baseURL string
	// needBase says why Add needs a baseUrl; empty when it does not.
	needBase string
	warnings []string
}

func (r *Registry) prepare(ctx context.Context, doc *document, ns string, cfg Config) (*prepared, error) {
	opts := openapi.Options{
		Namespace:  ns,
		PathPrefix: ns,
		Include:    cfg.Include,
		Exclude:    cfg.Exclude,
		Location:   doc.location,
		ReadRef:    r.readRef(ctx, doc),
	}
	// A document just previewed is not counted again: its catalog is at
	// hand, and counted below.
	key := cacheKey(doc.data, opts)
	if r.cache.get(key) == nil {
		if err := r.countBeforeLoad(doc.data); err != nil {
			return nil, err
		}
	}
	cat, err := r.cachedLoad(key, doc.data, opts)
	if err != nil {
		return nil, err
	}
	if err := r.checkOperations(len(cat.Tools) + len(cat.Skipped)); err != nil {
		return nil, err
	}
	p := &prepared{doc: doc, catalog: cat}
	p.warnings = append(p.warnings, cat.Warnings...)
	for _, s := range cat.Skipped {
		p.warnings = append(p.warnings, fmt.Sprintf("operation %s %s skipped: %s", s.Method, s.Path, s.Reason))
	}
	var note string
	p.baseURL, note, p.needBase = baseURL(cfg, cat, doc.location)
	if note != "" {
		p.warnings = append(p.warnings, note)
	}
	return p, nil
}

// load calls the loader, turning a panic on a hostile document into an error.
func (r *Registry) load(data []byte, opts openapi.Options) (cat *openapi.Catalog, err error) {
	defer func() {
		if v := recover(); v != nil {
			cat, err = nil, fmt.Errorf("the document could not be loaded (loader failure: %v)", v)
		}
	}()
	cat, err = r.opts.Load(data, opts)
	if err != nil {
		return nil, fmt.Errorf("the document could not be loaded: %w", err)
	}
	if cat == nil || len(cat.Tools) == 0 {
		if cat != nil && len(cat.Skipped) > 0 {
			return nil, fmt.Errorf("%w (%d operations skipped)", errNoTools, len(cat.Skipped))
		}
		return nil, errNoTools
	}
	return cat, nil
}

// baseURL decides where calls go. It returns the base URL to use (empty:
// the document's servers), a note for the person adding the source, and,
// when calls would have nowhere to go, why a baseUrl is needed.
func baseURL(cfg Config, cat *openapi.Catalog, loc *url.URL) (base, note, need string) {
	if cfg.BaseURL != "" {
		return strings.TrimSuffix(cfg.BaseURL, "/"), "", ""
	}
	if len(cat.Servers) == 0 {
		for _, t := range cat.Tools {
			if len(t.Plan.Servers) == 0 {
				return "", "", "the document has no servers[]; pass baseUrl, e.g. https://api.example.com"
			}
		}
		return "", "", ""
	}
	s := cat.Servers[0]
	u := s.URL
	for _, v := range s.Variables {
		if v.Default == "" {
			return "", "", fmt.Sprintf("server %s has variable {%s} without a default; pass baseUrl", s.URL, v.Name)
		}
		u = strings.ReplaceAll(u, "{"+v.Name+"}", v.Default)
	}
	if strings.ContainsAny(u, "{}") {
		return "", "", fmt.Sprintf("server %s has an undeclared {variable}; pass baseUrl", s.URL)
	}
	pu, err := url.Parse(u)
	if err != nil {
		return "", "", fmt.Sprintf("server %s is not a valid URL; pass baseUrl", s.URL)
	}
	if pu.IsAbs() {
		return "", "", ""
	}
	if loc != nil && (loc.Scheme == "http" || loc.Scheme == "https") {
		abs := loc.ResolveReference(pu)
		abs.RawQuery, abs.Fragment, abs.User = "", "", nil
		b := strings.TrimSuffix(abs.String(), "/")
		return b, fmt.Sprintf("server %s is relative: calls go to %s (resolved against the document URL); pass baseUrl to change that", s.URL, b), ""
	}
	return "", "", fmt.Sprintf("server %s is relative and the document has no URL to resolve it against; pass baseUrl", s.URL)
}
