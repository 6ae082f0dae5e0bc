package codemode

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
)

// Causes with which a script's context ends.
var (
	errTimeout   = errors.New("script timeout")
	errCallLimit = errors.New("script call limit")
	errEnded     = errors.New("script ended")
)

type runKey struct{}

// runOf returns the run whose WebAssembly call is in progress on ctx.
func runOf(ctx context.Context) *run { return ctx.Value(runKey{}).(*run) }

// callResult is a settled tool call: the JSON envelope for call id.
type callResult struct {
	id      uint32
	payload []byte
}

// envelope is what a tool call sends into the sandbox.
type envelope struct {
	OK    bool       `json:"ok"`
	Value any        `json:"value,omitempty"`
	Error *toolError `json:"error,omitempty"`
}

// run is one script in its own WebAssembly instance. The fields below wg are
// touched only by the goroutine running Execute, which also runs every host
// function; call goroutines only send on results.
type run struct {
	eng      *Engine
	opts     Options
	timeout  time.Duration
	ctx      context.Context // ends on timeout, call limit, end of script, or the caller's end
	cancel   context.CancelCauseFunc
	stop     context.CancelFunc
	wctx     context.Context // ctx carrying the run, for calls into the module
	index    toolIndex
	results  chan callResult
	parallel chan struct{} // one per call running
	callNs   atomic.Int64
	wg       sync.WaitGroup

	res        *Result
	mod        api.Module
	exports    map[string]api.Function
	ready      []callResult // settled without reaching the Bridge
	starting   []startCall  // made by the script, not started yet
	scratch    uint32       // address of the buffer for text sent into the sandbox
	scratchCap uint32
	inflight   int
	logBytes   int
	settled    bool
	failure    *Error
}

func newRun(parent context.Context, e *Engine, opts Options, timeout time.Duration, res *Result) *run {
	ctx, cancel := context.WithCancelCause(parent)
	ctx, stop := context.WithTimeoutCause(ctx, timeout, errTimeout)
	r := &run{
		eng: e, opts: opts, timeout: timeout, ctx: ctx, cancel: cancel, stop: stop,
		results:  make(chan callResult),
		parallel: make(chan struct{}, e.lim.MaxParallelCalls),
		res:      res,
		exports:  map[string]api.Function{},
	}
	r.wctx = context.WithValue(ctx, runKey{}, r)
	return r
}

// finish ends the script's context, waits for its calls and frees the instance.
func (r *run) finish() {
	r.cancel(errEnded)
	r.stop()
	r.wg.Wait()
	if r.mod != nil {
		r.mod.Close(context.Background())
	}
	r.res.CallTime = time.Duration(r.callNs.Load())
}

// exec starts the sandbox, runs code and its event loop, and fills r.res.
func (r *run) exec(code string) *Error {
	tools := r.eng.bridge.Tools()
	bindings := Bindings(tools)
	r.index = newToolIndex(tools, bindings)

	cfg := wazero.NewModuleConfig().WithName("").WithStartFunctions("_initialize").
		WithSysWalltime().WithSysNanotime().WithRandSource(rand.Reader)
	mod, err := r.eng.rt.InstantiateModule(r.wctx, r.eng.compiled, cfg)
	if err != nil {
		return r.wasmError("start the sandbox", err)
	}
	r.mod = mod
	if rc, err := r.callWasm("qjs_init", uint64(r.eng.lim.MemoryBytes), uint64(r.eng.lim.StackBytes)); err != nil || rc != 0 {
		return r.wasmFailure("start QuickJS", rc, err)
	}
	if e := r.eval(prelude, "prelude.js"); e != nil {
		return e
	}
	setup := make([][2]any, 0, len(bindings))
	for _, b := range bindings {
		setup = append(setup, [2]any{strings.Split(b.Name, "."), b.Tool.Path})
	}
	js, err := json.Marshal(setup)
	if err != nil {
		return &Error{Kind: KindInternal, Message: "encode tool bindings: " + err.Error()}
	}
	if e := r.eval("__setup("+string(js)+")", "setup.js"); e != nil {
		return e
	}
	// The code starts on line 1 of script.js, so the script's line numbers hold.
	if e := r.eval("__start(async function () {"+code+"\n})", "script.js"); e != nil {
		if e.Kind == KindInternal && strings.HasPrefix(e.Message, "SyntaxError") {
			e.Kind, e.Name = KindSyntax, "SyntaxError"
			e.Message = strings.TrimPrefix(e.Message, "SyntaxError: ")
		}
		return e
	}
	return r.loop()
}

// loop runs promise jobs and feeds tool results back until the script settles.
func (r *run) loop() *Error {
	if rc, err := r.callWasm("qjs_run_jobs"); err != nil || rc != 0 {
		return r.wasmFailure("run the script", rc, err)
	}
	for {
		if r.ctx.Err() != nil {
			return r.limitError()
		}
		if r.settled {
			return r.failure
		}
		var c callResult
		switch {
		case len(r.starting) == 1 && r.inflight == 0 && len(r.ready) == 0:
			// The script awaits exactly one call (a sequential loop): make it
			// here and spare two goroutine switches.
			s := r.starting[0]
			r.starting = r.starting[:0]
			if c.payload = r.callTool(s.tool, s.args); c.payload == nil {
				continue // the context ended
			}
			c.id = s.id
		case len(r.ready) > 0:
			r.start()
			c = r.ready[0]
			r.ready = r.ready[1:]
		case r.inflight == 0 && len(r.starting) == 0:
			return &Error{Kind: KindStalled, Message: "the script awaits a promise that nothing will settle (no tool call is pending); timers do not exist in the sandbox, so await tool calls only"}
		default:
			r.start()
			select {
			case c = <-r.results:
				r.inflight--
			case <-r.ctx.Done():
				return r.limitError()
			}
		}
		if e := r.resolve(c); e != nil {
			return e
		}
	}
}

// resolve passes a call's envelope into the sandbox and runs what follows.
func (r *run) resolve(c callResult) *Error {
	ptr, e := r.write(c.payload)
	if e != nil {
		return e
	}
	if rc, err := r.callWasm("qjs_resolve", uint64(c.id), uint64(ptr), uint64(len(c.payload))); err != nil || rc != 0 {
		return r.wasmFailure("run the script", rc, err)
	}
	return nil
}

// eval evaluates src as a global script named file.
func (r *run) eval(src, file string) *Error {
	// QuickJS reads the source up to a NUL byte, and the file name is a C string.
	buf := make([]byte, 0, len(src)+len(file)+2)
	buf = append(append(append(append(buf, src...), 0), file...), 0)
	ptr, e := r.write(buf)
	if e != nil {
		return e
	}
	rc, err := r.callWasm("qjs_eval", uint64(ptr), uint64(len(src)), uint64(ptr)+uint64(len(src))+1)
	if err != nil || rc != 0 {
		return r.wasmFailure("evaluate "+file, rc, err)
	}
	return nil
}

// write copies b into the run's scratch buffer in the sandbox, growing it as
// needed, and returns its address. The buffer is valid until the next write.
func (r *run) write(b []byte) (uint32, *Error) {
	if need := uint32(len(b)) + 1; need > r.scratchCap {
		if r.scratch != 0 {
			if _, err := r.callWasm("qjs_free", uint64(r.scratch)); err != nil {
				return 0, r.wasmError("free", err)
			}
			r.scratch, r.scratchCap = 0, 0
		}
		size := max(need, 4096)
		ptr, err := r.callWasm("qjs_malloc", uint64(size))
		if err != nil {
			return 0, r.wasmError("allocate", err)
		}
		if ptr == 0 {
			return 0, memoryError(r.eng.lim)
		}
		r.scratch, r.scratchCap = uint32(ptr), size
	}
	if !r.mod.Memory().Write(r.scratch, b) {
		return 0, &Error{Kind: KindInternal, Message: "the sandbox returned memory out of its range"}
	}
	return r.scratch, nil
}

// callWasm calls an export and returns its int32 result. Each export is looked
// up once per run: wazero gives every api.Function its own stack, which grows
// on first use.
func (r *run) callWasm(name string, args ...uint64) (int32, error) {
	fn := r.exports[name]
	if fn == nil {
		if fn = r.mod.ExportedFunction(name); fn == nil {
			return 0, fmt.Errorf("the sandbox has no function %s", name)
		}
		r.exports[name] = fn
	}
	out, err := fn.Call(r.wctx, args...)
	if err != nil {
		return 0, err
	}
	if len(out) == 0 {
		return 0, nil
	}
	return int32(uint32(out[0])), nil
}

// wasmFailure reports a failed call into the module: err when it trapped or
// was stopped, else the exception QuickJS recorded.
func (r *run) wasmFailure(what string, rc int32, err error) *Error {
	if err != nil {
		return r.wasmError(what, err)
	}
	text := r.lastError()
	if strings.HasPrefix(text, "InternalError: out of memory") {
		return memoryError(r.eng.lim)
	}
	if strings.HasPrefix(text, "InternalError: stack overflow") {
		return stackError()
	}
	return &Error{Kind: KindInternal, Message: text}
}

// wasmError reports a trap or a stop of the module.
func (r *run) wasmError(what string, err error) *Error {
	if r.ctx.Err() != nil {
		return r.limitError()
	}
	msg := err.Error()
	if strings.Contains(msg, "stack overflow") {
		return stackError()
	}
	return &Error{Kind: KindInternal, Message: fmt.Sprintf("the sandbox failed to %s: %s", what, firstLine(msg))}
}

// limitError says why the script's context ended.
func (r *run) limitError() *Error {
	switch cause := context.Cause(r.ctx); {
	case errors.Is(cause, errTimeout):
		return &Error{Kind: KindTimeout, Message: fmt.Sprintf("the script ran longer than its %s limit; do less per script or pass a larger timeout", r.timeout)}
	case errors.Is(cause, errCallLimit):
		return &Error{Kind: KindCallLimit, Message: fmt.Sprintf("the script made more than %d tool calls; split the work into several scripts", r.eng.lim.MaxCalls)}
	default:
		return &Error{Kind: KindCanceled, Message: "the request was cancelled while the script ran"}
	}
}

func (r *run) lastError() string {
	p, err1 := r.callWasm("qjs_error_ptr")
	n, err2 := r.callWasm("qjs_error_len")
	if err1 != nil || err2 != nil || p == 0 {
		return "unknown error"
	}
	b, ok := r.mod.Memory().Read(uint32(p), uint32(n))
	if !ok {
		return "unknown error"
	}
	return string(b)
}

// read copies n bytes at p out of the module.
func read(m api.Module, p, n uint32) ([]byte, bool) {
	b, ok := m.Memory().Read(p, n)
	if !ok {
		return nil, false
	}
	return append([]byte(nil), b...), true
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
