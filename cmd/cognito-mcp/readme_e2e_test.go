package main

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/cognito-mcp/cognito-mcp/internal/peers"
)

// The README tests run what README.md shows, read from README.md itself, so
// that an edit of a command is an edit of what the tests run. Each replaces
// only what names the reader's own machine (/path/to/cognito-mcp, ports,
// tokens, production hosts), and fails when the README no longer holds it.

// readmeBlock is one fenced block of README.md: its language and its text.
type readmeBlock struct{ lang, text string }

func readmeBlocks(t *testing.T) []readmeBlock {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	var blocks []readmeBlock
	var cur *readmeBlock
	for line := range strings.SplitSeq(string(data), "\n") {
		switch {
		case strings.HasPrefix(line, "```") && cur == nil:
			cur = &readmeBlock{lang: strings.TrimPrefix(line, "```")}
		case strings.HasPrefix(line, "```"):
			blocks = append(blocks, *cur)
			cur = nil
		case cur != nil:
			cur.text += line + "\n"
		}
	}
	return blocks
}

// readmeCommands returns the commands of the README's sh blocks that start
// with prefix, each with its continuation lines, as sh reads it.
func readmeCommands(t *testing.T, prefix string) []string {
	t.Helper()
	var cmds []string
	for _, b := range readmeBlocks(t) {
		if b.lang != "sh" {
			continue
		}
		cmd := ""
		for line := range strings.SplitSeq(b.text, "\n") {
			cmd += line + "\n"
			if strings.HasSuffix(line, `\`) {
				continue
			}
			if strings.HasPrefix(cmd, prefix) {
				cmds = append(cmds, strings.TrimSpace(cmd))
			}
			cmd = ""
		}
	}
	return cmds
}

// readmeBlockWith returns the README's sh block that holds s.
func readmeBlockWith(t *testing.T, s string) string {
	t.Helper()
	var found []string
	for _, b := range readmeBlocks(t) {
		if b.lang == "sh" && strings.Contains(b.text, s) {
			found = append(found, b.text)
		}
	}
	if len(found) != 1 {
		t.Fatalf("README.md has %d sh blocks holding %q, want 1", len(found), s)
	}
	return found[0]
}

// replaceOnce replaces old in s, failing the test unless s holds it, so an
// edit of the README cannot make the test run something else unnoticed.
func replaceOnce(t *testing.T, s, old, new string) string {
	t.Helper()
	if !strings.Contains(s, old) {
		t.Fatalf("the README's %q no longer holds %q", s, old)
	}
	return strings.ReplaceAll(s, old, new)
}

// shQuote quotes s for sh.
func shQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// readmeBlockOf returns the README's only block in language lang.
func readmeBlockOf(t *testing.T, lang string) string {
	t.Helper()
	var found []string
	for _, b := range readmeBlocks(t) {
		if b.lang == lang {
			found = append(found, b.text)
		}
	}
	if len(found) != 1 {
		t.Fatalf("README.md has %d %s blocks, want 1", len(found), lang)
	}
	return found[0]
}

// TestREADMECodeModeExamples runs the README's code mode examples: its
// script, with the pool id us-east-1_AbC being a pool made on cognito-local
// with five users, two of them at example.com, must return 2 and disable
// those two and no other; and openapi_describe_tool must answer
// AdminDisableUser's declaration exactly as the README shows it.
func TestREADMECodeModeExamples(t *testing.T) {
	t.Parallel()
	endpoint := peers.StartCognitoLocal(t)
	emu := emulator{base: endpoint}
	srv := startCognitoMCP(t, endpoint, true, "--catalog", "code")

	res := srv.call(t, "openapi_describe_tool", map[string]any{"name": "cognito_admin_disable_user"})
	if got, want := toolText(res), strings.TrimSpace(readmeBlockOf(t, "ts")); res.IsError || got != want {
		t.Errorf("openapi_describe_tool cognito_admin_disable_user:\n%s\nthe README shows:\n%s", got, want)
	}

	pool := str(emu.must(t, "CreateUserPool", map[string]any{"PoolName": "readme"}), "UserPool", "Id")
	emails := map[string]string{"ann": "ann@example.com", "bob": "bob@example.org", "cy": "cy@example.com", "di": "di@example.net", "ed": "ed@example.com.au"}
	for _, u := range slices.Sorted(maps.Keys(emails)) {
		emu.must(t, "AdminCreateUser", map[string]any{"UserPoolId": pool, "Username": u, "MessageAction": "SUPPRESS",
			"UserAttributes": []any{map[string]any{"Name": "email", "Value": emails[u]}}})
	}
	script := replaceOnce(t, readmeBlockOf(t, "js"), `"us-east-1_AbC"`, strconv.Quote(pool))
	out := srv.execute(t, map[string]any{"code": script, "allowWrites": true})
	if out["value"] != float64(2) {
		t.Errorf("the README's script returned %v, want 2: %v", out["value"], out)
	}
	for _, u := range slices.Sorted(maps.Keys(emails)) {
		enabled := at(emu.must(t, "AdminGetUser", map[string]any{"UserPoolId": pool, "Username": u}), "Enabled")
		if want := !strings.HasSuffix(emails[u], "@example.com"); enabled != want {
			t.Errorf("%s (%s): Enabled %v, want %v", u, emails[u], enabled, want)
		}
	}
}

// TestREADMEAddSourceArguments calls openapi_add_source with the README's
// arguments, the Petstore document's URL being that of a copy served on
// 127.0.0.1 at the same path: the source must come in with its 19 tools and
// its two schemes' credentials named, not shown.
func TestREADMEAddSourceArguments(t *testing.T) {
	t.Parallel()
	var text string
	for _, b := range readmeBlocks(t) {
		if b.lang == "json" && strings.Contains(b.text, `"namespace"`) {
			text = b.text
		}
	}
	docs := serveDocs(t, map[string]string{"/api/v3/openapi.json": petstoreYAML})
	text = replaceOnce(t, text, "https://petstore3.swagger.io/api/v3/openapi.json", docs.URL+"/api/v3/openapi.json")
	var args map[string]any
	if err := json.Unmarshal([]byte(text), &args); err != nil {
		t.Fatalf("the README's openapi_add_source arguments: %v", err)
	}
	srv := startSources(t, petstoreEnv(t), "--state-dir", t.TempDir())
	res := srv.call(t, "openapi_add_source", args)
	var added struct {
		Namespace string `json:"namespace"`
		ToolCount int    `json:"toolCount"`
	}
	decodeResult(t, "openapi_add_source", res, &added)
	if added.Namespace != "petstore" || added.ToolCount != petstoreToolCount {
		t.Errorf("openapi_add_source with the README's arguments: %+v, want the petstore namespace with %d tools", added, petstoreToolCount)
	}
	list := resultText(srv.call(t, "openapi_list_sources", map[string]any{}))
	if !strings.Contains(list, "PETSTORE_API_KEY") || !strings.Contains(list, "PETSTORE_TOKEN") || strings.Contains(list, petstoreAPIKey) {
		t.Errorf("openapi_list_sources: %s", list)
	}
}
