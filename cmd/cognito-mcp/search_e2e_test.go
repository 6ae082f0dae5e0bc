package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/cognito-mcp/cognito-mcp/internal/peers"
)

// These tests drive search mode (--catalog search) through the built binary
// the way a host would: tools/list holds the control tools and three
// meta-tools, which search, describe and call every operation.

// searchModeTools is what tools/list holds in search mode, in its order.
var searchModeTools = []string{
	"openapi_add_source", "openapi_call_tool", "openapi_describe_tool", "openapi_list_sources",
	"openapi_preview_spec", "openapi_remove_source", "openapi_search_tools",
}

// maxSearchListBytes is the most tools/list may weigh in search mode,
// whatever the sources hold.
const maxSearchListBytes = 8 << 10

// rawToolsList asks for tools/list and returns the result as the server
// wrote it, and its tools one by one.
func (s *stdioServer) rawToolsList(t testing.TB) (json.RawMessage, []json.RawMessage) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	resp, err := s.GetTransport().SendRequest(ctx, transport.JSONRPCRequest{
		JSONRPC: mcp.JSONRPC_VERSION, ID: mcp.NewRequestId("raw-tools-list"), Method: string(mcp.MethodToolsList),
	})
	if err != nil || resp.Error != nil {
		t.Fatalf("tools/list: %v %+v", err, resp)
	}
	var page struct {
		Tools      []json.RawMessage `json:"tools"`
		NextCursor string            `json:"nextCursor"`
	}
	if err := json.Unmarshal(resp.Result, &page); err != nil {
		t.Fatal(err)
	}
	if page.NextCursor != "" {
		t.Fatal("tools/list has more than one page")
	}
	return resp.Result, page.Tools
}

// searchTools calls openapi_search_tools and decodes its structured result.
func (s *stdioServer) searchTools(t testing.TB, args map[string]any) (hits []map[string]any, total int) {
	t.Helper()
	res := s.call(t, "openapi_search_tools", args)
	out := okJSON(t, "openapi_search_tools", res)
	for _, h := range out["tools"].([]any) {
		hits = append(hits, h.(map[string]any))
	}
	return hits, int(out["total"].(float64))
}

func hitNames(hits []map[string]any) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h["name"].(string))
	}
	return out
}

func TestSearchModeCatalog(t *testing.T) {
	t.Parallel()
	srv := startStdio(t, protocolPinned, baseEnv(t), "--catalog", "search")
	var names []string
	for _, tl := range srv.listAll(t) {
		names = append(names, tl.Name)
		ro := tl.Annotations.ReadOnlyHint != nil && *tl.Annotations.ReadOnlyHint
		switch tl.Name {
		case "openapi_search_tools", "openapi_describe_tool":
			if !ro {
				t.Errorf("%s is not read-only", tl.Name)
			}
		case "openapi_call_tool":
			if ro || tl.Annotations.OpenWorldHint == nil || !*tl.Annotations.OpenWorldHint {
				t.Errorf("%s annotations %+v: want not read-only, open world", tl.Name, tl.Annotations)
			}
		}
	}
	if !slices.Equal(names, searchModeTools) {
		t.Fatalf("tools/list %v, want %v", names, searchModeTools)
	}
	if raw, _ := srv.rawToolsList(t); len(raw) >= maxSearchListBytes {
		t.Errorf("tools/list is %d bytes, want under %d", len(raw), maxSearchListBytes)
	}
	if in := srv.init.Instructions; !strings.Contains(in, "cognito (") || !strings.Contains(in, "openapi_search_tools") || !strings.Contains(in, "openapi_call_tool") {
		t.Errorf("instructions do not name the sources or say how to search and call: %q", in)
	}

	// The plain-word queries find the right tool in the top 3.
	for query, want := range map[string][]string{
		"disable a user's account":   {"cognito_admin_disable_user"},
		"list app clients":           {"cognito_list_user_pool_clients"},
		"set up SMS MFA":             {"cognito_set_user_pool_mfa_config", "cognito_set_user_mfa_preference", "cognito_admin_set_user_mfa_preference"},
		"who is in the admins group": {"cognito_list_users_in_group"},
		"reset a user's password":    {"cognito_admin_reset_user_password"},
		"delete a user pool":         {"cognito_delete_user_pool"},
	} {
		hits, total := srv.searchTools(t, map[string]any{"query": query, "limit": 3})
		if len(hits) > 3 || total < len(hits) {
			t.Errorf("%q: %d hits of %d, want at most 3", query, len(hits), total)
		}
		if got := hitNames(hits); !slices.ContainsFunc(got, func(n string) bool { return slices.Contains(want, n) }) {
			t.Errorf("%q: top 3 %v, want one of %v", query, got, want)
		}
		for _, h := range hits {
			d, _ := h["description"].(string)
			if d == "" || strings.Contains(d, "\n") || utf8.RuneCountInString(d) > 200 || h["source"] != "cognito" || h["title"] == "" {
				t.Errorf("%q: hit %v: want a one-line description of at most 200 characters, source cognito, a title", query, h)
			}
			if a, ok := h["annotations"].(map[string]any); !ok || a["readOnlyHint"] == nil {
				t.Errorf("%q: hit %v has no annotations", query, h)
			}
		}
	}
	hits, _ := srv.searchTools(t, map[string]any{"query": "user"})
	if len(hits) != 8 {
		t.Errorf("default limit: %d hits, want 8", len(hits))
	}
	for _, tc := range []struct {
		args map[string]any
		want string
	}{
		{map[string]any{"query": "user", "limit": 0}, "want 1 to 50"},
		{map[string]any{"query": "user", "source": "nosuch"}, "no source"},
	} {
		if text := errorText(t, "openapi_search_tools", srv.call(t, "openapi_search_tools", tc.args)); !strings.Contains(text, tc.want) {
			t.Errorf("search %v: %q, want %q", tc.args, text, tc.want)
		}
	}
}

// noteCite is how a description cites a note of the instructions.
var noteCite = regexp.MustCompile(`\(note [a-z0-9]+-[0-9]+\)`)

// TestSearchModeDescribe checks that openapi_describe_tool gives, byte for
// byte, the tool object full mode lists, for every Cognito tool and in
// both name styles.
func TestSearchModeDescribe(t *testing.T) {
	t.Parallel()
	for _, names := range []string{"compact", "path"} {
		t.Run(names, func(t *testing.T) {
			t.Parallel()
			full := startStdio(t, protocolPinned, baseEnv(t), "--tool-names", names)
			search := startStdio(t, protocolPinned, baseEnv(t), "--tool-names", names, "--catalog", "search")
			_, listed := full.rawToolsList(t)
			describe := map[string]string{"compact": "openapi_describe_tool", "path": "openapi.describeTool"}[names]
			n, notes := 0, 0
			for _, raw := range listed {
				var tl struct {
					Name string `json:"name"`
					Meta struct {
						ToolPath string `json:"toolPath"`
					} `json:"_meta"`
				}
				if err := json.Unmarshal(raw, &tl); err != nil {
					t.Fatal(err)
				}
				if strings.HasPrefix(tl.Meta.ToolPath, "openapi.") {
					continue
				}
				n++
				res := search.call(t, describe, map[string]any{"name": tl.Name})
				okJSON(t, describe, res)
				if got := res.Content[0].(mcp.TextContent).Text; got != string(raw) {
					t.Fatalf("describe %s:\n%s\nfull mode lists:\n%s", tl.Name, got, raw)
				}
				// The notes the tool cites, which full mode gives in the
				// instructions, come with it.
				for _, id := range noteCite.FindAllString(string(raw), -1) {
					notes++
					if len(res.Content) != 2 || !strings.Contains(res.Content[1].(mcp.TextContent).Text, id+" ") {
						t.Errorf("describe %s: cites %s but does not give it", tl.Name, id)
					}
					if !strings.Contains(full.init.Instructions, id+" ") {
						t.Errorf("full mode's instructions lack %s, which %s cites", id, tl.Name)
					}
				}
			}
			if n != cognitoToolCount || notes == 0 {
				t.Errorf("compared %d tools citing %d notes, want %d tools and some notes", n, notes, cognitoToolCount)
			}
		})
	}
}

// TestSearchModeCallMatchesDirect calls the same operations against the
// same cognito-local directly in full mode and through openapi_call_tool
// in search mode: the results are identical, successes and failures alike.
func TestSearchModeCallMatchesDirect(t *testing.T) {
	t.Parallel()
	endpoint := peers.StartCognitoLocal(t)
	pool := emulator{endpoint}.must(t, "CreateUserPool", map[string]any{"PoolName": "same-answers"})
	poolID := str(pool, "UserPool", "Id")
	emulator{endpoint}.must(t, "AdminCreateUser", map[string]any{"UserPoolId": poolID, "Username": "dora", "MessageAction": "SUPPRESS"})
	full := startCognitoMCP(t, endpoint, true)
	search := startCognitoMCP(t, endpoint, true, "--catalog", "search")
	search.viaCallTool = true
	for _, tc := range []struct {
		op   string
		args map[string]any
	}{
		{"DescribeUserPool", map[string]any{"UserPoolId": poolID}},
		{"AdminGetUser", map[string]any{"UserPoolId": poolID, "Username": "dora"}},
		{"ListUsers", map[string]any{"UserPoolId": poolID, "Limit": 5}},
		{"AdminGetUser", map[string]any{"UserPoolId": poolID, "Username": "nobody"}}, // API error
		{"AdminGetUser", map[string]any{"UserPoolId": poolID}},                       // validation error
		{"ListUsers", map[string]any{"UserPoolId": poolID, "Limit": "five"}},         // wrong type
	} {
		direct, err := json.Marshal(full.op(t, tc.op, tc.args))
		if err != nil {
			t.Fatal(err)
		}
		via, err := json.Marshal(search.op(t, tc.op, tc.args))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(direct, via) {
			t.Errorf("%s %v:\ndirect:        %s\nvia callTool:  %s", tc.op, tc.args, direct, via)
		}
	}
}

// TestSearchModeReadOnlyAndPatterns checks that --read-only, --include and
// --exclude narrow what search finds and what callTool runs, with a clear
// refusal.
func TestSearchModeReadOnlyAndPatterns(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		args    []string
		refused string // a tool search must not find and call must refuse
		reason  string
		allowed string // a tool still found
	}{
		{"read-only", []string{"--read-only"}, "cognito_admin_delete_user", "read-only", "cognito_admin_get_user"},
		{"exclude", []string{"--exclude", "cognito_admin_*"}, "cognito_admin_delete_user", "exclude", "cognito_delete_user"},
		{"include", []string{"--include", "*_list_*"}, "cognito_admin_delete_user", "include", "cognito_list_users"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := startStdio(t, protocolPinned, baseEnv(t), append([]string{"--catalog", "search"}, tc.args...)...)
			var names []string
			for _, tl := range srv.listAll(t) {
				names = append(names, tl.Name)
				if tl.Name == "openapi_call_tool" && tc.name == "read-only" && (tl.Annotations.ReadOnlyHint == nil || !*tl.Annotations.ReadOnlyHint) {
					t.Errorf("openapi_call_tool is not read-only under --read-only")
				}
			}
			for _, meta := range []string{"openapi_search_tools", "openapi_describe_tool", "openapi_call_tool"} {
				if !slices.Contains(names, meta) {
					t.Errorf("%s not listed with %v", meta, tc.args)
				}
			}
			hits, _ := srv.searchTools(t, map[string]any{"query": "delete get list a user", "limit": 50})
			found := hitNames(hits)
			if slices.Contains(found, tc.refused) || !slices.Contains(found, tc.allowed) {
				t.Errorf("search found %v: want %s, not %s", found, tc.allowed, tc.refused)
			}
			if tc.name == "read-only" {
				for _, h := range hits {
					if h["annotations"].(map[string]any)["readOnlyHint"] != true {
						t.Errorf("read-only search found %s", h["name"])
					}
				}
			}
			for _, meta := range []string{"openapi_call_tool", "openapi_describe_tool"} {
				text := errorText(t, meta, srv.call(t, meta, map[string]any{"name": tc.refused, "arguments": map[string]any{"UserPoolId": "us-east-1_x", "Username": "u"}}))
				if !strings.Contains(text, tc.refused) || !strings.Contains(text, tc.reason) {
					t.Errorf("%s %s: %q, want a refusal naming the tool and %q", meta, tc.refused, text, tc.reason)
				}
			}
		})
	}
}

// TestSearchModeAddSource adds the Petstore and then GitHub's description
// in search mode: tools/list does not change and stays under 8 KB, while
// search finds the new tools and describe and call reach them.
func TestSearchModeAddSource(t *testing.T) {
	t.Parallel()
	github := peers.GitHubOpenAPI(t)
	srv := startSources(t, petstoreEnv(t), "--catalog", "search", "--state-dir", t.TempDir(),
		"--allow-dir", filepath.Dir(github), "--allow-dir", filepath.Dir(petstoreYAML))
	before, _ := srv.rawToolsList(t)
	for _, add := range []struct{ namespace, spec, query, want string }{
		{"petstore", mustAbs(t, petstoreYAML), "add a new pet to the store", "petstore_add_pet"},
		{"github", github, "create an issue", "github_issues_create"},
	} {
		hits, _ := srv.searchTools(t, map[string]any{"query": add.query, "source": "cognito"})
		if slices.Contains(hitNames(hits), add.want) {
			t.Fatalf("%s found before %s was added", add.want, add.namespace)
		}
		res := srv.call(t, "openapi_add_source", map[string]any{"namespace": add.namespace, "spec": add.spec})
		okJSON(t, "openapi_add_source", res)
		after, _ := srv.rawToolsList(t)
		if !bytes.Equal(before, after) {
			t.Errorf("tools/list changed after adding %s", add.namespace)
		}
		if len(after) >= maxSearchListBytes {
			t.Errorf("tools/list is %d bytes after adding %s, want under %d", len(after), add.namespace, maxSearchListBytes)
		}
		hits, total := srv.searchTools(t, map[string]any{"query": add.query, "limit": 3})
		if got := hitNames(hits); !slices.Contains(got, add.want) || total < len(hits) {
			t.Errorf("%q after adding %s: top 3 %v, want %s", add.query, add.namespace, got, add.want)
		}
		hits, _ = srv.searchTools(t, map[string]any{"query": add.query, "source": add.namespace, "limit": 50})
		for _, h := range hits {
			if h["source"] != add.namespace {
				t.Errorf("source %s: hit %v", add.namespace, h)
			}
		}
		res = srv.call(t, "openapi_describe_tool", map[string]any{"name": add.want})
		if d := okJSON(t, "openapi_describe_tool", res); d["name"] != add.want || d["inputSchema"] == nil {
			t.Errorf("describe %s: %v", add.want, d)
		}
	}
	if n := srv.changed.Load(); n != 0 {
		t.Errorf("%d tools/list_changed notifications in search mode, want none", n)
	}
	// A call through callTool reaches the added source's target: the
	// Petstore's servers point nowhere reachable here, so the call fails
	// in transport, not in lookup or validation.
	res := srv.call(t, "openapi_call_tool", map[string]any{"name": "petstore_get_pet_by_id", "arguments": map[string]any{"petId": 1}})
	if text := toolText(res); strings.Contains(text, "no tool named") || strings.Contains(text, "cannot be used") {
		t.Errorf("call petstore_get_pet_by_id: %s", text)
	}
}

func mustAbs(t *testing.T, p string) string {
	t.Helper()
	abs, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// TestCatalogModeEnvTwin checks COGNITO_MCP_CATALOG.
func TestCatalogModeEnvTwin(t *testing.T) {
	t.Parallel()
	srv := startStdio(t, protocolPinned, baseEnv(t, "COGNITO_MCP_CATALOG=search"))
	if got := fmt.Sprint(len(srv.listAll(t))); got != fmt.Sprint(len(searchModeTools)) {
		t.Errorf("COGNITO_MCP_CATALOG=search: %s tools, want %d", got, len(searchModeTools))
	}
}
