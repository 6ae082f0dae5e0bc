package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/cognito-mcp/cognito-mcp/listing"
)

// runCmd runs the program in process with a clean environment.
func runCmd(t *testing.T, env map[string]string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	if env == nil {
		env = map[string]string{}
	}
	if _, ok := env["XDG_STATE_HOME"]; !ok {
		env["XDG_STATE_HOME"] = t.TempDir()
	}
	var out, errb bytes.Buffer
	err = run(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), err
}

func TestToolsCommand(t *testing.T) {
	out, _, err := runCmd(t, nil, "tools")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 135 || !strings.HasPrefix(lines[0], "NAME") || lines[134] != "133 tools (4 control)" {
		t.Fatalf("tools table: %d lines, first %q, last %q", len(lines), lines[0], lines[len(lines)-1])
	}
	if !strings.Contains(out, "cognito_admin_delete_user ") || !strings.Contains(out, "xAmzTargetAwsCognitoIdentityProviderServiceAdminDeleteUser.adminDeleteUser") {
		t.Errorf("table lacks AdminDeleteUser's name or path")
	}
	// The control tools come first, marked as such (issue 13).
	for i, l := range lines[1:134] {
		kinds := map[string]bool{"read-only": true, "destructive": true, "write": true}
		if i < 4 {
			kinds = map[string]bool{"control": true}
		}
		if f := strings.Fields(l); len(f) != 3 || !kinds[f[2]] {
			t.Errorf("row %q: want name, path, kind", l)
		}
	}

	out, _, err = runCmd(t, map[string]string{"COGNITO_MCP_READ_ONLY": "true"}, "tools", "--json", "--tool-names", "path")
	if err != nil {
		t.Fatal(err)
	}
	var entries []listing.Row
	if err := json.Unmarshal([]byte(out), &entries); err != nil {
		t.Fatalf("tools --json: %v", err)
	}
	if len(entries) == 0 || len(entries) >= 129 {
		t.Fatalf("read-only JSON catalog has %d tools", len(entries))
	}
	control := 0
	for _, e := range entries {
		if e.Kind == "control" {
			control++
			continue
		}
		if !e.ReadOnly || e.Name != string(e.Path) || e.Source != "cognito" || e.Description == "" || e.Kind != "operation" || !e.Listed {
			t.Errorf("entry %+v", e)
		}
	}
	if control != 2 { // previewSpec and listSources are read-only
		t.Errorf("%d read-only control tools, want 2", control)
	}
}

// TestToolsCommandSearchMode lists what search mode serves: the control
// tools and the meta-tools, then the operations they reach.
func TestToolsCommandSearchMode(t *testing.T) {
	if _, _, err := runCmd(t, nil, "tools", "--catalog", "all"); err == nil || !strings.Contains(err.Error(), "want full, search or code") {
		t.Errorf("bad --catalog: %v", err)
	}
	// Code mode lists its own meta-tools and reaches the same operations.
	out, _, err := runCmd(t, nil, "tools", "--catalog", "code")
	if err != nil {
		t.Fatal(err)
	}
	codeLines := strings.Split(strings.TrimSpace(out), "\n")
	if last := codeLines[len(codeLines)-1]; last != "7 tools (4 control, 3 meta) listed; 129 operations reached through the meta-tools" {
		t.Errorf("code mode summary %q", last)
	}
	if !strings.Contains(out, "openapi_execute ") || strings.Contains(out, "openapi_call_tool") {
		t.Errorf("code mode lists:\n%s", out)
	}
	out, _, err = runCmd(t, nil, "tools", "--catalog", "search")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if last := lines[len(lines)-1]; last != "7 tools (4 control, 3 meta) listed; 129 operations reached through the meta-tools" {
		t.Errorf("summary %q", last)
	}
	for i, want := range []string{"openapi_add_source", "openapi_list_sources", "openapi_preview_spec", "openapi_remove_source", "openapi_search_tools", "openapi_describe_tool", "openapi_call_tool"} {
		kind := "control"
		if i >= 4 {
			kind = "meta"
		}
		if f := strings.Fields(lines[i+1]); len(f) != 3 || f[0] != want || f[2] != kind {
			t.Errorf("row %d %q: want %s, marked %s", i+1, lines[i+1], want, kind)
		}
	}

	out, _, err = runCmd(t, map[string]string{"COGNITO_MCP_CATALOG": "search", "COGNITO_MCP_READ_ONLY": "true"}, "tools", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var entries []listing.Row
	if err := json.Unmarshal([]byte(out), &entries); err != nil {
		t.Fatal(err)
	}
	listed, reached := 0, 0
	for _, e := range entries {
		if e.Listed {
			listed++
			if e.Kind == "operation" {
				t.Errorf("operation %s listed in search mode", e.Name)
			}
			continue
		}
		reached++
		if e.Kind != "operation" || !e.ReadOnly {
			t.Errorf("reached entry %+v: want read-only operations only", e)
		}
	}
	if listed != 5 || reached == 0 || reached >= 129 {
		t.Errorf("read-only search mode: %d listed (want 2 control + 3 meta), %d reached", listed, reached)
	}
}

// TestToolsStats measures tools/list in both modes through the server
// built in process.
func TestToolsStats(t *testing.T) {
	measure := func(args ...string) listing.Stats {
		t.Helper()
		out, _, err := runCmd(t, nil, append([]string{"tools", "--stats", "--json"}, args...)...)
		if err != nil {
			t.Fatal(err)
		}
		var st listing.Stats
		if err := json.Unmarshal([]byte(out), &st); err != nil {
			t.Fatal(err)
		}
		return st
	}
	full, search := measure(), measure("--catalog", "search")
	if full.Tools != 133 || full.Catalog != "full" || search.Tools != 7 || search.Catalog != "search" {
		t.Fatalf("full %d tools (%s), search %d tools (%s)", full.Tools, full.Catalog, search.Tools, search.Catalog)
	}
	for _, st := range []listing.Stats{full, search} {
		p := st.Parts
		if st.ModelBytes >= st.ServedBytes || st.ModelTokens != st.ModelBytes/4 || st.TokenEstimator != "bytes/4" ||
			p.PropertyDescriptions >= p.InputSchemas || p.InputSchemas+p.OutputSchemas+p.Descriptions+p.Meta+p.Annotations+p.NamesAndTitles >= st.ServedBytes {
			t.Errorf("%s: inconsistent stats %+v", st.Catalog, st)
		}
	}
	if len(full.Largest) != 10 || full.Largest[0].Name != "cognito_create_user_pool" || full.Largest[0].Bytes < full.Largest[9].Bytes {
		t.Errorf("largest tools %+v", full.Largest)
	}
	if search.ServedBytes >= 8192 {
		t.Errorf("search mode tools/list is %d bytes, want under 8 KB", search.ServedBytes)
	}
	out, _, err := runCmd(t, nil, "tools", "--stats")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"tools/list as served:", "model-facing:", "bytes/4", "of which property descriptions", "cognito_create_user_pool"} {
		if !strings.Contains(out, want) {
			t.Errorf("tools --stats lacks %q:\n%s", want, out)
		}
	}
}

func TestHelpVersionAndBadFlags(t *testing.T) {
	out, _, err := runCmd(t, nil, "--version")
	if err != nil || !strings.HasPrefix(out, "cognito-mcp devel (commit ") || !strings.Contains(out, ", built ") {
		t.Errorf("--version: %q, %v", out, err)
	}
	out, _, err = runCmd(t, nil, "--help")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"--tool-names", "COGNITO_MCP_TOOL_NAMES", "--http host:port", "COGNITO_MCP_HTTP", "cognito-mcp tools"} {
		if !strings.Contains(out, want) {
			t.Errorf("--help lacks %q", want)
		}
	}
	_, stderr, err := runCmd(t, nil, "--no-such-flag")
	if !errors.Is(err, errUsage) || !strings.Contains(stderr, "no-such-flag") || !strings.Contains(stderr, "--help") {
		t.Errorf("unknown flag: err %v, stderr %q", err, stderr)
	}
	_, _, err = runCmd(t, nil, "--tool-names", "fancy")
	if err == nil || !strings.Contains(err.Error(), "want compact or path") {
		t.Errorf("bad --tool-names: %v", err)
	}
	_, _, err = runCmd(t, map[string]string{"COGNITO_MCP_READ_ONLY": "maybe"})
	if err == nil || !strings.Contains(err.Error(), "COGNITO_MCP_READ_ONLY") {
		t.Errorf("bad env value: %v", err)
	}
}

// TestREADMEDocumentsEveryFlag keeps the README's table in step with the
// flags: every flag and its variable must appear there.
func TestREADMEDocumentsEveryFlag(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	out, _, err := runCmd(t, nil, "--help")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(out, "\n") {
		l = strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(l, "--"):
			flag := strings.Fields(l)[0]
			if !bytes.Contains(readme, []byte("`"+flag)) {
				t.Errorf("README does not document %s", flag)
			}
		case strings.HasPrefix(l, "env "):
			if v := strings.TrimPrefix(l, "env "); !bytes.Contains(readme, []byte(v)) {
				t.Errorf("README does not document %s", v)
			}
		}
	}
	if !bytes.Contains(readme, []byte(authTokenEnv)) {
		t.Errorf("README does not document %s", authTokenEnv)
	}
}
