package tools

import (
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/cognito-mcp/cognito-mcp/internal/cognitotest"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/cognito-mcp/cognito-mcp/executor"
	"github.com/cognito-mcp/cognito-mcp/inventory"
	"github.com/cognito-mcp/cognito-mcp/openapi"
	"github.com/cognito-mcp/cognito-mcp/registry"
)

func codeHarness(t *testing.T, inv inventory.Options, opts SyncOptions) *harness {
	t.Helper()
	inv.Mode = inventory.Code
	opts.Inventory = inv
	if opts.Calls == nil {
		opts.Calls = echoCalls{}
	}
	return newHarness(t, opts)
}

// execute runs a script and returns its structured result, failing the
// test on an isError result.
func (h *harness) execute(t *testing.T, args map[string]any) map[string]any {
	t.Helper()
	res := h.call(t, "openapi_execute", args)
	if res.IsError {
		t.Fatalf("execute: %s", text(res))
	}
	out, ok := res.StructuredContent.(map[string]any)
	if !ok {
		t.Fatalf("execute: structured content %T: %s", res.StructuredContent, text(res))
	}
	return out
}

func TestCodeModeThroughClient(t *testing.T) {
	h := codeHarness(t, inventory.Options{}, SyncOptions{})
	want := []string{"openapi_add_source", "openapi_describe_tool", "openapi_execute", "openapi_list_sources",
		"openapi_preview_spec", "openapi_remove_source", "openapi_search_tools"}
	if got := h.toolNames(t); !slices.Equal(got, want) {
		t.Fatalf("tools %v, want %v", got, want)
	}

	// A source added at run time is in the sandbox at once, under its
	// namespace, by short and full name and by MCP name.
	h.addPets(t)
	out := h.execute(t, map[string]any{"code": `
		const a = await tools.pets.getPet({id: "7"});
		const b = await tools.pets.pet.getPet({id: "8"});
		const c = await tools.call("pets_getpet", {id: "9"});
		console.log("got", a.args.id);
		return [a.tool, b.args.id, c.name];`})
	if v := out["value"]; !reflect.DeepEqual(v, []any{"pets.pet.getPet", "8", "pets_getpet"}) {
		t.Errorf("value %v", v)
	}
	if out["calls"] != float64(3) || !reflect.DeepEqual(out["logs"], []any{"got 7"}) {
		t.Errorf("calls %v, logs %v", out["calls"], out["logs"])
	}

	// Search says how a script calls what it finds.
	found := h.search(t, map[string]any{"query": "add a pet", "limit": 1})
	if len(found.Tools) != 1 || found.Tools[0].Call != "tools.pets.addPet" {
		t.Errorf("search in code mode: %+v", found)
	}

	// A write without allowWrites throws; with it, it runs.
	res := h.call(t, "openapi_execute", map[string]any{"code": `return await tools.pets.addPet({id: "1"})`})
	wantError(t, res, "WriteNotAllowedError", "allowWrites")
	out = h.execute(t, map[string]any{"code": `return (await tools.pets.addPet({id: "1"})).tool`, "allowWrites": true})
	if out["value"] != "pets.pet.addPet" {
		t.Errorf("write with allowWrites: %v", out)
	}

	// describe answers a TypeScript declaration by default, JSON on request.
	res = h.call(t, "openapi_describe_tool", map[string]any{"name": "pets_addpet"})
	ts := wantSuccess(t, res)
	for _, w := range []string{"tools.pets.addPet(args)", `tools.call("pets_addpet", args)`, "allowWrites: true", "declare function addPet(args: {id?: string}): Promise<unknown>;"} {
		if !strings.Contains(ts, w) {
			t.Errorf("typescript %q lacks %q", ts, w)
		}
	}
	res = h.call(t, "openapi_describe_tool", map[string]any{"name": "pets_addpet", "format": "json"})
	if m, _ := res.StructuredContent.(map[string]any); res.IsError || m["name"] != "pets_addpet" || m["inputSchema"] == nil {
		t.Errorf("describe json: %s", text(res))
	}
	wantError(t, h.call(t, "openapi_describe_tool", map[string]any{"name": "pets_addpet", "format": "yaml"}), "want typescript or json")

	// Removed, the source is gone from the next script.
	if res := h.call(t, "openapi_remove_source", map[string]any{"namespace": "pets"}); res.IsError {
		t.Fatal(text(res))
	}
	wantError(t, h.call(t, "openapi_execute", map[string]any{"code": `return await tools.call("pets_getpet", {})`}), "UnknownToolError")
	out = h.execute(t, map[string]any{"code": `return typeof tools.pets`})
	if out["value"] != "undefined" {
		t.Errorf("tools.pets after removal: %v", out["value"])
	}

	// Bad arguments and failing scripts say what is wrong.
	for _, tc := range []struct {
		args map[string]any
		want []string
	}{
		{map[string]any{"code": " "}, []string{"code is required"}},
		{map[string]any{"code": "return 1", "timeoutMs": 0}, []string{"timeoutMs 0 is out of range"}},
		{map[string]any{"code": "return 1", "timeoutMs": 200_000}, []string{"out of range"}},
		{map[string]any{"code": "return ("}, []string{"The script failed (syntax)", "SyntaxError"}},
		{map[string]any{"code": "console.log('before'); throw new TypeError('boom')"}, []string{"The script failed (thrown): TypeError: boom", "log:\nbefore"}},
		{map[string]any{"code": "for (;;) {}", "timeoutMs": 300}, []string{"The script failed (timeout)", "limit"}},
	} {
		wantError(t, h.call(t, "openapi_execute", tc.args), tc.want...)
	}
}

func TestCodeModeReadOnly(t *testing.T) {
	h := codeHarness(t, inventory.Options{ReadOnly: true}, SyncOptions{})
	h.addPets(t)
	res, err := h.c.ListTools(context.Background(), mcp.ListToolsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tl := range res.Tools {
		if tl.Name == "openapi_execute" && (tl.Annotations.ReadOnlyHint == nil || !*tl.Annotations.ReadOnlyHint || *tl.Annotations.DestructiveHint) {
			t.Errorf("openapi_execute under read-only: %+v", tl.Annotations)
		}
	}
	// Only read-only tools exist in the sandbox, allowWrites or not.
	out := h.execute(t, map[string]any{"code": `return [typeof tools.pets.getPet, typeof tools.pets.addPet]`, "allowWrites": true})
	if !reflect.DeepEqual(out["value"], []any{"function", "undefined"}) {
		t.Errorf("read-only sandbox: %v", out["value"])
	}
	wantError(t, h.call(t, "openapi_execute", map[string]any{"code": `return await tools.call("pets_addpet", {})`, "allowWrites": true}), "UnknownToolError")

	// Exclude patterns narrow the sandbox as they narrow search.
	ex := codeHarness(t, inventory.Options{Exclude: []string{"pets.pet.add*"}}, SyncOptions{})
	ex.addPets(t)
	out = ex.execute(t, map[string]any{"code": `return [typeof tools.pets.getPet, typeof tools.pets.addPet]`, "allowWrites": true})
	if !reflect.DeepEqual(out["value"], []any{"function", "undefined"}) {
		t.Errorf("excluded tool in the sandbox: %v", out["value"])
	}

	// Not read-only: openapi_execute is destructive.
	for _, tl := range CodeTools(false) {
		if tl.Name == "openapi_execute" && (!tl.Annotations.Destructive || tl.Annotations.ReadOnly || !tl.Annotations.OpenWorld) {
			t.Errorf("openapi_execute annotations %+v", tl.Annotations)
		}
	}
}

// TestCodeModeCallsThePipeline runs a script's call through the real
// Caller and executor: an AWS error reaches the script with its name,
// message, status and request id, and a success with the decoded result.
func TestCodeModeCallsThePipeline(t *testing.T) {
	up := cognitotest.NewStub(t,
		cognitotest.Answer{Status: 200, Body: `{"Users":[{"Username":"ada","Enabled":true}]}`},
		cognitotest.Answer{Status: 400, Header: map[string]string{"X-Amzn-Requestid": "req-42"},
			Body: `{"__type":"com.amazonaws.cognito#ResourceNotFoundException","message":"User pool does not exist."}`})
	reg, err := registry.New(context.Background(), registry.Options{Dir: t.TempDir(), Builtin: func() (*openapi.Catalog, error) {
		lu := cognitotest.ListUsers()
		lu.Annotations.ReadOnly = true
		return &openapi.Catalog{Title: "Amazon Cognito", Version: "2016-04-18", Tools: []openapi.Tool{*lu}}, nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	exec := executor.New(executor.Options{AWS: cognitotest.Config(up.URL)})
	h := newHarnessFor(t, reg, SyncOptions{Inventory: inventory.Options{Mode: inventory.Code}, Calls: NewCaller(exec, CallerOptions{}),
		Code: CodeOptions{MaxResultBytes: 300}})
	out := h.execute(t, map[string]any{"code": `
		const ok = await tools.cognito.ListUsers({UserPoolId: "us-east-1_x"});
		try {
			await tools.cognito.ListUsers({UserPoolId: "us-east-1_y"});
		} catch (e) {
			return {user: ok.Users[0].Username, name: e.name, code: e.code, message: e.message, status: e.status, requestId: e.requestId};
		}`})
	want := map[string]any{"user": "ada", "name": "ResourceNotFoundException", "code": "ResourceNotFoundException",
		"message": "User pool does not exist.", "status": float64(400), "requestId": "req-42"}
	if !reflect.DeepEqual(out["value"], want) {
		t.Errorf("value %v, want %v", out["value"], want)
	}
	// Validation is the executor's, as for a direct call: no request goes out.
	sent := len(up.Requests())
	wantError(t, h.call(t, "openapi_execute", map[string]any{"code": `return await tools.cognito.ListUsers({Limit: 5})`}), "UserPoolId")
	if n := len(up.Requests()); n != sent {
		t.Errorf("an invalid call was sent (%d requests, want %d)", n, sent)
	}
	// An uncaught API error names the exception, status and request id.
	wantError(t, h.call(t, "openapi_execute", map[string]any{"code": `return await tools.cognito.ListUsers({UserPoolId: "us-east-1_y"})`}),
		"The script failed (thrown): ResourceNotFoundException (HTTP 400): User pool does not exist.", "request id: req-42")
	// The result is capped like a tool's.
	res := h.call(t, "openapi_execute", map[string]any{"code": `return "x".repeat(1000)`})
	if txt := text(res); res.IsError || res.StructuredContent != nil || !strings.Contains(txt, "[truncated: the result is") || !strings.Contains(txt, "--max-result-bytes") {
		t.Errorf("over the cap: %s", txt)
	}
}

func TestTypeScriptDeclaration(t *testing.T) {
	got := typeScript(cognitotest.AdminCreateUser(), "cognito.adminCreateUser", "cognito_admincreateuser")
	want := `// await tools.cognito.adminCreateUser(args), or tools.call("cognito_admincreateuser", args); not read-only: the script needs allowWrites: true
declare function adminCreateUser(args: {UserPoolId: string; Username: string; MessageAction?: "RESEND" | "SUPPRESS"; TemporaryPassword?: string; UserAttributes?: {Name: string; Value?: string}[]}): Promise<{User?: {Enabled?: boolean; UserCreateDate?: string; UserLastModifiedDate?: string; Username?: string}}>;`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	for schema, want := range map[string]string{
		`{"type":"object","additionalProperties":{"type":"integer"}}`:                  "Record<string, number>",
		`{"type":["string","null"]}`:                                                   "string | null",
		`{"type":"array","items":{"enum":["a","b"]}}`:                                  `("a" | "b")[]`,
		`{"type":"object","properties":{"x-y":{"type":"boolean"}},"required":["x-y"]}`: `{"x-y": boolean}`,
		`{"oneOf":[{"type":"string"},{"type":"number"}]}`:                              "string | number",
		`{"$ref":"#/$defs/a","$defs":{"a":{"$ref":"#/$defs/a"}}}`:                      "unknown",
		`{}`: "unknown",
	} {
		if got := tsSchema(json.RawMessage(schema), "x"); got != want {
			t.Errorf("%s: %s, want %s", schema, got, want)
		}
	}
}
