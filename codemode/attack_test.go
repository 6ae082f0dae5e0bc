package codemode

import (
	"context"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/tetratelabs/wazero"
)

// TestAttacks runs each hostile script next to a well-behaved one: the hostile
// one must end with a clear error of its kind, the other must succeed.
func TestAttacks(t *testing.T) {
	b := newFakeBridge()
	e := newEngine(t, b, Limits{})
	short := Options{Timeout: 500 * time.Millisecond}
	cases := []struct {
		name string
		code string
		opts Options
		kind Kind
		msg  string // in the error's message
	}{
		{"infinite loop", `while (true) {}`, short, KindTimeout, "500ms limit"},
		{"loop that catches", `for (;;) { try { while (true) {} } catch (e) {} }`, short, KindTimeout, "500ms limit"},
		{"regex backtracking", `return /^(a+)+$/.test("a".repeat(40) + "b")`, short, KindTimeout, "500ms limit"},
		{"C loop over a huge length", `return Array.prototype.indexOf.call({length: 2**53 - 1}, 1)`, short, KindTimeout, "500ms limit"},
		{"join of a sparse array", `return new Array(2**32 - 1).join("").length`, short, KindTimeout, "500ms limit"},
		{"busy promise chain", `for (;;) await Promise.resolve()`, short, KindTimeout, "500ms limit"},
		{"deep recursion", `function f(n) { return f(n + 1) + 1 } return f(0)`, Options{}, KindStack, "recursion too deep"},
		{"recursion in a getter", `const o = {get x() { return this.x }}; return o.x`, Options{}, KindStack, "recursion too deep"},
		{"longest string", `return 'x'.repeat(2**30).length`, Options{}, KindThrown, "string too long"},
		// 200,000 proxies fill the heap: QuickJS, out of memory while
		// raising its error, throws null, and the heap at its cap says why.
		{"proxy chain", `let p = {}; for (let i = 0; i < 200000; i++) p = new Proxy(p, {}); return p.x`, Options{}, KindMemory, "32 MiB"},
		{"memory bomb", `return 'x'.repeat(2**29).length`, Options{}, KindMemory, "32 MiB"},
		{"string doubling", `let s = "x"; for (;;) s += s`, Options{}, KindMemory, "32 MiB"},
		{"growing array", `const a = []; for (;;) a.push(new Array(100000).fill(1))`, Options{}, KindMemory, "32 MiB"},
		{"array of small objects", `const a = []; for (;;) a.push({n: a.length, s: "y".repeat(64)})`, Options{}, KindMemory, "32 MiB"},
		{"throw null", `throw null`, Options{}, KindThrown, "the script threw null"},
		{"memory error caught then grown", `const a = []; for (;;) { try { a.push("y".repeat(1 << 20) + a.length) } catch (e) {} }`, short, KindTimeout, "500ms limit"},
		{"10,000 sequential calls", `for (let i = 0; i < 10000; i++) await tools.pets.echo({i})`, Options{}, KindCallLimit, "more than 1000 tool calls"},
		{"10,000 parallel calls", `await Promise.all(Array.from({length: 10000}, (_, i) => tools.pets.echo({i})))`, Options{}, KindCallLimit, "more than 1000 tool calls"},
		{"require", `return require("fs")`, Options{}, KindThrown, "'require' is not defined"},
		{"process", `return process.env`, Options{}, KindThrown, "'process' is not defined"},
		{"fetch", `return await fetch("http://127.0.0.1/")`, Options{}, KindThrown, "'fetch' is not defined"},
		{"dynamic import", `return await import("os")`, Options{}, KindThrown, "could not load module 'os'"},
		{"static import", `import * as os from "os"`, Options{}, KindSyntax, ""},
		{"setTimeout", `setTimeout(() => {}, 10)`, Options{}, KindThrown, "'setTimeout' is not defined"},
		{"await a timer promise", `await new Promise(r => globalThis.setTimeout ? setTimeout(r, 1) : 0)`, Options{}, KindStalled, "timers do not exist"},
		{"host hook", `return __host.call("pets.pets.echo", "{}")`, Options{}, KindThrown, "'__host' is not defined"},
		{"WebAssembly", `return new WebAssembly.Module(new Uint8Array(8))`, Options{}, KindThrown, "'WebAssembly' is not defined"},
		{"std and os modules", `return [std, os]`, Options{}, KindThrown, "'std' is not defined"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			control := make(chan error, 1)
			go func() {
				res, err := e.Execute(context.Background(), `
					let n = 0;
					for (let i = 0; i < 20; i++) n += (await tools.pets.echo({i})).i;
					return n;
				`, Options{})
				if err == nil && string(res.Value) != "190" {
					err = &Error{Kind: KindInternal, Message: "control returned " + string(res.Value)}
				}
				control <- err
			}()
			res, err := exec(t, e, tc.code, tc.opts)
			wantKind(t, err, tc.kind)
			if !strings.Contains(err.Message, tc.msg) {
				t.Errorf("message %q does not say %q", err.Message, tc.msg)
			}
			if res.Calls > 1000 {
				t.Errorf("the script made %d calls", res.Calls)
			}
			if err := <-control; err != nil {
				t.Errorf("the concurrent script failed: %v", err)
			}
		})
	}
	if n := b.calls.Load(); n > int64(len(cases)*20+2*1000) {
		t.Errorf("the bridge ran %d calls; the call limit did not hold", n)
	}
}

// TestGlobalsHoldNoHost lists what a script can reach from its global object,
// including through the Function constructor.
func TestGlobalsHoldNoHost(t *testing.T) {
	e := newEngine(t, newFakeBridge(), Limits{})
	v, _ := mustRun(t, e, `
		const g1 = constructor.constructor("return this")();
		const g2 = Function("return this")();
		const g3 = (0, eval)("this");
		const g4 = Object.getPrototypeOf(async function () {}).constructor("return this");
		const names = new Set();
		for (const g of [globalThis, g1, g2, g3]) {
			for (const k of Object.getOwnPropertyNames(g)) names.add(k);
		}
		return {same: g1 === globalThis && g2 === globalThis && g3 === globalThis,
		        asyncGlobal: (await g4()) === globalThis, names: [...names].sort()};
	`, Options{})
	m := v.(map[string]any)
	if m["same"] != true || m["asyncGlobal"] != true {
		t.Errorf("the Function constructor reached another global: %v", m)
	}
	allowed := map[string]bool{}
	for _, n := range strings.Fields(`Object Function Array Number parseFloat parseInt Infinity NaN undefined
		decodeURI decodeURIComponent encodeURI encodeURIComponent escape unescape isFinite isNaN globalThis
		Boolean String Symbol Error EvalError RangeError ReferenceError SyntaxError TypeError URIError
		InternalError AggregateError Math Reflect JSON Date RegExp Proxy Map Set WeakMap WeakSet Promise
		eval ArrayBuffer SharedArrayBuffer Uint8ClampedArray Int8Array Uint8Array Int16Array Uint16Array
		Int32Array Uint32Array Float32Array Float64Array DataView Atomics BigInt BigInt64Array BigUint64Array
		tools console`) {
		allowed[n] = true
	}
	for _, n := range m["names"].([]any) {
		if !allowed[n.(string)] {
			t.Errorf("the sandbox global has %q", n)
		}
	}
}

// TestMemoryBombStaysInSandbox checks that a script that fills its memory
// does not grow the Go heap by more than a few sandboxes' worth.
func TestMemoryBombStaysInSandbox(t *testing.T) {
	e := newEngine(t, newFakeBridge(), Limits{})
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range 3 {
		_, err := exec(t, e, `let s = "x"; for (;;) s += s`, Options{})
		wantKind(t, err, KindMemory)
	}
	runtime.ReadMemStats(&after)
	if grown := int64(after.HeapSys) - int64(before.HeapSys); grown > 512<<20 {
		t.Errorf("the Go heap grew by %d MiB over three memory bombs", grown>>20)
	}
}

// TestWasmMemoryHardCap checks the cap under QuickJS's own accounting: the
// WebAssembly memory of an instance cannot grow past MemoryBytes plus slack,
// whatever the code inside asks for.
func TestWasmMemoryHardCap(t *testing.T) {
	ctx := context.Background()
	e := newEngine(t, newFakeBridge(), Limits{MemoryBytes: 8 << 20})
	mod, err := e.rt.InstantiateModule(ctx, e.compiled, wazero.NewModuleConfig().WithName("").WithStartFunctions("_initialize"))
	if err != nil {
		t.Fatal(err)
	}
	defer mod.Close(ctx)
	malloc := mod.ExportedFunction("qjs_malloc")
	big, err := malloc.Call(ctx, 32<<20)
	if err != nil || big[0] != 0 {
		t.Errorf("malloc(32 MiB) = %v, %v; want 0 (refused)", big, err)
	}
	small, err := malloc.Call(ctx, 1<<20)
	if err != nil || small[0] == 0 {
		t.Errorf("malloc(1 MiB) = %v, %v; want an address", small, err)
	}
	if size, limit := mod.Memory().Size(), uint32(8<<20+memorySlack); size > limit {
		t.Errorf("memory is %d bytes, over the cap of %d", size, limit)
	}
}

// TestRecursionAtTheLargestStack checks that QuickJS still raises its stack
// error before the module's own stack runs out at the largest StackBytes.
func TestRecursionAtTheLargestStack(t *testing.T) {
	e := newEngine(t, newFakeBridge(), Limits{StackBytes: maxStackBytes})
	for _, code := range []string{
		`function f(n) { return f(n + 1) + 1 } return f(0)`,
		`function g(a, b, c, d, e, f, h, i) { const x = [a, b, c, d, e, f, h, i]; return g(...x) } return g(1, 2, 3, 4, 5, 6, 7, 8)`,
		`let a = 0; for (let i = 0; i < 200000; i++) a = [a]; return String(a).length`,
		`return JSON.parse("[".repeat(200000))`,
	} {
		_, err := exec(t, e, code, Options{})
		wantKind(t, err, KindStack)
	}
}
