package tools

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cognito-mcp/cognito-mcp/executor"
	"github.com/cognito-mcp/cognito-mcp/inventory"
	"github.com/cognito-mcp/cognito-mcp/sourceauth"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/cognito-mcp/cognito-mcp/openapi"
	"github.com/cognito-mcp/cognito-mcp/registry"
)

// fakeDoc is what fakeLoad understands: a title, operations and schemes.
type fakeDoc struct {
	OpenAPI string                   `json:"openapi"`
	Title   string                   `json:"title"`
	Ops     []string                 `json:"ops"`
	Schemes []openapi.SecurityScheme `json:"schemes,omitempty"`
}

func (d fakeDoc) text() string {
	b, _ := json.Marshal(d)
	return string(b)
}

var petsDoc = fakeDoc{
	OpenAPI: "3.0.3",
	Title:   "Pets",
	Ops:     []string{"getPet", "addPet"},
	Schemes: []openapi.SecurityScheme{{Name: "api_key", Type: "apiKey", In: "header", Param: "X-Api-Key"}},
}

func fakeLoad(data []byte, o openapi.Options) (*openapi.Catalog, error) {
	var d fakeDoc
	if err := json.Unmarshal(data, &d); err != nil || d.OpenAPI == "" {
		return nil, errors.New("not an OpenAPI document")
	}
	cat := &openapi.Catalog{Title: d.Title, Version: "1", SecuritySchemes: d.Schemes, Servers: []openapi.Server{{URL: "https://pets.example.com"}}}
	for _, op := range d.Ops {
		cat.Tools = append(cat.Tools, openapi.Tool{
			Name:        o.Namespace + "_" + strings.ToLower(op),
			Path:        openapi.ToolPath(o.PathPrefix + ".pet." + op),
			Title:       op,
			Description: "Operation " + op,
			InputSchema: json.RawMessage(`{"type":"object","properties":{"id":{"type":"string"}}}`),
			Annotations: openapi.Annotations{ReadOnly: strings.HasPrefix(op, "get"), OpenWorld: true},
			Plan:        openapi.Plan{Method: "GET", Path: "/pets", Security: []openapi.SecurityRequirement{{"api_key": nil}}},
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

// fakeExecutor calls target.BaseURL with the target's headers and auth and
// returns the upstream's answer as text.
type fakeExecutor struct{}

func (fakeExecutor) Handler(tool *openapi.Tool, target *executor.Target) server.ToolHandlerFunc {
	return func(ctx context.Context, _ mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		req, err := http.NewRequestWithContext(ctx, tool.Plan.Method, target.BaseURL+tool.Plan.Path, nil)
		if err != nil {
			return nil, err
		}
		for k, v := range target.Headers {
			req.Header[k] = v
		}
		if target.Auth != nil {
			if err := target.Auth.Authorize(ctx, req, tool.Plan.Security); err != nil {
				return mcp.NewToolResultError(err.Error()), nil
			}
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return mcp.NewToolResultError(err.Error()), nil
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return mcp.NewToolResultText(fmt.Sprintf("%d %s", resp.StatusCode, body)), nil
	}
}

type harness struct {
	srv   *server.MCPServer
	reg   *registry.Registry
	c     *client.Client
	notes chan string
}

func newHarness(t *testing.T, opts SyncOptions) *harness {
	t.Helper()
	reg, err := registry.New(context.Background(), registry.Options{Dir: t.TempDir(), Load: fakeLoad, Builtin: fakeBuiltin})
	if err != nil {
		t.Fatal(err)
	}
	return newHarnessFor(t, reg, opts)
}

func newHarnessFor(t *testing.T, reg *registry.Registry, opts SyncOptions) *harness {
	t.Helper()
	srv := server.NewMCPServer("cognito-mcp", "test", server.WithToolCapabilities(true))
	if opts.Calls == nil {
		opts.Calls = fakeExecutor{}
	}
	s := NewSync(srv, reg, opts)
	t.Cleanup(s.Close)
	c, err := client.NewInProcessClient(srv)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	h := &harness{srv: srv, reg: reg, c: c, notes: make(chan string, 64)}
	c.OnNotification(func(n mcp.JSONRPCNotification) { h.notes <- n.Method })
	ctx := context.Background()
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	init := mcp.InitializeRequest{}
	init.Params.ProtocolVersion = mcp.LATEST_LEGACY_PROTOCOL_VERSION // 2025-11-25
	init.Params.ClientInfo = mcp.Implementation{Name: "test", Version: "1"}
	if _, err := c.Initialize(ctx, init); err != nil {
		t.Fatal(err)
	}
	return h
}

func (h *harness) call(t *testing.T, name string, args map[string]any) *mcp.CallToolResult {
	t.Helper()
	req := mcp.CallToolRequest{}
	req.Params.Name = name
	req.Params.Arguments = args
	res, err := h.c.CallTool(context.Background(), req)
	if err != nil {
		t.Fatalf("call %s: %v", name, err)
	}
	return res
}

func (h *harness) toolNames(t *testing.T) []string {
	t.Helper()
	res, err := h.c.ListTools(context.Background(), mcp.ListToolsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tl := range res.Tools {
		names = append(names, tl.Name)
	}
	slices.Sort(names)
	return names
}

// expectNotes waits for n tools/list_changed notifications, then checks,
// after one more round trip, that no other arrived.
func (h *harness) expectNotes(t *testing.T, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		select {
		case m := <-h.notes:
			if m != mcp.MethodNotificationToolsListChanged {
				t.Errorf("notification %q", m)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("got %d tools/list_changed notifications, want %d", i, n)
		}
	}
	if err := h.c.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
	if extra := len(h.notes); extra != 0 {
		t.Errorf("%d notifications more than the %d expected", extra, n)
	}
}

func text(res *mcp.CallToolResult) string {
	var b strings.Builder
	for _, c := range res.Content {
		if tc, ok := c.(mcp.TextContent); ok {
			b.WriteString(tc.Text)
		}
	}
	return b.String()
}

var controlNames = []string{"openapi_add_source", "openapi_list_sources", "openapi_preview_spec", "openapi_remove_source"}

func TestControlToolsThroughClient(t *testing.T) {
	h := newHarness(t, SyncOptions{})
	start := append(slices.Clone(controlNames), "cognito_list_users")
	slices.Sort(start)
	if got := h.toolNames(t); !slices.Equal(got, start) {
		t.Fatalf("tools at start %v", got)
	}

	res := h.call(t, "openapi_preview_spec", map[string]any{"spec": petsDoc.text(), "namespace": "pets"})
	if res.IsError {
		t.Fatal(text(res))
	}
	var preview registry.PreviewResult
	b, _ := json.Marshal(res.StructuredContent)
	json.Unmarshal(b, &preview)
	if preview.ToolCount != 2 || preview.Tools[0].Name != "pets_getpet" || preview.ToolsListBytes == 0 {
		t.Errorf("preview %+v", preview)
	}
	h.expectNotes(t, 0)
	if got := h.toolNames(t); !slices.Equal(got, start) {
		t.Errorf("preview changed the tools: %v", got)
	}

	res = h.call(t, "openapi_add_source", map[string]any{"namespace": "pets", "spec": petsDoc.text()})
	if res.IsError {
		t.Fatal(text(res))
	}
	h.expectNotes(t, 1)
	got := h.toolNames(t)
	if !slices.Contains(got, "pets_getpet") || !slices.Contains(got, "pets_addpet") || len(got) != len(start)+2 {
		t.Errorf("tools after add %v", got)
	}
	// preview's byte count is what the registered tools marshal to.
	n := 0
	for name, st := range h.srv.ListTools() {
		if strings.HasPrefix(name, "pets_") {
			b, _ := json.Marshal(st.Tool)
			n += len(b) + 1
		}
	}
	if n != preview.ToolsListBytes {
		t.Errorf("tools/list grew by %d bytes, preview said %d", n, preview.ToolsListBytes)
	}

	res = h.call(t, "openapi_add_source", map[string]any{"namespace": "pets", "spec": petsDoc.text()})
	if !res.IsError || !strings.Contains(text(res), "replace: true") {
		t.Errorf("duplicate add: %s", text(res))
	}
	h.expectNotes(t, 0)

	res = h.call(t, "openapi_list_sources", nil)
	if res.IsError || !strings.Contains(text(res), `"namespace":"cognito"`) || !strings.Contains(text(res), `"builtin":true`) || !strings.Contains(text(res), `"namespace":"pets"`) {
		t.Errorf("list: %s", text(res))
	}

	res = h.call(t, "openapi_remove_source", map[string]any{"namespace": "cognito"})
	if !res.IsError || !strings.Contains(text(res), "cannot be removed") {
		t.Errorf("remove cognito: %s", text(res))
	}
	res = h.call(t, "openapi_remove_source", map[string]any{"namespace": "pets"})
	if res.IsError {
		t.Fatal(text(res))
	}
	h.expectNotes(t, 1)
	if got := h.toolNames(t); !slices.Equal(got, start) {
		t.Errorf("tools after remove %v", got)
	}
}

func TestControlToolErrors(t *testing.T) {
	h := newHarness(t, SyncOptions{})
	for _, tc := range []struct {
		tool string
		args map[string]any
		want string
	}{
		{"openapi_preview_spec", map[string]any{"spec": "not a spec"}, "not an OpenAPI document"},
		{"openapi_add_source", map[string]any{"namespace": "Pets", "spec": petsDoc.text()}, "not valid"},
		{"openapi_add_source", map[string]any{"namespace": "openapi", "spec": petsDoc.text()}, "reserved"},
		{"openapi_add_source", map[string]any{"spec": petsDoc.text()}, "namespace and spec are required"},
		{"openapi_add_source", map[string]any{"namespace": "pets", "spec": 42}, `"spec" has the wrong type: want a string`},
		{"openapi_add_source", map[string]any{"namespace": "pets", "spec": "file:///etc/passwd"}, "refused"},
		{"openapi_add_source", map[string]any{"namespace": "pets", "spec": petsDoc.text(), "auth": map[string]any{"api_key": "literal"}}, "literal secret"},
		{"openapi_add_source", map[string]any{"namespace": "pets", "spec": petsDoc.text(), "auth": map[string]any{"nope": map[string]any{"env": "X"}}}, "known schemes: api_key"},
		{"openapi_add_source", map[string]any{"namespace": "pets", "spec": petsDoc.text(), "auth": "s3cr3t"}, `"auth" has the wrong type: want an object`},
		{"openapi_remove_source", map[string]any{"namespace": "nosuch"}, "no source"},
	} {
		res := h.call(t, tc.tool, tc.args)
		if !res.IsError || !strings.Contains(text(res), tc.want) {
			t.Errorf("%s %v: %s; want an error with %q", tc.tool, tc.args, text(res), tc.want)
		}
	}
	h.expectNotes(t, 0)
}

func TestSecretNeverInResults(t *testing.T) {
	const secret = "sk-live-9a7b3c1d5e"
	up, got := upstream(t)
	h := newHarness(t, SyncOptions{Auth: sourceauth.Options{Getenv: func(k string) string {
		if k == "PETS_KEY" {
			return secret
		}
		return ""
	}}})
	var texts []string
	record := func(res *mcp.CallToolResult) {
		b, _ := json.Marshal(res)
		texts = append(texts, string(b))
	}
	record(h.call(t, "openapi_preview_spec", map[string]any{"spec": petsDoc.text()}))
	record(h.call(t, "openapi_add_source", map[string]any{"namespace": "pets", "spec": petsDoc.text(), "auth": map[string]any{"api_key": map[string]any{"value": secret}}}))
	record(h.call(t, "openapi_add_source", map[string]any{"namespace": "pets", "spec": petsDoc.text(), "auth": map[string]any{"api_key": secret}}))
	record(h.call(t, "openapi_add_source", map[string]any{"namespace": "pets", "spec": petsDoc.text(), "baseUrl": up.URL, "auth": map[string]any{"api_key": map[string]any{"env": "PETS_KEY"}}}))
	record(h.call(t, "openapi_list_sources", nil))
	res := h.call(t, "pets_getpet", map[string]any{"id": "1"})
	record(res)
	if rec := <-got; rec.Header.Get("X-Api-Key") != secret {
		t.Errorf("upstream got X-Api-Key %q", rec.Header.Get("X-Api-Key"))
	}
	record(h.call(t, "openapi_add_source", map[string]any{"namespace": "pets", "spec": petsDoc.text(), "auth": map[string]any{"api_key": map[string]any{"env": "PETS_KEY"}}}))
	for _, s := range texts {
		if strings.Contains(s, secret) {
			t.Errorf("a result shows the secret: %s", s)
		}
	}
	if !strings.Contains(texts[4], `"api_key":{"env":"PETS_KEY"}`) {
		t.Errorf("listSources should show the reference: %s", texts[4])
	}
}

func TestAddWarnsAboutUnsetSecret(t *testing.T) {
	h := newHarness(t, SyncOptions{})
	t.Setenv("PETS_TEST_UNSET_KEY", "")
	res := h.call(t, "openapi_add_source", map[string]any{"namespace": "pets", "spec": petsDoc.text(), "auth": map[string]any{"api_key": map[string]any{"env": "PETS_TEST_UNSET_KEY"}}})
	if res.IsError || !strings.Contains(text(res), "PETS_TEST_UNSET_KEY is not set") {
		t.Errorf("add: %s", text(res))
	}
}

func TestReadOnlyAndPathNames(t *testing.T) {
	h := newHarness(t, SyncOptions{Inventory: inventory.Options{ReadOnly: true, Names: inventory.PathNames}})
	if _, err := h.reg.Add(context.Background(), registry.AddRequest{Namespace: "pets", Spec: petsDoc.text()}); err != nil {
		t.Fatal(err)
	}
	h.expectNotes(t, 1)
	want := []string{"openapi.listSources", "openapi.previewSpec", "pets.pet.getPet", "xAmzTargetAwsCognitoIdentityProviderServiceListUsers.listUsers"}
	if got := h.toolNames(t); !slices.Equal(got, want) {
		t.Errorf("read-only tools %v, want %v", got, want)
	}
}

// TestIncludeExcludeServed: tools/list and preview's byte count follow the
// inventory's patterns.
func TestIncludeExcludeServed(t *testing.T) {
	h := newHarness(t, SyncOptions{Inventory: inventory.Options{
		Include: []string{"openapi_*", "pets.*"}, Exclude: []string{"openapi.addSource", "pets_addpet"},
	}})
	want := []string{"openapi_list_sources", "openapi_preview_spec", "openapi_remove_source"}
	if got := h.toolNames(t); !slices.Equal(got, want) {
		t.Errorf("tools %v, want %v", got, want)
	}
	res := h.call(t, "openapi_preview_spec", map[string]any{"spec": petsDoc.text(), "namespace": "pets"})
	var preview registry.PreviewResult
	b, _ := json.Marshal(res.StructuredContent)
	if err := json.Unmarshal(b, &preview); err != nil {
		t.Fatal(err)
	}
	if _, err := h.reg.Add(context.Background(), registry.AddRequest{Namespace: "pets", Spec: petsDoc.text()}); err != nil {
		t.Fatal(err)
	}
	h.expectNotes(t, 1)
	if got := h.toolNames(t); !slices.Equal(got, append(want, "pets_getpet")) {
		t.Errorf("tools after add %v", got)
	}
	st := h.srv.GetTool("pets_getpet")
	if st == nil {
		t.Fatal("pets_getpet not served")
	}
	def, _ := json.Marshal(st.Tool)
	if preview.ToolsListBytes != len(def)+1 {
		t.Errorf("preview counted %d bytes, the one served tool is %d", preview.ToolsListBytes, len(def)+1)
	}
}

func TestToolAnnotationsAndMeta(t *testing.T) {
	h := newHarness(t, SyncOptions{})
	list, err := h.c.ListTools(context.Background(), mcp.ListToolsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]mcp.Tool{}
	for _, tl := range list.Tools {
		byName[tl.Name] = tl
	}
	for _, tc := range []struct {
		name, path            string
		readOnly, destructive bool
	}{
		{"openapi_preview_spec", "openapi.previewSpec", true, false},
		{"openapi_list_sources", "openapi.listSources", true, false},
		{"openapi_add_source", "openapi.addSource", false, false},
		{"openapi_remove_source", "openapi.removeSource", false, true},
	} {
		tl, ok := byName[tc.name]
		if !ok {
			t.Errorf("%s missing", tc.name)
			continue
		}
		a := tl.Annotations
		if *a.ReadOnlyHint != tc.readOnly || *a.DestructiveHint != tc.destructive || tl.Meta.AdditionalFields[MetaToolPath] != tc.path {
			t.Errorf("%s: annotations %+v, meta %v", tc.name, a, tl.Meta.AdditionalFields)
		}
	}
}
