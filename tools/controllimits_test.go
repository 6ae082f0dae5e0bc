package tools

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/cognito-mcp/cognito-mcp/registry"
)

// manyOps is a fake document of n operations.
func manyOps(n int) string {
	d := fakeDoc{OpenAPI: "3.0.3", Title: "Many"}
	for i := range n {
		d.Ops = append(d.Ops, fmt.Sprintf("op%04d", i))
	}
	return d.text()
}

// TestControlResultsBounded: a preview of a large document lists a page
// of tools and says where the next starts; addSource lists at most 200
// names and counts the rest; a result over the cap is refused with a
// message naming --max-result-bytes, for control tools as for calls.
func TestControlResultsBounded(t *testing.T) {
	h := newHarness(t, SyncOptions{Calls: NewCaller(nil, CallerOptions{MaxResultBytes: 40_000})})
	doc := manyOps(1500)

	var res struct {
		ToolCount  int                    `json:"toolCount"`
		Tools      []registry.PlannedTool `json:"tools"`
		NextOffset int                    `json:"nextOffset"`
	}
	out := h.call(t, "openapi_preview_spec", map[string]any{"spec": doc, "namespace": "many"})
	if err := json.Unmarshal([]byte(text(out)), &res); err != nil || out.IsError {
		t.Fatalf("preview: %v %s", err, text(out))
	}
	if res.ToolCount != 1500 || len(res.Tools) != registry.DefaultPreviewLimit || res.NextOffset != registry.DefaultPreviewLimit {
		t.Errorf("preview lists %d of %d tools, next offset %d", len(res.Tools), res.ToolCount, res.NextOffset)
	}
	out = h.call(t, "openapi_preview_spec", map[string]any{"spec": doc, "namespace": "many", "offset": 1450, "limit": 100})
	res.NextOffset = 0
	if err := json.Unmarshal([]byte(text(out)), &res); err != nil || out.IsError {
		t.Fatalf("preview page: %v %s", err, text(out))
	}
	if len(res.Tools) != 50 || res.Tools[0].Name != "many_op1450" || res.NextOffset != 0 {
		t.Errorf("last page: %d tools from %q, next offset %d", len(res.Tools), res.Tools[0].Name, res.NextOffset)
	}

	out = h.call(t, "openapi_preview_spec", map[string]any{"spec": doc, "namespace": "many", "limit": 1000})
	if !out.IsError || !strings.Contains(text(out), "--max-result-bytes") || !strings.Contains(text(out), "smaller limit") {
		t.Errorf("a page over the cap: %.300s", text(out))
	}

	out = h.call(t, "openapi_add_source", map[string]any{"spec": doc, "namespace": "many"})
	var added struct {
		ToolCount      int      `json:"toolCount"`
		Tools          []string `json:"tools"`
		ToolsNotListed int      `json:"toolsNotListed"`
	}
	if err := json.Unmarshal([]byte(text(out)), &added); err != nil || out.IsError {
		t.Fatalf("add: %v %.300s", err, text(out))
	}
	if added.ToolCount != 1500 || len(added.Tools) != 200 || added.ToolsNotListed != 1300 {
		t.Errorf("add lists %d names of %d, %d not listed", len(added.Tools), added.ToolCount, added.ToolsNotListed)
	}
	if n := len(text(out)); n > 40_000 {
		t.Errorf("add result is %d bytes", n)
	}
}
