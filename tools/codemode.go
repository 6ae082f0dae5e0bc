package tools

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/cognito-mcp/cognito-mcp/codemode"
	"github.com/cognito-mcp/cognito-mcp/executor"
	"github.com/cognito-mcp/cognito-mcp/inventory"
	"github.com/cognito-mcp/cognito-mcp/openapi"
)

// Code mode: openapi_execute runs the agent's script in a codemode sandbox
// whose tools are the ones the inventory reaches, called through the same
// handlers' pipeline as direct calls.

// CodeOptions configure code mode. The zero value works.
type CodeOptions struct {
	// Limits bound each script; zero fields take codemode's defaults,
	// except QueueWait: DefaultQueueWait.
	Limits codemode.Limits
	// MaxResultBytes caps the text of an openapi_execute result, as
	// CallerOptions.MaxResultBytes caps a tool's. Default
	// DefaultMaxResultBytes.
	MaxResultBytes int
}

type executeArgs struct {
	Code        string `json:"code"`
	TimeoutMs   *int64 `json:"timeoutMs"`
	AllowWrites bool   `json:"allowWrites"`
}

// ExecuteResult is what openapi_execute answers when the script ends
// well.
type ExecuteResult struct {
	// Value is the script's return value (null when it returns nothing).
	Value json.RawMessage `json:"value"`
	// Logs are the lines of console.log, info and debug; warn and error
	// lines start with "warn: " and "error: ".
	Logs          []string `json:"logs,omitempty"`
	LogsTruncated bool     `json:"logsTruncated,omitempty"`
	// Calls is the number of tool calls the script made; CallTimeMs
	// their total time.
	Calls      int   `json:"calls"`
	CallTimeMs int64 `json:"callTimeMs"`
	DurationMs int64 `json:"durationMs"`
}

// DefaultQueueWait is how long a script waits for one of the Engine's
// slots before it is refused as busy: with the 30 s script limit it stays
// under the 60 s after which common hosts give up on a request.
const DefaultQueueWait = 10 * time.Second

// codeLimits are the limits openapi_execute's description states.
var codeLimits = codemode.Limits{}.WithDefaults()

var executeTool = openapi.Tool{
	Name:  "openapi_execute",
	Path:  "openapi.execute",
	Title: "execute",
	Description: "Run JavaScript (the body of an async function) calling tools found with openapi_search_tools: " +
		"`await tools.cognito.listUsers({UserPoolId})` resolves to the result; a failed call throws an Error with name (AWS exception), message, status, requestId. " +
		"Return a small JSON value; console.log is captured. Tools that are not read-only need allowWrites: true. No network, files, timers. " +
		fmt.Sprintf("Per script: %s, %d MiB, %d calls.", codeLimits.Timeout, codeLimits.MemoryBytes>>20, codeLimits.MaxCalls),
	InputSchema: json.RawMessage(`{"type":"object","properties":{` +
		`"code":{"type":"string","minLength":1},` +
		fmt.Sprintf(`"timeoutMs":{"type":"integer","minimum":1,"maximum":%d,"default":%d},`,
			codeLimits.MaxTimeout.Milliseconds(), codeLimits.Timeout.Milliseconds()) +
		`"allowWrites":{"type":"boolean","default":false}},` +
		`"required":["code"],"additionalProperties":false}`),
}

// describeCodeTool is openapi_describe_tool in code mode: it answers a
// TypeScript declaration unless asked for the MCP definition.
var describeCodeTool = openapi.Tool{
	Name:  "openapi_describe_tool",
	Path:  "openapi.describeTool",
	Title: "describeTool",
	Description: "A tool's TypeScript declaration, to call it from openapi_execute; " +
		"format json gives its MCP definition with every property's description.",
	InputSchema: json.RawMessage(`{"type":"object","properties":{` +
		`"name":{"type":"string","minLength":1},` +
		`"format":{"type":"string","enum":["typescript","json"],"default":"typescript"}},` +
		`"required":["name"],"additionalProperties":false}`),
	Annotations: openapi.Annotations{ReadOnly: true, Idempotent: true},
}

// CodeTools are the definitions of code mode's meta-tools: search,
// describe (TypeScript by default) and execute. Under read-only mode
// execute reaches only read-only tools and says so in its annotations;
// otherwise a script may run any operation it is allowed to.
func CodeTools(readOnly bool) []*openapi.Tool {
	exec := executeTool
	if readOnly {
		exec.Annotations = openapi.Annotations{ReadOnly: true, OpenWorld: true}
	} else {
		exec.Annotations = openapi.Annotations{Destructive: true, OpenWorld: true}
	}
	return []*openapi.Tool{&searchToolsTool, &describeCodeTool, &exec}
}

// ModeTools are the meta-tools listed in mode: none in full mode,
// MetaTools in search mode, CodeTools in code mode.
func ModeTools(mode inventory.Mode, readOnly bool) []*openapi.Tool {
	switch mode {
	case inventory.Search:
		return MetaTools(readOnly)
	case inventory.Code:
		return CodeTools(readOnly)
	}
	return nil
}

// ValueCalls is implemented by CallHandlers that can also answer a call
// as a value: the decoded result, or the executor's typed error. Code
// mode calls tools through it, so a script's call runs the pipeline a
// direct call runs. A Caller implements it.
type ValueCalls interface {
	Value(tool *openapi.Tool, target *executor.Target) func(ctx context.Context, args map[string]any) (any, error)
}

// Value runs the pipeline of Handler (validation, conversion, signing,
// sending with retries, the read limit) and gives the decoded result: the
// structured content a direct call answers, or its text when the answer
// is not JSON. An answer over the read limit is an error that says how to
// ask for less.
func (c *Caller) Value(tool *openapi.Tool, target *executor.Target) func(context.Context, map[string]any) (any, error) {
	return func(ctx context.Context, args map[string]any) (any, error) {
		res, err := c.exec.Call(ctx, tool, target, args)
		if err != nil {
			return nil, err
		}
		if res.Overflow {
			return nil, fmt.Errorf("the result is more than %d bytes, the read limit. %s", len(res.Body), theRest(tool))
		}
		if res.Value != nil {
			return res.Value, nil
		}
		return res.Text, nil
	}
}

// valueOfResult turns a handler's MCP result into a call's value, for
// CallHandlers that are not ValueCalls: its structured content, else its
// text as JSON, else the text; an isError result is an error with its text.
func valueOfResult(res *mcp.CallToolResult, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	var texts []string
	for _, c := range res.Content {
		if tc, ok := c.(mcp.TextContent); ok {
			texts = append(texts, tc.Text)
		}
	}
	text := strings.Join(texts, "\n")
	if res.IsError {
		return nil, errors.New(text)
	}
	if res.StructuredContent != nil {
		return res.StructuredContent, nil
	}
	var v any
	if json.Unmarshal([]byte(text), &v) == nil {
		return v, nil
	}
	return text, nil
}

// bridge is the codemode.Bridge of a Sync: the tools are those of the
// current reach, looked up again at each call, so a source removed while
// a script runs fails that script's later calls cleanly.
type bridge struct {
	current func() *reach
}

func (b *bridge) Tools() []codemode.ToolRef { return b.current().tools().refs }

func (b *bridge) Call(ctx context.Context, path string, args map[string]any) (any, error) {
	t, ok := b.current().tools().byName[path]
	if !ok {
		return nil, fmt.Errorf("the tool %s is no longer available (its source was removed or changed)", path)
	}
	return t.value(ctx, args)
}

// errClosed answers scripts sent after Close.
var errClosed = errors.New("the server is shutting down")

// codeRunner owns code mode's Engine: made on first use (or warm-up),
// closed once.
type codeRunner struct {
	bridge codemode.Bridge
	opts   CodeOptions

	mu     sync.Mutex
	eng    *codemode.Engine
	err    error
	closed bool
}

// engine returns the Engine, compiling the sandbox the first time.
func (c *codeRunner) engine() (*codemode.Engine, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil, errClosed
	}
	if c.eng == nil && c.err == nil {
		lim := c.opts.Limits
		if lim.QueueWait <= 0 {
			lim.QueueWait = DefaultQueueWait
		}
		c.eng, c.err = codemode.New(context.Background(), c.bridge, lim)
	}
	return c.eng, c.err
}

// close releases the Engine; scripts still running end.
func (c *codeRunner) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	if c.eng != nil {
		c.eng.Close(context.Background())
		c.eng = nil
	}
}

func (m *meta) execute(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
	var a executeArgs
	if err := decodeArgs(req, &a); err != nil {
		return controlError("execute: %v", err), nil
	}
	if strings.TrimSpace(a.Code) == "" {
		return controlError(`execute: code is required: the body of an async function, e.g. "return await tools.cognito.listUserPools({MaxResults: 10})"`), nil
	}
	var opts codemode.Options
	if a.TimeoutMs != nil {
		if *a.TimeoutMs < 1 || *a.TimeoutMs > codeLimits.MaxTimeout.Milliseconds() {
			return controlError("execute: timeoutMs %d is out of range: want 1 to %d", *a.TimeoutMs, codeLimits.MaxTimeout.Milliseconds()), nil
		}
		opts.Timeout = time.Duration(*a.TimeoutMs) * time.Millisecond
	}
	opts.AllowWrites = a.AllowWrites && !m.inv.ReadOnly
	eng, err := m.code.engine()
	if err != nil {
		return controlError("execute: the sandbox is not available: %v", err), nil
	}
	res, err := eng.Execute(ctx, a.Code, opts)
	return executeResult(res, err, m.code.opts.MaxResultBytes), nil
}

// executeResult shapes what a script did: its value, log and call count as
// structured content and JSON text, or for a failed script an isError
// result that names the failure's kind and message, with the log. The
// text is capped at maxBytes like a tool's result.
func executeResult(res *codemode.Result, err error, maxBytes int) *mcp.CallToolResult {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxResultBytes
	}
	if err != nil {
		text := failureText(res, err)
		if len(text) > maxBytes {
			text = truncateUTF8(text, maxBytes) + "\n[truncated]"
		}
		return &mcp.CallToolResult{Content: []mcp.Content{mcp.NewTextContent(text)}, IsError: true}
	}
	out := ExecuteResult{
		Value:         res.Value,
		Logs:          res.Logs,
		LogsTruncated: res.LogsTruncated,
		Calls:         res.Calls,
		CallTimeMs:    res.CallTime.Milliseconds(),
		DurationMs:    res.Duration.Milliseconds(),
	}
	if len(out.Value) == 0 {
		out.Value = json.RawMessage("null")
	}
	text, mErr := json.Marshal(out)
	if mErr != nil {
		return controlError("execute: the result cannot be encoded: %v", mErr)
	}
	if len(text) > maxBytes {
		return truncated(string(text), fmt.Sprintf("%d bytes", len(text)), maxBytes, false,
			"Return less: filter, count or summarise in the script, or log less; or raise the result size limit (--max-result-bytes).")
	}
	var obj map[string]any
	if err := json.Unmarshal(text, &obj); err != nil {
		return controlError("execute: the result cannot be decoded: %v", err)
	}
	return &mcp.CallToolResult{Content: []mcp.Content{mcp.NewTextContent(string(text))}, StructuredContent: obj}
}

// failureText says why a script failed, then what it did before.
func failureText(res *codemode.Result, err error) string {
	var b strings.Builder
	var se *codemode.Error
	if errors.As(err, &se) {
		fmt.Fprintf(&b, "The script failed (%s)", se.Kind)
		if se.Name != "" {
			fmt.Fprintf(&b, ": %s", se.Name)
		}
		if se.Status != 0 {
			fmt.Fprintf(&b, " (HTTP %d)", se.Status)
		}
		fmt.Fprintf(&b, ": %s", se.Message)
		if se.RequestID != "" {
			fmt.Fprintf(&b, "\nrequest id: %s", se.RequestID)
		}
		if se.Stack != "" {
			fmt.Fprintf(&b, "\nstack:\n%s", strings.TrimRight(se.Stack, "\n"))
		}
	} else {
		fmt.Fprintf(&b, "The script failed: %v", err)
	}
	if res != nil {
		fmt.Fprintf(&b, "\ntool calls: %d (%d ms)", res.Calls, res.CallTime.Milliseconds())
		if len(res.Logs) > 0 {
			b.WriteString("\nlog:")
			for _, l := range res.Logs {
				b.WriteString("\n")
				b.WriteString(l)
			}
			if res.LogsTruncated {
				b.WriteString("\n[log truncated]")
			}
		}
	}
	return b.String()
}
