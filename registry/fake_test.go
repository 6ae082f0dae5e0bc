package registry

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cognito-mcp/cognito-mcp/openapi"
)

// fakeDoc is the JSON document fakeLoad understands: enough to exercise the
// registry without the real loader.
type fakeDoc struct {
	OpenAPI string                   `json:"openapi"`
	Title   string                   `json:"title,omitempty"`
	Ops     []string                 `json:"ops,omitempty"`
	Servers []string                 `json:"servers,omitempty"`
	Ref     string                   `json:"ref,omitempty"`
	Schemes []openapi.SecurityScheme `json:"schemes,omitempty"`
}

func (d fakeDoc) text() string {
	b, _ := json.Marshal(d)
	return string(b)
}

var petsDoc = fakeDoc{
	OpenAPI: "3.0.3",
	Title:   "Pet Store",
	Ops:     []string{"getPet", "addPet", "deletePet"},
	Servers: []string{"https://pets.example.com/v1"},
	Schemes: []openapi.SecurityScheme{{Name: "api_key", Type: "apiKey", In: "header", Param: "X-Api-Key"}},
}

// fakeLoad builds a catalog from a fakeDoc, resolving its one $ref.
func fakeLoad(data []byte, o openapi.Options) (*openapi.Catalog, error) {
	var d fakeDoc
	if err := json.Unmarshal(data, &d); err != nil {
		return nil, fmt.Errorf("parse: %v", err)
	}
	if d.OpenAPI == "" {
		return nil, errors.New("not an OpenAPI document: no openapi or swagger field")
	}
	if d.Ref != "" {
		if o.ReadRef == nil || o.Location == nil {
			return nil, fmt.Errorf("$ref %s cannot be resolved: the document has no location", d.Ref)
		}
		u, err := o.Location.Parse(d.Ref)
		if err != nil {
			return nil, err
		}
		if _, err := o.ReadRef(u); err != nil {
			return nil, fmt.Errorf("$ref %s: %w", d.Ref, err)
		}
	}
	cat := &openapi.Catalog{Title: d.Title, Version: "1.0", SecuritySchemes: d.Schemes}
	for _, s := range d.Servers {
		cat.Servers = append(cat.Servers, openapi.Server{URL: s})
	}
	for _, op := range d.Ops {
		if len(o.Include) > 0 && !slices.Contains(o.Include, op) || slices.Contains(o.Exclude, op) {
			continue
		}
		cat.Tools = append(cat.Tools, openapi.Tool{
			Name:        o.Namespace + "_" + strings.ToLower(op),
			Path:        openapi.ToolPath(strings.TrimPrefix(o.PathPrefix+".pet."+op, ".")),
			Title:       op,
			InputSchema: json.RawMessage(`{"type":"object","properties":{"id":{"type":"string"}},"required":["id"]}`),
			Annotations: openapi.Annotations{ReadOnly: strings.HasPrefix(op, "get"), Destructive: strings.HasPrefix(op, "delete")},
			Plan:        openapi.Plan{Method: "GET", Path: "/pets/{id}"},
		})
	}
	return cat, nil
}

func fakeBuiltin() (*openapi.Catalog, error) {
	return &openapi.Catalog{Title: "Amazon Cognito", Version: "2016-04-18", Tools: []openapi.Tool{{
		Name:        "cognito_list_users",
		Path:        "xAmzTargetAwsCognitoIdentityProviderServiceListUsers.listUsers",
		Title:       "ListUsers",
		InputSchema: json.RawMessage(`{"type":"object"}`),
		Annotations: openapi.Annotations{ReadOnly: true},
	}}}, nil
}

// newTestRegistry makes a registry over dir with the fake loader.
func newTestRegistry(t *testing.T, dir string, edit ...func(*Options)) *Registry {
	t.Helper()
	opts := Options{
		Dir:     dir,
		Load:    fakeLoad,
		Builtin: fakeBuiltin,
		Logger:  slog.New(slog.NewTextHandler(testWriter{t}, nil)),
	}
	for _, e := range edit {
		e(&opts)
	}
	r, err := New(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Helper()
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// serve starts an httptest server (127.0.0.1, free port) with files by path.
func serve(t *testing.T, files map[string]string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("User-Agent") != "cognito-mcp" {
			http.Error(w, "bad user agent", http.StatusBadRequest)
			return
		}
		body, ok := files[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// dirFiles lists the files under dir, relative, sorted.
func dirFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	return out
}

func toolNames(s *Source) []string {
	var n []string
	for _, t := range s.Catalog.Tools {
		n = append(n, t.Name)
	}
	return n
}
