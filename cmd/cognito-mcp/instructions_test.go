package main

import (
	"context"
	"encoding/json"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/cognito-mcp/cognito-mcp/inventory"
	"github.com/cognito-mcp/cognito-mcp/listing"
	"github.com/cognito-mcp/cognito-mcp/registry"
	"github.com/cognito-mcp/cognito-mcp/tools"
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
	full := tools.Instructions(snap, inventory.Options{})
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

	search := tools.Instructions(snap, inventory.Options{Mode: inventory.Search})
	for _, want := range []string{"openapi_search_tools", "openapi_describe_tool", "openapi_call_tool {name, arguments}", "cognito ("} {
		if !strings.Contains(search, want) {
			t.Errorf("search mode: instructions lack %q", want)
		}
	}
	if strings.Contains(search, "(note "+notes[0].ID+") ") || len(search) > 1024 {
		t.Errorf("search mode: instructions carry the notes or are over 1 KB (%d bytes): describe gives a tool's notes", len(search))
	}

	code := tools.Instructions(snap, inventory.Options{Mode: inventory.Code})
	for _, want := range []string{"openapi_search_tools", "openapi_describe_tool", "openapi_execute {code}", "allowWrites", "cognito ("} {
		if !strings.Contains(code, want) {
			t.Errorf("code mode: instructions lack %q", want)
		}
	}
	if strings.Contains(code, "openapi_call_tool") || len(code) > 1024 {
		t.Errorf("code mode: instructions name openapi_call_tool or are over 1 KB (%d bytes): %q", len(code), code)
	}

	readOnly := tools.Instructions(snap, inventory.Options{Mode: inventory.Search, ReadOnly: true, Names: inventory.PathNames})
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

// TestInstructionsNotesOfAddedSources: in full mode the instructions,
// fixed at start, say the notes of the sources loaded then; a source added
// later carries the text of its notes in its tools, so that no tool ever
// cites a note the agent cannot read. After a restart the same source's
// notes are in the instructions and its tools cite them again.
func TestInstructionsNotesOfAddedSources(t *testing.T) {
	const shared = "Calls are limited to ten per second per account; a caller over the limit gets 429 Too Many Requests and should wait before retrying."
	op := func(id, first string) string {
		return `"` + id + `":{"post":{"operationId":"` + id + `","description":"` + first + `\n\n` + shared + `",` +
			`"requestBody":{"required":true,"content":{"application/json":{"schema":{"type":"object","properties":{"name":{"type":"string","description":"The widget's name.\n\n` + shared + `"}}}}}},` +
			`"responses":{"200":{"description":"ok"}}}}`
	}
	doc := `{"openapi":"3.0.3","info":{"title":"Widgets","version":"1"},"servers":[{"url":"http://127.0.0.1:9/"}],"paths":{` +
		op("/makeWidget", "Make a widget.") + `,` + op("/breakWidget", "Break a widget.") + `}}`
	env := baseEnv(t)
	cites := regexp.MustCompile(`\(note ([a-z0-9]+-[0-9]+)\)`)
	// check fails on a tool citing a note the instructions do not say, and
	// returns how many tools of the widgets source cite notes.
	check := func(s *stdioServer) (citing int) {
		t.Helper()
		said := s.init.Instructions
		for _, tool := range s.listAll(t) {
			def, err := json.Marshal(tool)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range cites.FindAllStringSubmatch(string(def), -1) {
				if !strings.Contains(said, "(note "+m[1]+") ") {
					t.Errorf("%s cites note %s, which the instructions do not say", tool.Name, m[1])
				}
			}
			if strings.HasPrefix(tool.Name, "widgets_") {
				if cites.MatchString(string(def)) {
					citing++
				} else if strings.Count(string(def), shared) != 2 {
					t.Errorf("%s: the shared text is not in its description and schema: %s", tool.Name, def)
				}
			}
		}
		return citing
	}

	s := startStdio(t, protocolPinned, env)
	if res := s.call(t, "openapi_add_source", map[string]any{"namespace": "widgets", "spec": doc}); res.IsError {
		t.Fatalf("add: %+v", res.Content)
	}
	if n := check(s); n != 0 {
		t.Errorf("%d tools of the added source cite notes", n)
	}
	s.Close()

	// Restarted, the saved source is loaded at start: its notes are in the
	// instructions, and its tools point at them.
	s = startStdio(t, protocolPinned, env)
	if !strings.Contains(s.init.Instructions, shared) {
		t.Errorf("instructions after restart do not say the source's note")
	}
	if n := check(s); n != 2 {
		t.Errorf("after restart %d tools of the source cite notes, want 2", n)
	}
}
