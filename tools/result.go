package tools

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/cognito-mcp/cognito-mcp/executor"
	"github.com/cognito-mcp/cognito-mcp/openapi"
)

// DefaultMaxResultBytes caps the text of a result when CallerOptions say
// nothing. Claude Code refuses a tool result over 25,000 tokens by
// default; 80,000 bytes is about 20,000 tokens at 4 bytes a token, and
// stays under the cap for JSON that tokenizes as densely as 3.2.
const DefaultMaxResultBytes = 80_000

// Caller runs tool calls through an executor and answers in MCP terms.
type Caller struct {
	exec      *executor.Executor
	maxResult int
}

// CallerOptions configure a Caller. The zero value works.
type CallerOptions struct {
	// MaxResultBytes caps the text of a result; longer results are cut
	// with a notice. Default DefaultMaxResultBytes.
	MaxResultBytes int
}

// NewCaller makes the MCP side of exec.
func NewCaller(exec *executor.Executor, opts CallerOptions) *Caller {
	if opts.MaxResultBytes <= 0 {
		opts.MaxResultBytes = DefaultMaxResultBytes
	}
	return &Caller{exec: exec, maxResult: opts.MaxResultBytes}
}

// ReadLimit is the executor read limit that suits a result cap of
// maxResultBytes: four times it, at least executor.DefaultReadLimit.
func ReadLimit(maxResultBytes int) int64 {
	return max(executor.DefaultReadLimit, 4*int64(maxResultBytes))
}

// Handler is the MCP handler of one tool bound to its target. Failed calls
// are isError results; the handler itself never returns an error.
func (c *Caller) Handler(tool *openapi.Tool, target *executor.Target) server.ToolHandlerFunc {
	return func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		return c.Call(ctx, tool, target, req.GetArguments()), nil
	}
}

// Call runs one call of tool and shapes its outcome.
func (c *Caller) Call(ctx context.Context, tool *openapi.Tool, target *executor.Target, args map[string]any) *mcp.CallToolResult {
	res, err := c.exec.Call(ctx, tool, target, args)
	return CallResult(tool, res, err, c.maxResult)
}

// CallResult shapes what the executor answered into an MCP result:
//   - an error is an isError result with the error's text (for an API
//     error, followed by its hint on what to configure);
//   - a result is its text, with the decoded object as structuredContent;
//   - a text over maxBytes is cut with a notice that says how to get the
//     rest (for a paginated operation: a smaller page size and the token
//     argument that continues the listing) and carries no
//     structuredContent; when the tool declares an output schema it is
//     then marked isError, since a client checks structured results
//     against that schema.
func CallResult(tool *openapi.Tool, res *executor.Result, err error, maxBytes int) *mcp.CallToolResult {
	if err != nil {
		msg := err.Error()
		if apiErr, ok := errors.AsType[*executor.APIError](err); ok && apiErr.Hint != "" {
			msg += "\n" + apiErr.Hint
		}
		return &mcp.CallToolResult{Content: []mcp.Content{mcp.NewTextContent(msg)}, IsError: true}
	}
	hasOutputSchema := len(tool.OutputSchema) > 0
	if res.Overflow {
		return truncated(res.Text, fmt.Sprintf("more than %d bytes", len(res.Body)), maxBytes, hasOutputSchema, theRest(tool))
	}
	if len(res.Text) > maxBytes {
		return truncated(res.Text, fmt.Sprintf("%d bytes", len(res.Text)), maxBytes, hasOutputSchema, theRest(tool))
	}
	out := &mcp.CallToolResult{Content: []mcp.Content{mcp.NewTextContent(res.Text)}}
	if obj, ok := res.Value.(map[string]any); ok {
		out.StructuredContent = obj
	}
	return out
}

// truncated shows the first max bytes of text and says so, and how to
// get the rest.
func truncated(text, size string, max int, hasOutputSchema bool, rest string) *mcp.CallToolResult {
	cut := truncateUTF8(text, max)
	notice := fmt.Sprintf("\n\n[truncated: the result is %s; only the first %d bytes are shown. %s]", size, len(cut), rest)
	return &mcp.CallToolResult{
		Content: []mcp.Content{mcp.NewTextContent(cut + notice)},
		IsError: hasOutputSchema,
	}
}

// theRest tells an agent how to get what a cut result of tool leaves out:
// for a paginated operation, smaller pages and the token argument that
// continues the listing; for others, a narrower request.
func theRest(tool *openapi.Tool) string {
	p := tool.Paging
	if p == nil {
		return "Ask for less (a narrower filter or a smaller limit) or raise the result size limit (--max-result-bytes)."
	}
	var b strings.Builder
	if p.LimitKey != "" {
		fmt.Fprintf(&b, "Call again with a smaller %s so that each page fits, ", p.LimitKey)
	} else {
		b.WriteString("Narrow the request with a filter so that each page fits, ")
	}
	b.WriteString("then pass ")
	for i, in := range p.InputTokens {
		if i > 0 {
			b.WriteString(" and ")
		}
		fmt.Fprintf(&b, "%s from each result as %s", p.OutputTokens[i], in)
	}
	b.WriteString(" to get the next page.")
	return b.String()
}

// truncateUTF8 cuts s to at most n bytes without splitting a character.
func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
