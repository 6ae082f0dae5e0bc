package codemode

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

// exec executes code and returns its result and *Error (nil on success).
func exec(t *testing.T, e *Engine, code string, opts Options) (*Result, *Error) {
	t.Helper()
	res, err := e.Execute(context.Background(), code, opts)
	if res == nil {
		t.Fatalf("Execute returned a nil Result")
	}
	if err == nil {
		return res, nil
	}
	var se *Error
	if !errors.As(err, &se) {
		t.Fatalf("Execute error %T %v is not an *Error", err, err)
	}
	return res, se
}

// mustRun executes code, fails the test when the script fails, and decodes
// the return value into a generic value.
func mustRun(t *testing.T, e *Engine, code string, opts Options) (any, *Result) {
	t.Helper()
	res, err := exec(t, e, code, opts)
	if err != nil {
		t.Fatalf("script failed: %v\nlogs: %q", err, res.Logs)
	}
	var v any
	if err := json.Unmarshal(res.Value, &v); err != nil {
		t.Fatalf("return value %q is not JSON: %v", res.Value, err)
	}
	return v, res
}

func wantKind(t *testing.T, err *Error, kind Kind) {
	t.Helper()
	if err == nil {
		t.Fatalf("script succeeded, want a %s error", kind)
	}
	if err.Kind != kind {
		t.Fatalf("error kind %s (%v), want %s", err.Kind, err, kind)
	}
}

func TestHappyPathAwaits(t *testing.T) {
	b := newFakeBridge()
	e := newEngine(t, b, Limits{})
	v, res := mustRun(t, e, `
		for (const name of ["ann", "bob", "cy"]) {
			const r = await tools.cognito.adminCreateUser({UserPoolId: "p", Username: name});
			if (!r.User.Enabled) throw new Error("not enabled");
		}
		await tools.cognito.adminDisableUser({UserPoolId: "p", Username: "bob"});
		const page = await tools.cognito.listUsers({UserPoolId: "p"});
		return page.Users.filter(u => u.Enabled).map(u => u.Username).sort();
	`, Options{AllowWrites: true})
	if want := []any{"ann", "cy"}; !reflect.DeepEqual(v, want) {
		t.Errorf("value = %v, want %v", v, want)
	}
	if res.Calls != 5 || b.calls.Load() != 5 {
		t.Errorf("calls = %d (bridge saw %d), want 5", res.Calls, b.calls.Load())
	}
	if b.users["bob"] || !b.users["ann"] {
		t.Errorf("bridge state %v, want bob disabled and ann enabled", b.users)
	}
}

func TestPromiseAll(t *testing.T) {
	b := newFakeBridge()
	e := newEngine(t, b, Limits{MaxParallelCalls: 3})
	v, res := mustRun(t, e, `
		const rs = await Promise.all([1, 2, 3, 4, 5, 6, 7].map(i => tools.pets.echo({i})));
		return rs.map(r => r.i);
	`, Options{})
	if want := []any{1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0}; !reflect.DeepEqual(v, want) {
		t.Errorf("value = %v, want %v", v, want)
	}
	if res.Calls != 7 {
		t.Errorf("calls = %d, want 7", res.Calls)
	}
}

func TestAWSErrorCaughtByScript(t *testing.T) {
	e := newEngine(t, newFakeBridge(), Limits{})
	v, _ := mustRun(t, e, `
		try {
			await tools.cognito.adminDisableUser({UserPoolId: "p", Username: "nobody"});
			return "no error";
		} catch (e) {
			return {isError: e instanceof Error, name: e.name, code: e.code, message: e.message, status: e.status, requestId: e.requestId};
		}
	`, Options{AllowWrites: true})
	want := map[string]any{"isError": true, "name": "UserNotFoundException", "code": "UserNotFoundException",
		"message": "User does not exist.", "status": 400.0, "requestId": "req-2"}
	if !reflect.DeepEqual(v, want) {
		t.Errorf("caught = %v, want %v", v, want)
	}
}

func TestUncaughtAWSError(t *testing.T) {
	e := newEngine(t, newFakeBridge(), Limits{})
	_, err := exec(t, e, `
		await tools.cognito.adminCreateUser({UserPoolId: "p", Username: "ann"});
		await tools.cognito.adminCreateUser({UserPoolId: "p", Username: "ann"});
	`, Options{AllowWrites: true})
	wantKind(t, err, KindThrown)
	if err.Name != "UsernameExistsException" || err.Code != "UsernameExistsException" || err.Status != 400 ||
		err.RequestID != "req-1" || err.Message != "User account already exists" {
		t.Errorf("error = %+v, want the AWS fields of the second call", err)
	}
}

func TestUncaughtScriptErrors(t *testing.T) {
	e := newEngine(t, newFakeBridge(), Limits{})
	for _, tc := range []struct {
		code, name, message string
	}{
		{`throw new TypeError("bad input")`, "TypeError", "bad input"},
		{`throw "plain"`, "", "plain"},
		{`null.x`, "TypeError", "cannot read property 'x' of null"},
		{`await Promise.reject(new RangeError("r"))`, "RangeError", "r"},
		{`return tools.cognito.listUsers(42)`, "TypeError", "tool " + pathListUsers + ": arguments must be an object, e.g. {UserPoolId: \"...\"}"},
	} {
		_, err := exec(t, e, tc.code, Options{})
		wantKind(t, err, KindThrown)
		if err.Name != tc.name || err.Message != tc.message {
			t.Errorf("%s: error %q %q, want %q %q", tc.code, err.Name, err.Message, tc.name, tc.message)
		}
	}
}

func TestSyntaxError(t *testing.T) {
	e := newEngine(t, newFakeBridge(), Limits{})
	_, err := exec(t, e, "const a = 1;\nreturn a +;", Options{})
	wantKind(t, err, KindSyntax)
	if !strings.Contains(err.Message, "script.js:2") {
		t.Errorf("message %q does not point at script.js:2", err.Message)
	}
}

func TestConsoleCapture(t *testing.T) {
	e := newEngine(t, newFakeBridge(), Limits{MaxLogBytes: 63})
	res, err := exec(t, e, `
		console.log("a", 1, {b: [2]}, undefined, null);
		console.warn("careful");
		console.error(new TypeError("boom"));
		for (let i = 0; i < 100; i++) console.log("line", i);
		return "done";
	`, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{`a 1 {"b":[2]} undefined null`, "warn: careful", "error: TypeError: boom"}
	if !reflect.DeepEqual(res.Logs, want) || !res.LogsTruncated {
		t.Errorf("logs = %q truncated=%v, want %q truncated", res.Logs, res.LogsTruncated, want)
	}
	if string(res.Value) != `"done"` {
		t.Errorf("value = %s", res.Value)
	}
}

func TestReturnValues(t *testing.T) {
	e := newEngine(t, newFakeBridge(), Limits{MaxResultBytes: 1000})
	for _, tc := range []struct{ code, want string }{
		{`return`, `null`},
		{`await tools.pets.echo({})`, `null`},
		{`return {a: [1, "x", true, null], b: undefined}`, `{"a":[1,"x",true,null]}`},
		{`return "x".repeat(990)`, `"` + strings.Repeat("x", 990) + `"`},
		{`return () => 1`, `null`},
	} {
		res, err := exec(t, e, tc.code, Options{})
		if err != nil || string(res.Value) != tc.want {
			t.Errorf("%s: value %.60s err %v, want %.60s", tc.code, res.Value, err, tc.want)
		}
	}
	for _, code := range []string{
		`return "x".repeat(1000)`,
		`return {toJSON() { throw new Error("no") }}`,
		`const a = {}; a.self = a; return a`,
	} {
		res, err := exec(t, e, code, Options{})
		wantKind(t, err, KindResult)
		if res.Value != nil {
			t.Errorf("%s: value %s alongside an error", code, res.Value)
		}
	}
}

func TestWritesNeedAllowWrites(t *testing.T) {
	b := newFakeBridge()
	e := newEngine(t, b, Limits{})
	v, _ := mustRun(t, e, `
		const out = [];
		for (const f of [() => tools.cognito.adminCreateUser({Username: "x"}),
		                 () => tools.call("cognito_admin_create_user", {Username: "x"})]) {
			try { await f(); out.push("ran"); } catch (e) { out.push(e.name + ": " + e.message); }
		}
		await tools.cognito.listUsers({});
		out.push("listed");
		return out;
	`, Options{})
	msg := "WriteNotAllowedError: tool " + pathCreateUser + ` changes state; run the script with "allowWrites": true to call it`
	if want := []any{msg, msg, "listed"}; !reflect.DeepEqual(v, want) {
		t.Errorf("value = %v, want %v", v, want)
	}
	if len(b.users) != 0 || b.calls.Load() != 1 {
		t.Errorf("the bridge ran %d calls and has users %v; want only the list call", b.calls.Load(), b.users)
	}
}

func TestToolsCallNames(t *testing.T) {
	b := newFakeBridge()
	e := newEngine(t, b, Limits{})
	v, _ := mustRun(t, e, `
		const a = await tools.call("pets_echo", {n: 1});
		const b = await tools.call("pets.pets.echo", {n: 2});
		const c = await tools.call("pets.echo", {n: 3});
		const d = await tools.pets.pets.echo({n: 4});
		let e;
		try { await tools.call("nope", {}); } catch (err) { e = err.name + ": " + err.message; }
		return [a.n, b.n, c.n, d.n, e, Object.keys(tools.cognito).sort()];
	`, Options{})
	want := []any{1.0, 2.0, 3.0, 4.0, `UnknownToolError: no tool is named "nope"; use tools.<namespace>.<leaf>, a tool path or an MCP name`,
		[]any{"adminCreateUser", "adminDisableUser", "listUsers", "slow",
			"xAmzTargetAwsCognitoIdentityProviderServiceAdminCreateUser",
			"xAmzTargetAwsCognitoIdentityProviderServiceAdminDisableUser",
			"xAmzTargetAwsCognitoIdentityProviderServiceListUsers"}}
	if !reflect.DeepEqual(v, want) {
		t.Errorf("value = %v\nwant %v", v, want)
	}
}

func TestBindings(t *testing.T) {
	tools := []ToolRef{
		{Path: pathCreateUser, Namespace: "cognito", MCPName: "cognito_admin_create_user"},
		{Path: "a.get", Namespace: "cognito", MCPName: "cognito_a_get"},
		{Path: "b.get", Namespace: "cognito", MCPName: "cognito_b_get"},
		{Path: "pets.pets.listPets", Namespace: "pets", MCPName: "pets_list_pets"},
		{Path: "pets.store.pets", Namespace: "pets", MCPName: "pets_store_pets"},
		{Path: "openapi.addSource", Namespace: "openapi", MCPName: "openapi_add_source"},
		{Path: "call.x.y", Namespace: "call", MCPName: "call_y"},
		{Path: "bad..path", Namespace: "bad", MCPName: "bad_path"},
	}
	var got []string
	for _, b := range Bindings(tools) {
		got = append(got, b.Name+" -> "+b.Tool.MCPName)
	}
	want := []string{
		"cognito.a.get -> cognito_a_get",
		"cognito.b.get -> cognito_b_get",
		"cognito.xAmzTargetAwsCognitoIdentityProviderServiceAdminCreateUser.adminCreateUser -> cognito_admin_create_user",
		"cognito.adminCreateUser -> cognito_admin_create_user",
		"openapi.addSource -> openapi_add_source",
		"pets.pets.listPets -> pets_list_pets",
		"pets.listPets -> pets_list_pets",
		"pets.store.pets -> pets_store_pets", // no short name: "pets" is also a group
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Bindings =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestStalledScript(t *testing.T) {
	e := newEngine(t, newFakeBridge(), Limits{})
	_, err := exec(t, e, `await new Promise(() => {})`, Options{})
	wantKind(t, err, KindStalled)
}

func TestEmptyAndOversizedCode(t *testing.T) {
	e := newEngine(t, newFakeBridge(), Limits{MaxCodeBytes: 10})
	for _, code := range []string{"", "return 12345678"} {
		_, err := exec(t, e, code, Options{})
		wantKind(t, err, KindInvalid)
	}
}

// TestCancelEndsInflightCalls checks that a call in flight sees the end of the
// script's context, whether the caller cancels or the script times out.
func TestCancelEndsInflightCalls(t *testing.T) {
	b := newFakeBridge()
	b.block = make(chan struct{}) // never closed: slow calls end only with their ctx
	e := newEngine(t, b, Limits{})

	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		waitForCalls(t, b, 1)
		cancel()
	}()
	_, err := e.Execute(ctx, `await tools.cognito.slow.slow({})`, Options{})
	var se *Error
	if !errors.As(err, &se) || se.Kind != KindCanceled {
		t.Fatalf("error %v, want %s", err, KindCanceled)
	}

	res, se := exec(t, e, `try { await tools.cognito.slow.slow({}) } catch (e) { console.log("caught") }`, Options{Timeout: 200 * time.Millisecond})
	wantKind(t, se, KindTimeout)
	if len(res.Logs) != 0 {
		t.Errorf("logs %q: the script ran on after its timeout", res.Logs)
	}
}

func TestScriptSlotsRefuseExcess(t *testing.T) {
	b := newFakeBridge()
	b.block = make(chan struct{})
	e := newEngine(t, b, Limits{MaxScripts: 1, QueueWait: 50 * time.Millisecond})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if _, err := e.Execute(context.Background(), `return await tools.cognito.slow.slow({})`, Options{}); err != nil {
			t.Errorf("first script: %v", err)
		}
	}()
	waitForCalls(t, b, 1)
	_, err := exec(t, e, `return 1`, Options{})
	wantKind(t, err, KindBusy)
	close(b.block)
	wg.Wait()
	if v, _ := mustRun(t, e, `return 1`, Options{}); v != 1.0 {
		t.Errorf("after the slot freed: %v", v)
	}
}

// changingBridge serves a tool list that the test changes between scripts.
type changingBridge struct {
	*fakeBridge
	mu   sync.Mutex
	list []ToolRef
}

func (c *changingBridge) Tools() []ToolRef {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.list
}

func TestToolsReadPerScript(t *testing.T) {
	c := &changingBridge{fakeBridge: newFakeBridge()}
	e := newEngine(t, c, Limits{})
	check := `return typeof tools.pets === "object" ? typeof tools.pets.echo : "none"`
	if v, _ := mustRun(t, e, check, Options{}); v != "none" {
		t.Errorf("before adding: %v", v)
	}
	c.mu.Lock()
	c.list = c.fakeBridge.tools
	c.mu.Unlock()
	if v, _ := mustRun(t, e, check, Options{}); v != "function" {
		t.Errorf("after adding: %v", v)
	}
}

func TestCallTimeAndDuration(t *testing.T) {
	e := newEngine(t, newFakeBridge(), Limits{})
	_, res := mustRun(t, e, `await tools.pets.echo({}); return 1`, Options{})
	if res.CallTime <= 0 || res.Duration < res.CallTime {
		t.Errorf("call time %s, duration %s: want 0 < call time <= duration", res.CallTime, res.Duration)
	}
}

// waitForCalls waits up to 10 s for the bridge to have seen n calls.
func waitForCalls(t *testing.T, b *fakeBridge, n int64) {
	for i := 0; i < 10000 && b.calls.Load() < n; i++ {
		time.Sleep(time.Millisecond)
	}
	if b.calls.Load() < n {
		t.Errorf("the bridge saw %d calls, want %d", b.calls.Load(), n)
	}
}

func TestNewRejectsLimitsOverTheModule(t *testing.T) {
	for _, lim := range []Limits{{MemoryBytes: 2 << 30}, {StackBytes: 1 << 20}} {
		if e, err := New(context.Background(), newFakeBridge(), lim); err == nil {
			e.Close(context.Background())
			t.Errorf("New(%+v) succeeded, want an error", lim)
		}
	}
	if _, err := New(context.Background(), nil, Limits{}); err == nil {
		t.Error("New without a Bridge succeeded")
	}
}

func TestLargeArgumentsAndResultsAreCatchable(t *testing.T) {
	e := newEngine(t, newFakeBridge(), Limits{MemoryBytes: 8 << 20, MaxArgsBytes: 1000})
	v, _ := mustRun(t, e, `
		const out = [];
		for (const f of [() => tools.pets.echo({s: "x".repeat(2000)}), () => tools.pets.big({n: 3 << 20})]) {
			try { await f(); out.push("ran"); } catch (e) { out.push(e.name + ": " + e.message); }
		}
		out.push((await tools.pets.big({n: 1000})).s.length);
		return out;
	`, Options{})
	want := []any{
		"ToolError: the arguments are 2008 bytes of JSON, over the cap of 1000",
		"ToolError: the result of pets.pets.big is 3145756 bytes of JSON, over the 2097152 a script with 8 MiB of memory can take; ask for less (a smaller page, fewer attributes)",
		1000.0,
	}
	if !reflect.DeepEqual(v, want) {
		t.Errorf("value = %v\nwant %v", v, want)
	}
}
