package tools

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/cognito-mcp/cognito-mcp/executor"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/cognito-mcp/cognito-mcp/openapi"
	"github.com/cognito-mcp/cognito-mcp/registry"
)

// recordingCalls remembers the target of every handler it makes.
type recordingCalls struct{ targets map[string]*executor.Target }

func (r *recordingCalls) Handler(tool *openapi.Tool, target *executor.Target) server.ToolHandlerFunc {
	r.targets[tool.Name] = target
	return func(context.Context, mcp.CallToolRequest) (*mcp.CallToolResult, error) { return nil, nil }
}

func TestSyncBuildsTargetsInOrder(t *testing.T) {
	reg, err := registry.New(context.Background(), registry.Options{Dir: t.TempDir(), Load: fakeLoad, Builtin: fakeBuiltin})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, ns := range []string{"zoo", "pets"} {
		if _, err := reg.Add(ctx, registry.AddRequest{
			Namespace: ns,
			Spec:      petsDoc.text(),
			BaseURL:   "https://" + ns + ".example.com/v2/",
			Headers:   map[string]string{"x-tenant": "blue"},
			Auth:      map[string]registry.SecretRef{"api_key": {Env: "KEY"}},
		}); err != nil {
			t.Fatal(err)
		}
	}
	calls := &recordingCalls{targets: map[string]*executor.Target{}}
	builtin := &executor.Target{BaseURL: "https://cognito-idp.eu-west-1.amazonaws.com"}
	srv := server.NewMCPServer("t", "1", server.WithToolCapabilities(true))
	s := NewSync(srv, reg, SyncOptions{Calls: calls, BuiltinTarget: builtin})

	var names []string
	for _, st := range s.Tools(reg.Snapshot()) {
		names = append(names, st.Tool.Name)
	}
	want := []string{
		"openapi_add_source", "openapi_list_sources", "openapi_preview_spec", "openapi_remove_source",
		"cognito_list_users", "pets_getpet", "pets_addpet", "zoo_getpet", "zoo_addpet",
	}
	if !slices.Equal(names, want) {
		t.Errorf("tools %v, want %v", names, want)
	}
	if calls.targets["cognito_list_users"] != builtin {
		t.Error("the builtin source does not get BuiltinTarget")
	}
	pt := calls.targets["pets_getpet"]
	if pt.BaseURL != "https://pets.example.com/v2" || pt.Headers.Get("X-Tenant") != "blue" || pt.Auth == nil {
		t.Errorf("pets target %+v", pt)
	}
	// Authorizers (and their cached tokens) are kept per source.
	if calls.targets["pets_addpet"].Auth != pt.Auth || calls.targets["zoo_getpet"].Auth == pt.Auth {
		t.Error("authorizers not shared within a source, or shared across sources")
	}
	if got := len(srv.ListTools()); got != len(want) {
		t.Errorf("server has %d tools, want %d", got, len(want))
	}
}

// TestPetstoreThroughClient runs the real loader on the Petstore document.
func TestPetstoreThroughClient(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "openapi", "testdata", "petstore.openapi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	srv := newStaticServer(t, "/petstore.yaml", doc)
	dir := t.TempDir()
	start := func() *harness {
		reg, err := registry.New(context.Background(), registry.Options{Dir: dir, Builtin: fakeBuiltin})
		if err != nil {
			t.Fatal(err)
		}
		return newHarnessFor(t, reg, SyncOptions{})
	}
	h := start()
	for _, spec := range []string{string(doc), srv.URL + "/petstore.yaml"} {
		res := h.call(t, "openapi_preview_spec", map[string]any{"spec": spec, "namespace": "petstore"})
		if res.IsError {
			t.Fatal(text(res))
		}
		if m, _ := res.StructuredContent.(map[string]any); m["operationCount"] != float64(19) {
			t.Errorf("preview operationCount %v", m["operationCount"])
		}
	}
	h.expectNotes(t, 0)
	res := h.call(t, "openapi_add_source", map[string]any{
		"namespace": "petstore",
		"spec":      srv.URL + "/petstore.yaml",
		"auth":      map[string]any{"api_key": map[string]any{"env": "PETSTORE_API_KEY"}, "petstore_auth": map[string]any{"env": "PETSTORE_TOKEN"}},
	})
	if res.IsError {
		t.Fatal(text(res))
	}
	h.expectNotes(t, 1)
	if n := len(h.toolNames(t)); n != 5+19 {
		t.Errorf("%d tools after add, want 24", n)
	}
	srv.Close()

	h2 := start()
	if n := len(h2.toolNames(t)); n != 5+19 {
		t.Errorf("%d tools after restart, want 24", n)
	}
	if res := h2.call(t, "openapi_remove_source", map[string]any{"namespace": "petstore"}); res.IsError {
		t.Fatal(text(res))
	}
	h3 := start()
	if n := len(h3.toolNames(t)); n != 5 {
		t.Errorf("%d tools after remove and restart, want 5", n)
	}
}

func newStaticServer(t *testing.T, path string, body []byte) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) { w.Write(body) })
	s := httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}
