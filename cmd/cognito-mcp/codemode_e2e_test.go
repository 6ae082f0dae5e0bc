package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/cognito-mcp/cognito-mcp/internal/peers"
)

// These tests drive code mode (--catalog code) through the built binary:
// tools/list holds the control tools, search, describe and openapi_execute,
// whose JavaScript calls every operation inside the sandbox.

// codeModeTools is what tools/list holds in code mode, in its order.
var codeModeTools = []string{
	"openapi_add_source", "openapi_describe_tool", "openapi_execute", "openapi_list_sources",
	"openapi_preview_spec", "openapi_remove_source", "openapi_search_tools",
}

// execute runs a script and returns its structured result.
func (s *stdioServer) execute(t testing.TB, args map[string]any) map[string]any {
	t.Helper()
	return okJSON(t, "openapi_execute", s.call(t, "openapi_execute", args))
}

// executeRaw runs a script without failing the test from another goroutine.
func (s *stdioServer) executeRaw(args map[string]any) (*mcp.CallToolResult, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Second)
	defer cancel()
	req := mcp.CallToolRequest{}
	req.Params.Name = "openapi_execute"
	req.Params.Arguments = args
	return s.CallTool(ctx, req)
}

func TestCodeModeCatalog(t *testing.T) {
	t.Parallel()
	for _, readOnly := range []bool{false, true} {
		args := []string{"--catalog", "code"}
		if readOnly {
			args = append(args, "--read-only")
		}
		srv := startStdio(t, protocolPinned, baseEnv(t), args...)
		var names []string
		for _, tl := range srv.listAll(t) {
			names = append(names, tl.Name)
			if tl.Name != "openapi_execute" {
				continue
			}
			ro, destructive := *tl.Annotations.ReadOnlyHint, *tl.Annotations.DestructiveHint
			if ro != readOnly || destructive == readOnly || !*tl.Annotations.OpenWorldHint {
				t.Errorf("read-only %v: openapi_execute annotations %+v", readOnly, tl.Annotations)
			}
		}
		slices.Sort(names)
		want := codeModeTools
		if readOnly {
			want = []string{"openapi_describe_tool", "openapi_execute", "openapi_list_sources", "openapi_preview_spec", "openapi_search_tools"}
		}
		if !slices.Equal(names, want) {
			t.Fatalf("read-only %v: tools/list %v, want %v", readOnly, names, want)
		}
		if raw, _ := srv.rawToolsList(t); len(raw) >= maxSearchListBytes {
			t.Errorf("tools/list is %d bytes, want under %d", len(raw), maxSearchListBytes)
		}
		if in := srv.init.Instructions; !strings.Contains(in, "openapi_execute") || strings.Contains(in, "openapi_call_tool") {
			t.Errorf("instructions: %q", in)
		}
		// Only read-only tools exist in a read-only sandbox.
		out := srv.execute(t, map[string]any{"code": `return [typeof tools.cognito.listUsers, typeof tools.cognito.adminDeleteUser]`, "allowWrites": true})
		wantTypes := []any{"function", "function"}
		if readOnly {
			wantTypes = []any{"function", "undefined"}
		}
		if !reflect.DeepEqual(out["value"], wantTypes) {
			t.Errorf("read-only %v: sandbox has %v", readOnly, out["value"])
		}
	}

	// Search says how a script calls the tool; describe gives its
	// TypeScript declaration.
	srv := startStdio(t, protocolPinned, baseEnv(t), "--catalog", "code")
	hits, _ := srv.searchTools(t, map[string]any{"query": "create a user as an administrator", "limit": 3})
	if i := slices.Index(hitNames(hits), "cognito_admin_create_user"); i < 0 || hits[i]["call"] != "tools.cognito.adminCreateUser" {
		t.Errorf("search: %v", hits)
	}
	res := srv.call(t, "openapi_describe_tool", map[string]any{"name": "cognito_admin_create_user"})
	ts := toolText(res)
	for _, want := range []string{"tools.cognito.adminCreateUser(args)", "allowWrites: true",
		"declare function adminCreateUser(args: {UserPoolId: string; Username: string;", `MessageAction?: "RESEND" | "SUPPRESS"`,
		"): Promise<{User?: {", "Enabled?: boolean"} {
		if res.IsError || !strings.Contains(ts, want) {
			t.Errorf("describe typescript lacks %q:\n%s", want, ts)
		}
	}
	if len(ts) > 2048 {
		t.Errorf("the declaration is %d bytes, want a compact one", len(ts))
	}
}

// startPagingProxy stands in front of cognito-local, which answers ListUsers
// with every user at once, and pages its answers as Cognito does: Limit
// users a page, PaginationToken to go on.
func startPagingProxy(t *testing.T, upstream string) string {
	t.Helper()
	target, err := url.Parse(upstream)
	if err != nil {
		t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Amz-Target") != "AWSCognitoIdentityProviderService.ListUsers" {
			rp.ServeHTTP(w, r)
			return
		}
		var req map[string]any
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		limit, offset := 60, 0
		if l, ok := req["Limit"].(float64); ok && l > 0 {
			limit = int(l)
		}
		if tok, ok := req["PaginationToken"].(string); ok {
			if offset, err = strconv.Atoi(tok); err != nil {
				http.Error(w, "bad token", http.StatusBadRequest)
				return
			}
		}
		delete(req, "Limit")
		delete(req, "PaginationToken")
		body, _ := json.Marshal(req)
		up, err := http.NewRequestWithContext(r.Context(), http.MethodPost, upstream+"/", bytes.NewReader(body))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		up.Header = r.Header.Clone()
		resp, err := http.DefaultClient.Do(up)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		var out map[string]any
		if resp.StatusCode == http.StatusOK && json.Unmarshal(raw, &out) == nil {
			users, _ := out["Users"].([]any)
			end := min(offset+limit, len(users))
			out["Users"] = users[min(offset, end):end]
			if end < len(users) {
				out["PaginationToken"] = strconv.Itoa(end)
			}
			raw, _ = json.Marshal(out)
		}
		w.Header().Set("Content-Type", resp.Header.Get("Content-Type"))
		w.WriteHeader(resp.StatusCode)
		w.Write(raw)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// bulkDisableScript is the scenario in one script: a pool, a client, 30
// users of which every third has an example.com address, every user listed
// across pages of 7, those at example.com disabled.
func bulkDisableScript(pool string) string {
	return fmt.Sprintf(`
const {UserPool: pool} = await tools.cognito.createUserPool({PoolName: %q});
const {UserPoolClient: client} = await tools.cognito.createUserPoolClient({UserPoolId: pool.Id, ClientName: "app"});
for (let i = 0; i < 30; i++) {
  const domain = i %% 3 === 0 ? "example.com" : "example.org";
  await tools.cognito.adminCreateUser({UserPoolId: pool.Id, Username: "user" + String(i).padStart(2, "0"),
    MessageAction: "SUPPRESS", UserAttributes: [{Name: "email", Value: "user" + i + "@" + domain}]});
}
const users = [];
let token, pages = 0;
do {
  const page = await tools.cognito.listUsers({UserPoolId: pool.Id, Limit: 7, ...(token ? {PaginationToken: token} : {})});
  users.push(...page.Users);
  token = page.PaginationToken;
  pages++;
} while (token);
const email = u => (u.Attributes.find(a => a.Name === "email") || {}).Value || "";
const matching = users.filter(u => email(u).endsWith("@example.com"));
for (const u of matching) {
  await tools.cognito.adminDisableUser({UserPoolId: pool.Id, Username: u.Username});
}
console.log("disabled", matching.length, "of", users.length);
return {poolId: pool.Id, clientId: client.ClientId, listed: users.length, pages, disabled: matching.length};
`, pool)
}

// bulkDisableDirect is the same scenario through direct calls, as an agent
// makes them in full mode; it returns the pool id.
func bulkDisableDirect(t testing.TB, srv *stdioServer, poolName string) string {
	t.Helper()
	poolID := str(okJSON(t, "CreateUserPool", srv.op(t, "CreateUserPool", map[string]any{"PoolName": poolName})), "UserPool", "Id")
	okJSON(t, "CreateUserPoolClient", srv.op(t, "CreateUserPoolClient", map[string]any{"UserPoolId": poolID, "ClientName": "app"}))
	for i := range 30 {
		domain := "example.org"
		if i%3 == 0 {
			domain = "example.com"
		}
		okJSON(t, "AdminCreateUser", srv.op(t, "AdminCreateUser", map[string]any{"UserPoolId": poolID, "Username": fmt.Sprintf("user%02d", i),
			"MessageAction": "SUPPRESS", "UserAttributes": []any{map[string]any{"Name": "email", "Value": fmt.Sprintf("user%d@%s", i, domain)}}}))
	}
	var matching []string
	args := map[string]any{"UserPoolId": poolID, "Limit": 7}
	for range 100 {
		page := okJSON(t, "ListUsers", srv.op(t, "ListUsers", args))
		for _, u := range page["Users"].([]any) {
			if email, _ := attribute(at(u, "Attributes"), "email"); strings.HasSuffix(email, "@example.com") {
				matching = append(matching, str(u, "Username"))
			}
		}
		tok, _ := page["PaginationToken"].(string)
		if tok == "" {
			break
		}
		args["PaginationToken"] = tok
	}
	for _, u := range matching {
		okJSON(t, "AdminDisableUser", srv.op(t, "AdminDisableUser", map[string]any{"UserPoolId": poolID, "Username": u}))
	}
	return poolID
}

// poolState is what a pool holds, for comparing two pools: each user's
// email and Enabled flag, and the app clients' names.
func poolState(t *testing.T, emu emulator, poolID string) (map[string]string, []string) {
	t.Helper()
	users := map[string]string{}
	for _, u := range emu.must(t, "ListUsers", map[string]any{"UserPoolId": poolID})["Users"].([]any) {
		email, _ := attribute(at(u, "Attributes"), "email")
		users[str(u, "Username")] = fmt.Sprintf("%s enabled=%v", email, at(u, "Enabled"))
	}
	var clients []string
	for _, c := range emu.must(t, "ListUserPoolClients", map[string]any{"UserPoolId": poolID, "MaxResults": 60})["UserPoolClients"].([]any) {
		clients = append(clients, str(c, "ClientName"))
	}
	return users, clients
}

// TestCodeModeBulkDisable runs the scenario in one openapi_execute
// call, then through direct calls on another pool, and compares the final
// states.
func TestCodeModeBulkDisable(t *testing.T) {
	t.Parallel()
	local := peers.StartCognitoLocal(t)
	endpoint := startPagingProxy(t, local)
	code := startCognitoMCP(t, endpoint, true, "--catalog", "code")
	out := code.execute(t, map[string]any{"code": bulkDisableScript("by-script"), "allowWrites": true})
	v, _ := out["value"].(map[string]any)
	if v["listed"] != float64(30) || v["pages"] != float64(5) || v["disabled"] != float64(10) || out["calls"] != float64(47) {
		t.Fatalf("script answered %v", out)
	}
	if !reflect.DeepEqual(out["logs"], []any{"disabled 10 of 30"}) {
		t.Errorf("logs %v", out["logs"])
	}

	full := startCognitoMCP(t, endpoint, true)
	directPool := bulkDisableDirect(t, full, "by-hand")

	emu := emulator{local}
	scriptUsers, scriptClients := poolState(t, emu, v["poolId"].(string))
	directUsers, directClients := poolState(t, emu, directPool)
	if len(scriptUsers) != 30 || !reflect.DeepEqual(scriptUsers, directUsers) || !reflect.DeepEqual(scriptClients, directClients) {
		t.Errorf("final states differ:\nscript: %v %v\ndirect: %v %v", scriptUsers, scriptClients, directUsers, directClients)
	}
	disabled := 0
	for _, s := range scriptUsers {
		if strings.HasSuffix(s, "enabled=false") {
			disabled++
			if !strings.Contains(s, "@example.com") {
				t.Errorf("disabled the wrong user: %s", s)
			}
		}
	}
	if disabled != 10 {
		t.Errorf("%d users disabled, want 10", disabled)
	}
}

// TestCodeModeAttacks runs scripts that try to break out or exhaust the
// server: each ends with an error that names what it broke, while direct
// calls and other scripts keep being answered.
func TestCodeModeAttacks(t *testing.T) {
	t.Parallel()
	local := peers.StartCognitoLocal(t)
	poolID := str(emulator{local}.must(t, "CreateUserPool", map[string]any{"PoolName": "keep-me"}), "UserPool", "Id")
	srv := startCognitoMCP(t, local, true, "--catalog", "code")
	global := `const g = Function("return this")();`
	for _, tc := range []struct {
		name string
		args map[string]any
		want []string
	}{
		{"infinite loop", map[string]any{"code": "for (;;) {}", "timeoutMs": 3000}, []string{"(timeout)", "3s limit"}},
		{"deep recursion", map[string]any{"code": "function f(n) { return f(n + 1) + 1 } return f(0)"}, []string{"(stack)", "recursion too deep"}},
		{"memory bomb", map[string]any{"code": "let s = 'x'.repeat(1 << 20); for (;;) s += s;"}, []string{"(memory)", "MiB of memory"}},
		{"1 GiB string", map[string]any{"code": "return 'x'.repeat(2 ** 30).length"}, []string{"(thrown): InternalError"}},
		{"array bomb", map[string]any{"code": "const a = []; for (;;) a.push({n: a.length, s: 'y'.repeat(64)});"}, []string{"(memory)"}},
		{"10,000 tool calls", map[string]any{"code": "await Promise.all(Array.from({length: 10000}, () => tools.cognito.listUserPools({MaxResults: 1})))"},
			[]string{"(call_limit)", "more than 1000 tool calls"}},
		{"require", map[string]any{"code": `return require("fs").readFileSync("/etc/passwd", "utf8")`}, []string{"(thrown): ReferenceError", "require"}},
		{"process", map[string]any{"code": `return process.env`}, []string{"(thrown): ReferenceError", "process"}},
		{"fetch", map[string]any{"code": `return await fetch("http://169.254.169.254/latest/meta-data/")`}, []string{"(thrown): ReferenceError", "fetch"}},
		{"import", map[string]any{"code": `const fs = await import("fs"); return fs`}, []string{"The script failed"}},
		{"timers", map[string]any{"code": `await new Promise(r => setTimeout(r, 10)); return 1`}, []string{"(thrown): ReferenceError", "setTimeout"}},
		{"globalThis escape", map[string]any{"code": global + `return g.constructor.constructor("return process")()`}, []string{"(thrown): ReferenceError", "process"}},
		{"host internals", map[string]any{"code": global + `throw new Error(JSON.stringify(["__host", "__setup", "__start", "__date_clock", "std", "os", "print", "scriptArgs"].filter(k => k in g)))`},
			[]string{"(thrown): Error: []"}},
		{"write without allowWrites", map[string]any{"code": fmt.Sprintf(`return await tools.cognito.deleteUserPool({UserPoolId: %q})`, poolID)},
			[]string{"(thrown): WriteNotAllowedError", `"allowWrites": true`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			done := make(chan *mcp.CallToolResult, 1)
			errc := make(chan error, 1)
			go func() {
				res, err := srv.executeRaw(tc.args)
				errc <- err
				done <- res
			}()
			// Direct calls and another script are answered while the
			// attack runs.
			calls := 0
			for attacking := true; attacking && calls < 1000; calls++ {
				if calls%2 == 0 {
					okJSON(t, "openapi_list_sources", srv.call(t, "openapi_list_sources", map[string]any{}))
				} else {
					out := srv.execute(t, map[string]any{"code": fmt.Sprintf(`return (await tools.cognito.describeUserPool({UserPoolId: %q})).UserPool.Name`, poolID)})
					if out["value"] != "keep-me" {
						t.Errorf("concurrent script: %v", out)
					}
				}
				select {
				case err := <-errc:
					if err != nil {
						t.Fatalf("openapi_execute: %v", err)
					}
					attacking = false
				default:
				}
			}
			res := <-done
			text := toolText(res)
			if !res.IsError {
				t.Fatalf("the attack succeeded: %s", text)
			}
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("error %q lacks %q", text, w)
				}
			}
			t.Logf("%d calls answered meanwhile; %s", calls, strings.SplitN(text, "\n", 2)[0])
		})
	}
	// The refused write did not happen, and the bombs did not grow the
	// process past the sandboxes' own caps (8 scripts of 40 MiB at most).
	emulator{local}.must(t, "DescribeUserPool", map[string]any{"UserPoolId": poolID})
	maxMiB := 512
	if slices.Contains(buildFlags, "-race") {
		maxMiB *= 3 // the race detector's shadow memory
	}
	rss := peakRSS(t, srv.proc.Process.Pid) >> 10
	t.Logf("peak RSS after the attacks: %d MiB", rss)
	if rss > maxMiB {
		t.Errorf("peak RSS %d MiB after the attacks, want under %d MiB", rss, maxMiB)
	}
}

// TestCodeModeSources adds a source at run time: its tools are in the next
// script under its namespace, and gone after its removal.
func TestCodeModeSources(t *testing.T) {
	t.Parallel()
	srv := startSources(t, petstoreEnv(t), "--catalog", "code", "--state-dir", t.TempDir(), "--allow-dir", filepath.Dir(petstoreYAML))
	probe := map[string]any{"code": `return typeof tools.petstore === "undefined" ? [] : Object.keys(tools.petstore).filter(k => typeof tools.petstore[k] === "function").sort()`}
	if out := srv.execute(t, probe); !reflect.DeepEqual(out["value"], []any{}) {
		t.Fatalf("petstore before adding: %v", out["value"])
	}
	okJSON(t, "openapi_add_source", srv.call(t, "openapi_add_source", map[string]any{"namespace": "petstore", "spec": mustAbs(t, petstoreYAML)}))
	out := srv.execute(t, probe)
	names, _ := out["value"].([]any)
	if !slices.Contains(names, any("getPetById")) || !slices.Contains(names, any("addPet")) {
		t.Errorf("petstore after adding: %v", names)
	}
	// The call reaches the source's target: the Petstore's servers point
	// nowhere reachable here, so it fails in transport, not in lookup.
	res := srv.call(t, "openapi_execute", map[string]any{"code": `return await tools.petstore.getPetById({petId: 1})`})
	if text := toolText(res); strings.Contains(text, "UnknownToolError") || strings.Contains(text, "not a function") {
		t.Errorf("call petstore: %s", text)
	}
	okJSON(t, "openapi_remove_source", srv.call(t, "openapi_remove_source", map[string]any{"namespace": "petstore"}))
	if out := srv.execute(t, probe); !reflect.DeepEqual(out["value"], []any{}) {
		t.Errorf("petstore after removal: %v", out["value"])
	}
	if n := srv.changed.Load(); n != 0 {
		t.Errorf("%d tools/list_changed notifications in code mode, want none", n)
	}
}
