package main

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/cognito-mcp/cognito-mcp/inventory"
	"github.com/cognito-mcp/cognito-mcp/listing"
	"github.com/cognito-mcp/cognito-mcp/registry"
)

func TestInstructions(t *testing.T) {
	reg, err := registry.New(context.Background(), registry.Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	snap := reg.Snapshot()
	notes := snap.Source("cognito").Catalog.Notes
	if len(notes) == 0 {
		t.Fatal("the embedded catalog has no notes")
	}
	full := instructions(snap, inventory.Options{})
	for _, want := range []string{"cognito (Amazon Cognito Identity Provider, 129 tools)", "openapi_add_source", "openapi_list_sources"} {
		if !strings.Contains(full, want) {
			t.Errorf("full mode: instructions lack %q", want)
		}
	}
	for _, n := range notes {
		if c := strings.Count(full, "(note "+n.ID+") "); c != 1 {
			t.Errorf("full mode: note %s said %d times, want once", n.ID, c)
		}
	}
	if strings.Contains(full, "openapi_search_tools") {
		t.Error("full mode: instructions mention search mode's tools")
	}

	search := instructions(snap, inventory.Options{Mode: inventory.Search})
	for _, want := range []string{"openapi_search_tools", "openapi_describe_tool", "openapi_call_tool {name, arguments}", "cognito ("} {
		if !strings.Contains(search, want) {
			t.Errorf("search mode: instructions lack %q", want)
		}
	}
	if strings.Contains(search, "(note "+notes[0].ID+") ") || len(search) > 1024 {
		t.Errorf("search mode: instructions carry the notes or are over 1 KB (%d bytes): describe gives a tool's notes", len(search))
	}

	code := instructions(snap, inventory.Options{Mode: inventory.Code})
	for _, want := range []string{"openapi_search_tools", "openapi_describe_tool", "openapi_execute {code}", "allowWrites", "cognito ("} {
		if !strings.Contains(code, want) {
			t.Errorf("code mode: instructions lack %q", want)
		}
	}
	if strings.Contains(code, "openapi_call_tool") || len(code) > 1024 {
		t.Errorf("code mode: instructions name openapi_call_tool or are over 1 KB (%d bytes): %q", len(code), code)
	}

	readOnly := instructions(snap, inventory.Options{Mode: inventory.Search, ReadOnly: true, Names: inventory.PathNames})
	if strings.Contains(readOnly, "addSource") || !strings.Contains(readOnly, "openapi.callTool") || !strings.Contains(readOnly, "openapi.listSources") {
		t.Errorf("read-only, path names: %q", readOnly)
	}
}

// TestShortDescriptions checks --descriptions: short ones cost less, and
// a bad value is refused.
func TestShortDescriptions(t *testing.T) {
	measure := func(args ...string) *listing.Stats {
		t.Helper()
		cfg, err := parseConfig("tools", args, func(string) string { return "" }, io.Discard, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		cfg.stateDir = t.TempDir()
		st, err := stats(context.Background(), cfg, func(string) string { return "" }, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	full, short := measure(), measure("--descriptions", "short")
	if short.Descriptions != "short" || short.Tools != full.Tools || short.ModelBytes >= full.ModelBytes*80/100 || short.InstructionsBytes >= full.InstructionsBytes {
		t.Errorf("short descriptions: %d model-facing bytes, instructions %d; full: %d, %d", short.ModelBytes, short.InstructionsBytes, full.ModelBytes, full.InstructionsBytes)
	}
	if _, _, err := runCmd(t, map[string]string{"COGNITO_MCP_DESCRIPTIONS": "tiny"}, "tools"); err == nil || !strings.Contains(err.Error(), "want full or short") {
		t.Errorf("bad COGNITO_MCP_DESCRIPTIONS: %v", err)
	}
}
