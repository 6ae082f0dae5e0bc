package codemode

import (
	"encoding/json"
	"fmt"
	"time"
)

// Result is what a script did. Execute fills it whether or not the script
// failed.
type Result struct {
	// Value is the script's return value as JSON ("null" when it returned
	// nothing); nil when the script failed.
	Value json.RawMessage
	// Logs are the lines the script wrote with console.log, info and debug;
	// lines of console.warn and console.error start with "warn: " and
	// "error: ".
	Logs []string
	// LogsTruncated says lines were dropped at Limits.MaxLogBytes.
	LogsTruncated bool
	// Calls counts the tool calls the script made, refused ones included
	// (a tool it may not call, a write without AllowWrites); at most MaxCalls.
	Calls int
	// CallTime adds up the time the Bridge spent on the calls.
	CallTime time.Duration
	// Duration is the script's wall-clock time, sandbox start included.
	Duration time.Duration
}

// Kind says why a script failed.
type Kind string

// The ways a script fails. Only KindThrown and KindSyntax come from the
// script's own code; the others are limits or refusals.
const (
	KindThrown    Kind = "thrown"     // an uncaught exception or rejected promise
	KindSyntax    Kind = "syntax"     // the code does not parse
	KindResult    Kind = "result"     // the return value cannot be serialised or is over MaxResultBytes
	KindTimeout   Kind = "timeout"    // wall-clock limit (busy loops included)
	KindMemory    Kind = "memory"     // memory limit
	KindStack     Kind = "stack"      // recursion too deep
	KindCallLimit Kind = "call_limit" // more than MaxCalls tool calls
	KindStalled   Kind = "stalled"    // awaits a promise that nothing can settle
	KindBusy      Kind = "busy"       // MaxScripts scripts were running for QueueWait
	KindInvalid   Kind = "invalid"    // the code is empty or over MaxCodeBytes
	KindCanceled  Kind = "canceled"   // the caller's context ended
	KindInternal  Kind = "internal"   // the sandbox itself failed
)

// Error is a script's failure. For KindThrown, Name and Message are the
// thrown Error's, and Code, Status and RequestID are set when it came from a
// failed tool call that carried AWS fields.
type Error struct {
	Kind      Kind
	Name      string // JavaScript error name, e.g. "TypeError", "UserNotFoundException"
	Message   string
	Code      string // AWS exception name, when the error carries one
	Status    int    // HTTP status, when the error carries one
	RequestID string
	Stack     string // JavaScript stack, when there is one
}

var _ error = (*Error)(nil)

// Error says what failed: the kind, then the JavaScript or AWS error name and
// the message.
func (e *Error) Error() string {
	switch {
	case e.Name != "" && e.Status != 0:
		return fmt.Sprintf("script %s: %s (HTTP %d): %s", e.Kind, e.Name, e.Status, e.Message)
	case e.Name != "":
		return fmt.Sprintf("script %s: %s: %s", e.Kind, e.Name, e.Message)
	default:
		return fmt.Sprintf("script %s: %s", e.Kind, e.Message)
	}
}

// thrown is the report the prelude sends when a script fails.
type thrown struct {
	Kind      string `json:"kind"`
	Name      string `json:"name"`
	Message   string `json:"message"`
	Stack     string `json:"stack"`
	Code      string `json:"code"`
	Status    int    `json:"status"`
	RequestID string `json:"requestId"`
}

// asError classifies a report: QuickJS raises memory and stack exhaustion as
// catchable InternalErrors; uncaught, they are limits, not the script's bug.
func (t thrown) asError(lim Limits) *Error {
	e := &Error{Kind: KindThrown, Name: t.Name, Message: t.Message, Code: t.Code, Status: t.Status, RequestID: t.RequestID, Stack: t.Stack}
	if t.Kind == "result" {
		e.Kind = KindResult
		e.Message = "the return value cannot be serialised to JSON (" + t.Message + "); return plain objects, arrays, strings and numbers"
		e.Name = ""
		return e
	}
	switch {
	case e.Name == "InternalError" && e.Message == "out of memory":
		return memoryError(lim)
	case (e.Name == "InternalError" || e.Name == "SyntaxError") && e.Message == "stack overflow":
		return stackError() // the JSON and regexp parsers raise it as a SyntaxError
	}
	return e
}

func memoryError(lim Limits) *Error {
	return &Error{Kind: KindMemory, Message: fmt.Sprintf("the script used more than its %d MiB of memory; work on smaller pieces (fewer pages, filtered fields)", lim.MemoryBytes>>20)}
}

func stackError() *Error {
	return &Error{Kind: KindStack, Message: "recursion too deep (stack overflow); use a loop instead"}
}
