package codemode

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
)

// quickjsWasm is QuickJS 2021-03-27 with host.c, built by quickjs/build.sh.
//
//go:embed quickjs.wasm
var quickjsWasm []byte

//go:embed prelude.js
var prelude string

// compileCache keeps the machine code of quickjsWasm, which never changes,
// so that every Engine after the first starts without compiling it again.
var compileCache = wazero.NewCompilationCache()

// Limits bound what scripts may use. The zero value means the defaults.
type Limits struct {
	// Timeout is the wall-clock limit of a script when Options.Timeout is
	// zero; default 30 s, below the 60 s request timeout common to MCP
	// hosts, so a script that runs out of time is still answered.
	Timeout time.Duration
	// MaxTimeout caps Options.Timeout; default 120 s.
	MaxTimeout time.Duration
	// MemoryBytes caps the QuickJS heap of one script; default 32 MiB, at
	// most 1 GiB. The
	// WebAssembly memory of the script is capped at this plus 8 MiB (stack,
	// static data, allocator), a hard limit the instance cannot pass.
	MemoryBytes int
	// StackBytes is the QuickJS stack limit; default 768 KiB, at most
	// 896 KiB, inside the module's 1 MiB stack.
	StackBytes int
	// MaxCalls caps tool calls per script; default 1,000.
	MaxCalls int
	// MaxParallelCalls caps the calls of one script running at once; more
	// wait their turn. Default 8.
	MaxParallelCalls int
	// MaxScripts caps the scripts an Engine runs at once; default 8.
	MaxScripts int
	// QueueWait is how long a script waits for a free slot before it is
	// refused with KindBusy; default 2 s.
	QueueWait time.Duration
	// MaxCodeBytes caps the script's source; default 256 KiB.
	MaxCodeBytes int
	// MaxArgsBytes caps the JSON arguments of one tool call; default 1 MiB.
	// (A tool result is capped at a quarter of MemoryBytes.)
	MaxArgsBytes int
	// MaxLogBytes caps the captured console output; default 64 KiB.
	MaxLogBytes int
	// MaxResultBytes caps the JSON of the return value; default 256 KiB.
	MaxResultBytes int
}

// WithDefaults is l with every zero field set to its default: the limits an
// Engine made with l enforces.
func (l Limits) WithDefaults() Limits { return l.withDefaults() }

func (l Limits) withDefaults() Limits {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	defDur := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	defDur(&l.Timeout, 30*time.Second)
	defDur(&l.MaxTimeout, 120*time.Second)
	defDur(&l.QueueWait, 2*time.Second)
	def(&l.MemoryBytes, 32<<20)
	def(&l.StackBytes, 768<<10)
	def(&l.MaxCalls, 1000)
	def(&l.MaxParallelCalls, 8)
	def(&l.MaxScripts, 8)
	def(&l.MaxCodeBytes, 256<<10)
	def(&l.MaxArgsBytes, 1<<20)
	def(&l.MaxLogBytes, 64<<10)
	def(&l.MaxResultBytes, 256<<10)
	l.MaxTimeout = max(l.MaxTimeout, l.Timeout)
	return l
}

// memorySlack is the WebAssembly memory a script has beyond its QuickJS heap:
// the 1 MiB stack, static data and the allocator's own bookkeeping.
const memorySlack = 8 << 20

// Upper bounds of Limits that the module's layout sets: MemoryBytes crosses
// into QuickJS as an int32, and StackBytes must leave QuickJS room inside the
// module's 1 MiB stack to raise its error before the stack runs out.
const (
	maxMemoryBytes = 1 << 30
	maxStackBytes  = 896 << 10
)

// Options are the settings of one Execute.
type Options struct {
	// AllowWrites lets the script call tools that are not read-only. Without
	// it such a call throws an Error that says to pass "allowWrites": true.
	AllowWrites bool
	// Timeout replaces Limits.Timeout for this script, up to MaxTimeout.
	Timeout time.Duration
}

// Engine runs scripts against one Bridge. It is safe for concurrent use.
type Engine struct {
	bridge   Bridge
	lim      Limits
	rt       wazero.Runtime
	compiled wazero.CompiledModule
	slots    chan struct{} // one per running script
}

// New compiles the sandbox and returns an Engine that calls bridge. Close
// releases it.
func New(ctx context.Context, bridge Bridge, lim Limits) (*Engine, error) {
	if bridge == nil {
		return nil, errors.New("codemode: New needs a Bridge")
	}
	lim = lim.withDefaults()
	if lim.MemoryBytes > maxMemoryBytes {
		return nil, fmt.Errorf("codemode: MemoryBytes %d is over the maximum of %d; lower it", lim.MemoryBytes, maxMemoryBytes)
	}
	if lim.StackBytes > maxStackBytes {
		return nil, fmt.Errorf("codemode: StackBytes %d is over the maximum of %d (the sandbox's stack is 1 MiB); lower it", lim.StackBytes, maxStackBytes)
	}
	pages := uint32((lim.MemoryBytes + memorySlack + 0xffff) >> 16)
	cfg := wazero.NewRuntimeConfig().
		WithCloseOnContextDone(true).
		WithMemoryLimitPages(pages).
		WithCompilationCache(compileCache)
	rt := wazero.NewRuntimeWithConfig(ctx, cfg)
	e := &Engine{bridge: bridge, lim: lim, rt: rt, slots: make(chan struct{}, lim.MaxScripts)}
	if err := e.init(ctx); err != nil {
		rt.Close(ctx)
		return nil, err
	}
	return e, nil
}

func (e *Engine) init(ctx context.Context) error {
	if _, err := wasi_snapshot_preview1.Instantiate(ctx, e.rt); err != nil {
		return fmt.Errorf("codemode: start WASI: %w", err)
	}
	_, err := e.rt.NewHostModuleBuilder("host").
		NewFunctionBuilder().WithFunc(func(ctx context.Context, m api.Module, id, name, nameLen, args, argsLen uint32) {
		runOf(ctx).onCall(m, id, name, nameLen, args, argsLen)
	}).Export("call").
		NewFunctionBuilder().WithFunc(func(ctx context.Context, m api.Module, level, msg, n uint32) {
		runOf(ctx).onLog(m, level, msg, n)
	}).Export("log").
		NewFunctionBuilder().WithFunc(func(ctx context.Context, m api.Module, p, n uint32) {
		runOf(ctx).onDone(m, p, n)
	}).Export("done").
		NewFunctionBuilder().WithFunc(func(ctx context.Context, m api.Module, p, n uint32) {
		runOf(ctx).onFail(m, p, n)
	}).Export("fail").
		Instantiate(ctx)
	if err != nil {
		return fmt.Errorf("codemode: start host functions: %w", err)
	}
	e.compiled, err = e.rt.CompileModule(ctx, quickjsWasm)
	if err != nil {
		return fmt.Errorf("codemode: compile QuickJS: %w", err)
	}
	return nil
}

// Close releases the compiled sandbox. Scripts still running end.
func (e *Engine) Close(ctx context.Context) error {
	return e.rt.Close(ctx)
}

// Limits returns the limits in force, defaults filled in.
func (e *Engine) Limits() Limits { return e.lim }

// Execute runs code as the body of an async function and returns what it did.
// The error, when not nil, is an *Error; the Result is never nil. Tool calls
// the script has not awaited when it returns are cancelled.
func (e *Engine) Execute(ctx context.Context, code string, opts Options) (*Result, error) {
	began := time.Now()
	res := &Result{}
	err := e.execute(ctx, code, opts, res)
	res.Duration = time.Since(began)
	if err != nil {
		return res, err // not a nil *Error in an error
	}
	return res, nil
}

func (e *Engine) execute(ctx context.Context, code string, opts Options, res *Result) *Error {
	switch {
	case len(code) > e.lim.MaxCodeBytes:
		return &Error{Kind: KindInvalid, Message: fmt.Sprintf("the code is %d bytes, over the cap of %d; send a shorter script", len(code), e.lim.MaxCodeBytes)}
	case len(code) == 0:
		return &Error{Kind: KindInvalid, Message: `the code is empty; send a script such as "return await tools.cognito.listUserPools({MaxResults: 10})"`}
	}
	if err := e.acquire(ctx); err != nil {
		return err
	}
	defer func() { <-e.slots }()

	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = e.lim.Timeout
	}
	timeout = min(timeout, e.lim.MaxTimeout)
	r := newRun(ctx, e, opts, timeout, res)
	defer r.finish()
	return r.exec(code)
}

// acquire takes a script slot, waiting at most QueueWait.
func (e *Engine) acquire(ctx context.Context) *Error {
	select {
	case e.slots <- struct{}{}:
		return nil
	default:
	}
	wait := time.NewTimer(e.lim.QueueWait)
	defer wait.Stop()
	select {
	case e.slots <- struct{}{}:
		return nil
	case <-wait.C:
		return &Error{Kind: KindBusy, Message: fmt.Sprintf("%d scripts are already running and none ended within %s; try again shortly", e.lim.MaxScripts, e.lim.QueueWait)}
	case <-ctx.Done():
		return &Error{Kind: KindCanceled, Message: "the request was cancelled before the script started"}
	}
}
