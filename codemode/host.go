package codemode

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/tetratelabs/wazero/api"
)

// The host functions below run on the goroutine that called into the module.

// onCall queues tool call id for the loop to start, or settles it at once
// when the script may not make it.
func (r *run) onCall(m api.Module, id, nameP, nameN, argsP, argsN uint32) {
	if r.res.Calls >= r.eng.lim.MaxCalls {
		r.cancel(errCallLimit) // the module stops at its next check
		return
	}
	r.res.Calls++
	if int(argsN) > r.eng.lim.MaxArgsBytes {
		r.refuse(id, nameToolError, fmt.Sprintf("the arguments are %d bytes of JSON, over the cap of %d", argsN, r.eng.lim.MaxArgsBytes))
		return
	}
	name, ok1 := read(m, nameP, nameN)
	args, ok2 := read(m, argsP, argsN)
	if !ok1 || !ok2 {
		r.refuse(id, nameToolError, "the call's arguments could not be read")
		return
	}
	t, ok := r.index[string(name)]
	switch {
	case !ok:
		r.refuse(id, nameUnknownTool, fmt.Sprintf("no tool is named %q; use tools.<namespace>.<leaf>, a tool path or an MCP name", name))
		return
	case !t.ReadOnly && !r.opts.AllowWrites:
		r.refuse(id, nameWriteDisabled, fmt.Sprintf("tool %s changes state; run the script with \"allowWrites\": true to call it", t.Path))
		return
	}
	r.starting = append(r.starting, startCall{id, t, args})
}

// startCall is a call the script made that has not started yet.
type startCall struct {
	id   uint32
	tool ToolRef
	args []byte
}

// start runs the queued calls, each in its own goroutine.
func (r *run) start() {
	for _, s := range r.starting {
		r.inflight++
		r.wg.Add(1)
		go func() {
			defer r.wg.Done()
			payload := r.callTool(s.tool, s.args)
			if payload == nil {
				return
			}
			select {
			case r.results <- callResult{s.id, payload}:
			case <-r.ctx.Done():
			}
		}()
	}
	r.starting = r.starting[:0]
}

// refuse settles call id with an error the sandbox raises itself.
func (r *run) refuse(id uint32, name, msg string) {
	r.ready = append(r.ready, callResult{id, mustEnvelope(envelope{Error: &toolError{Name: name, Message: msg}})})
}

// callTool runs one call through the Bridge and returns its envelope.
func (r *run) callTool(t ToolRef, argsJSON []byte) []byte {
	select {
	case r.parallel <- struct{}{}:
	case <-r.ctx.Done():
		return nil
	}
	defer func() { <-r.parallel }()
	var args map[string]any
	if err := json.Unmarshal(argsJSON, &args); err != nil {
		return mustEnvelope(envelope{Error: &toolError{Name: nameToolError, Message: "the arguments are not a JSON object"}})
	}
	began := time.Now()
	v, err := r.eng.bridge.Call(r.ctx, t.Path, args)
	r.callNs.Add(int64(time.Since(began)))
	if err != nil {
		te := scriptError(err)
		return mustEnvelope(envelope{Error: &te})
	}
	b, err := json.Marshal(envelope{OK: true, Value: v})
	if err != nil {
		return mustEnvelope(envelope{Error: &toolError{Name: nameToolError, Message: fmt.Sprintf("the result of %s could not be encoded as JSON", t.Path)}})
	}
	// Parsed, JSON takes several times its size; a result this large would
	// end the script with a memory error instead of an error it can handle.
	if limit := r.eng.lim.MemoryBytes / 4; len(b) > limit {
		return mustEnvelope(envelope{Error: &toolError{Name: nameToolError, Message: fmt.Sprintf(
			"the result of %s is %d bytes of JSON, over the %d a script with %d MiB of memory can take; ask for less (a smaller page, fewer attributes)",
			t.Path, len(b), limit, r.eng.lim.MemoryBytes>>20)}})
	}
	return b
}

func mustEnvelope(e envelope) []byte {
	b, err := json.Marshal(e)
	if err != nil {
		panic(err) // strings and ints only
	}
	return b
}

// onLog captures one console line, up to MaxLogBytes in all.
func (r *run) onLog(m api.Module, level, p, n uint32) {
	if r.res.LogsTruncated {
		return
	}
	prefix := [...]string{"", "warn: ", "error: "}[min(level, 2)]
	size := len(prefix) + int(n)
	if r.logBytes+size > r.eng.lim.MaxLogBytes {
		r.res.LogsTruncated = true
		return
	}
	b, ok := read(m, p, n)
	if !ok {
		return
	}
	r.logBytes += size
	r.res.Logs = append(r.res.Logs, prefix+string(b))
}

// onDone takes the script's return value, as JSON.
func (r *run) onDone(m api.Module, p, n uint32) {
	if r.settled {
		return
	}
	r.settled = true
	if int(n) > r.eng.lim.MaxResultBytes {
		r.failure = &Error{Kind: KindResult, Message: fmt.Sprintf("the return value is %d bytes of JSON, over the cap of %d; return less (a count, a filtered list, selected fields)", n, r.eng.lim.MaxResultBytes)}
		return
	}
	b, ok := read(m, p, n)
	if !ok {
		r.failure = &Error{Kind: KindInternal, Message: "the return value could not be read"}
		return
	}
	r.res.Value = json.RawMessage(b)
}

// onFail takes the report of an uncaught exception.
func (r *run) onFail(m api.Module, p, n uint32) {
	if r.settled {
		return
	}
	r.settled = true
	b, ok := read(m, p, n)
	var t thrown
	if !ok || json.Unmarshal(b, &t) != nil {
		r.failure = &Error{Kind: KindThrown, Message: "the script failed with an error that could not be read"}
		return
	}
	r.failure = t.asError(r.eng.lim)
	// QuickJS throws null when it runs out of memory while raising its own
	// out-of-memory error; memory grown near the heap's cap (a trivial
	// script uses about 1 MiB) tells that from a script that threw null
	// itself.
	if r.failure.Kind == KindThrown && t.Name == "" && t.Message == nullThrown && uint64(m.Memory().Size()) >= uint64(r.eng.lim.MemoryBytes)/4*3 {
		r.failure = memoryError(r.eng.lim)
	}
}

// nullThrown is the prelude's message for a script that threw null.
const nullThrown = "the script threw null; unless it did so itself, QuickJS ran out of memory or stack while raising an error"
