package tools

import (
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/cognito-mcp/cognito-mcp/executor"
	"github.com/cognito-mcp/cognito-mcp/inventory"
	"github.com/cognito-mcp/cognito-mcp/openapi"
	"github.com/cognito-mcp/cognito-mcp/registry"
)

// echoCalls answers every call with the tool, its target and the arguments
// it received, as structured content.
type echoCalls struct{}

func (echoCalls) Handler(tool *openapi.Tool, target *executor.Target) server.ToolHandlerFunc {
	return func(_ context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		return structured(map[string]any{"tool": string(tool.Path), "name": req.Params.Name, "baseUrl": target.BaseURL, "args": req.GetArguments()}), nil
	}
}

func searchHarness(t *testing.T, inv inventory.Options) *harness {
	t.Helper()
	inv.Mode = inventory.Search
	h := newHarness(t, SyncOptions{Inventory: inv, Calls: echoCalls{}})
	return h
}

func (h *harness) addPets(t *testing.T) {
	t.Helper()
	if _, err := h.reg.Add(context.Background(), registry.AddRequest{Namespace: "pets", Spec: petsDoc.text(), BaseURL: "https://pets.example.com/v2"}); err != nil {
		t.Fatal(err)
	}
}

func (h *harness) search(t *testing.T, args map[string]any) SearchResult {
	t.Helper()
	res := h.call(t, "openapi_search_tools", args)
	if res.IsError {
		t.Fatalf("search %v: %s", args, text(res))
	}
	var out SearchResult
	if err := json.Unmarshal([]byte(text(res)), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func hitNames(r SearchResult) []string {
	var out []string
	for _, h := range r.Tools {
		out = append(out, h.Name)
	}
	return out
}

func TestSearchModeListsControlAndMetaTools(t *testing.T) {
	h := searchHarness(t, inventory.Options{})
	want := []string{"openapi_add_source", "openapi_call_tool", "openapi_describe_tool", "openapi_list_sources",
		"openapi_preview_spec", "openapi_remove_source", "openapi_search_tools"}
	before := h.toolNames(t)
	if !slices.Equal(before, want) {
		t.Fatalf("tools %v, want %v", before, want)
	}
	if got := hitNames(h.search(t, map[string]any{"query": "add a pet"})); slices.ContainsFunc(got, func(n string) bool { return strings.HasPrefix(n, "pets_") }) {
		t.Fatalf("pets tools found before the source was added: %v", got)
	}

	// A preview says the source would add nothing to tools/list
	// (toolsListBytes 0, left out of the answer).
	res := h.call(t, "openapi_preview_spec", map[string]any{"namespace": "pets", "spec": petsDoc.text()})
	if m, _ := res.StructuredContent.(map[string]any); res.IsError || m["toolsListBytes"] != nil || m["toolCount"] != float64(2) {
		t.Errorf("preview in search mode: %s", text(res))
	}

	// Adding a source changes what search finds, not tools/list, and sends
	// no tools/list_changed.
	res = h.call(t, "openapi_add_source", map[string]any{"namespace": "pets", "spec": petsDoc.text(), "baseUrl": "https://pets.example.com/v2"})
	if res.IsError {
		t.Fatal(text(res))
	}
	h.expectNotes(t, 0)
	if after := h.toolNames(t); !slices.Equal(after, before) {
		t.Errorf("tools/list changed after addSource: %v", after)
	}
	found := h.search(t, map[string]any{"query": "add a pet", "limit": 1})
	if len(found.Tools) != 1 || found.Tools[0].Name != "pets_addpet" || found.Total < 1 {
		t.Fatalf("search after add: %+v", found)
	}
	hit := found.Tools[0]
	if hit.Title != "addPet" || hit.Source != "pets" || hit.Description != "Operation addPet" {
		t.Errorf("hit %+v", hit)
	}
	if a, _ := hit.Annotations.(map[string]any); a["readOnlyHint"] != false || a["openWorldHint"] != true {
		t.Errorf("hit annotations %v", hit.Annotations)
	}
	if got := hitNames(h.search(t, map[string]any{"query": "pet", "source": "cognito"})); len(got) != 0 {
		t.Errorf("source cognito found %v", got)
	}

	// describe gives the definition full mode lists.
	res = h.call(t, "openapi_describe_tool", map[string]any{"name": "pets_getpet"})
	if res.IsError {
		t.Fatal(text(res))
	}
	src := h.reg.Snapshot().Source("pets")
	want0, err := json.Marshal(MCPTool(&src.Catalog.Tools[0], inventory.CompactNames))
	if err != nil {
		t.Fatal(err)
	}
	if text(res) != string(want0) {
		t.Errorf("describe = %s, want %s", text(res), want0)
	}

	// call gives what the tool's own handler gives, by name or tool path.
	for _, name := range []string{"pets_getpet", "pets.pet.getPet"} {
		res = h.call(t, "openapi_call_tool", map[string]any{"name": name, "arguments": map[string]any{"id": "7"}})
		if res.IsError {
			t.Fatal(text(res))
		}
		want := map[string]any{"tool": "pets.pet.getPet", "name": "pets_getpet", "baseUrl": "https://pets.example.com/v2", "args": map[string]any{"id": "7"}}
		if !reflect.DeepEqual(res.StructuredContent, want) {
			t.Errorf("call %s = %v, want %v", name, res.StructuredContent, want)
		}
	}

	// What cannot be called says why.
	for _, tc := range []struct {
		tool string
		args map[string]any
		want string
	}{
		{"openapi_call_tool", map[string]any{"name": "nope"}, `no tool named "nope"`},
		{"openapi_call_tool", map[string]any{}, "name is required"},
		{"openapi_call_tool", map[string]any{"name": "openapi_add_source"}, "call it directly"},
		{"openapi_call_tool", map[string]any{"name": "pets_getpet", "arguments": "id=7"}, "want an object"},
		{"openapi_describe_tool", map[string]any{"name": "nope"}, `no tool named "nope"`},
		{"openapi_search_tools", map[string]any{"query": " "}, "query is required"},
		{"openapi_search_tools", map[string]any{"query": "pet", "limit": 51}, "want 1 to 50"},
		{"openapi_search_tools", map[string]any{"query": "pet", "limit": 0}, "want 1 to 50"},
		{"openapi_search_tools", map[string]any{"query": "pet", "source": "zoo"}, `no source "zoo"`},
	} {
		res := h.call(t, tc.tool, tc.args)
		if !res.IsError || !strings.Contains(text(res), tc.want) {
			t.Errorf("%s %v = %q (isError %v), want an error with %q", tc.tool, tc.args, text(res), res.IsError, tc.want)
		}
	}
}

func TestSearchModeReadOnlyAndPatterns(t *testing.T) {
	for _, tc := range []struct {
		name    string
		inv     inventory.Options
		refused string
		reason  string
	}{
		{"read-only", inventory.Options{ReadOnly: true}, "pets_addpet", "read-only mode"},
		{"exclude", inventory.Options{Exclude: []string{"pets.pet.add*"}}, "pets_addpet", "exclude patterns"},
		{"include", inventory.Options{Include: []string{"*_getpet", "openapi_*"}}, "pets_addpet", "include patterns"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := searchHarness(t, tc.inv)
			h.addPets(t)
			if got := hitNames(h.search(t, map[string]any{"query": "add pet", "limit": 50})); slices.Contains(got, tc.refused) || !slices.Contains(got, "pets_getpet") {
				t.Errorf("search found %v: want pets_getpet, not %s", got, tc.refused)
			}
			for _, tool := range []string{"openapi_call_tool", "openapi_describe_tool"} {
				res := h.call(t, tool, map[string]any{"name": tc.refused})
				if !res.IsError || !strings.Contains(text(res), tc.reason) {
					t.Errorf("%s %s = %q, want a refusal naming %q", tool, tc.refused, text(res), tc.reason)
				}
			}
			if res := h.call(t, "openapi_call_tool", map[string]any{"name": "pets_getpet"}); res.IsError {
				t.Errorf("call pets_getpet: %s", text(res))
			}
		})
	}
}

func TestMetaToolAnnotations(t *testing.T) {
	for _, readOnly := range []bool{false, true} {
		meta := MetaTools(readOnly)
		if !meta[0].Annotations.ReadOnly || !meta[1].Annotations.ReadOnly {
			t.Errorf("search and describe are not read-only")
		}
		call := meta[2].Annotations
		if call.ReadOnly != readOnly || call.Destructive == readOnly || !call.OpenWorld {
			t.Errorf("read-only %v: callTool annotations %+v", readOnly, call)
		}
	}
	h := searchHarness(t, inventory.Options{Names: inventory.PathNames})
	names := h.toolNames(t)
	for _, want := range []string{"openapi.searchTools", "openapi.describeTool", "openapi.callTool"} {
		if !slices.Contains(names, want) {
			t.Errorf("path names: %v lacks %s", names, want)
		}
	}
}
