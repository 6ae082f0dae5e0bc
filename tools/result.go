package tools

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/cognito-mcp/cognito-mcp/openapi"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/aws/smithy-go"
	"github.com/mark3labs/mcp-go/mcp"
)

// APIError is an error answer from the upstream API: an AWS exception
// (Code "NotAuthorizedException", from __type or X-Amzn-ErrorType) or any
// other non-2xx response (Code empty or the body's error code). It satisfies
// smithy.APIError, so code that handles SDK errors handles ours too.
type APIError struct {
	Status    int
	Code      string
	Message   string
	RequestID string
}

var (
	_ error           = (*APIError)(nil)
	_ smithy.APIError = (*APIError)(nil)
)

// Error reads like "NotAuthorizedException: Incorrect username or password.
// (HTTP 400, request id 1234)".
func (e *APIError) Error() string {
	var b strings.Builder
	if e.Code != "" {
		b.WriteString(e.Code)
	} else {
		fmt.Fprintf(&b, "HTTP %d %s", e.Status, http.StatusText(e.Status))
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.Code != "" || e.RequestID != "" {
		b.WriteString(" (")
		if e.Code != "" {
			fmt.Fprintf(&b, "HTTP %d", e.Status)
		}
		if e.RequestID != "" {
			if e.Code != "" {
				b.WriteString(", ")
			}
			b.WriteString("request id ")
			b.WriteString(e.RequestID)
		}
		b.WriteString(")")
	}
	return b.String()
}

// ErrorCode is the exception name, e.g. "UserNotFoundException".
func (e *APIError) ErrorCode() string { return e.Code }

// ErrorMessage is the message the service sent.
func (e *APIError) ErrorMessage() string { return e.Message }

// ErrorFault says whether the client or the server is at fault.
func (e *APIError) ErrorFault() smithy.ErrorFault {
	switch {
	case e.Status >= 500:
		return smithy.FaultServer
	case e.Status >= 400:
		return smithy.FaultClient
	}
	return smithy.FaultUnknown
}

// HTTPStatusCode lets the SDK's retryer classify the error by status.
func (e *APIError) HTTPStatusCode() int { return e.Status }

// sanitizeErrorCode strips an AWS error code the way the SDKs do:
// "aws.cognito#NotAuthorizedException" and
// "NotAuthorizedException:http://internal.amazon.com/..." both give
// "NotAuthorizedException".
func sanitizeErrorCode(code string) string {
	code = strings.TrimSpace(code)
	if i := strings.IndexByte(code, ':'); i >= 0 {
		code = code[:i]
	}
	if i := strings.LastIndexByte(code, '#'); i >= 0 {
		code = code[i+1:]
	}
	return code
}

// awsError shapes an AWS JSON protocol error response. The body's __type
// wins over the X-Amzn-ErrorType header, as in the SDKs.
func awsError(status int, h http.Header, body []byte) *APIError {
	e := &APIError{Status: status, RequestID: requestID(h)}
	if c := h.Get("X-Amzn-ErrorType"); c != "" {
		e.Code = sanitizeErrorCode(c)
	}
	var doc map[string]any
	if json.Unmarshal(body, &doc) == nil {
		for _, k := range []string{"__type", "code", "Code"} {
			if s, ok := doc[k].(string); ok && s != "" {
				e.Code = sanitizeErrorCode(s)
				break
			}
		}
		e.Message = firstString(doc, "message", "Message", "errorMessage")
	}
	if e.Code == "" {
		e.Code = "UnknownError"
	}
	return e
}

// httpError shapes a non-2xx answer of a non-AWS API: the body's message
// (message, error, detail, title), else a short, redacted snippet.
func httpError(status int, h http.Header, body []byte) *APIError {
	e := &APIError{Status: status, RequestID: requestID(h)}
	var doc map[string]any
	if json.Unmarshal(body, &doc) == nil {
		e.Message = firstString(doc, "message", "error_description", "error", "detail", "title", "errorMessage")
		if inner, ok := doc["error"].(map[string]any); ok && e.Message == "" {
			e.Message = firstString(inner, "message", "detail", "title")
			if c, ok := inner["code"].(string); ok {
				e.Code = c
			}
		}
		if e.Message == "" {
			e.Message = snippet(RedactJSON(body))
		}
		return e
	}
	if isTextual(h.Get("Content-Type")) {
		e.Message = snippet(body)
	}
	return e
}

func requestID(h http.Header) string {
	for _, k := range []string{"X-Amzn-Requestid", "X-Amz-Request-Id", "X-Request-Id"} {
		if v := h.Get(k); v != "" {
			return v
		}
	}
	return ""
}

func firstString(doc map[string]any, keys ...string) string {
	for _, k := range keys {
		if s, ok := doc[k].(string); ok && s != "" {
			return s
		}
	}
	return ""
}

func isTextual(contentType string) bool {
	return strings.HasPrefix(contentType, "text/plain") || strings.Contains(contentType, "json")
}

// snippetBytes bounds the part of an unstructured error body shown.
const snippetBytes = 300

func snippet(b []byte) string {
	s := strings.TrimSpace(string(b))
	if len(s) <= snippetBytes {
		return s
	}
	return truncateUTF8(s, snippetBytes) + "..."
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

// errorResult is an isError tool result with one text content.
func errorResult(format string, a ...any) *mcp.CallToolResult {
	return &mcp.CallToolResult{
		Content: []mcp.Content{mcp.NewTextContent(fmt.Sprintf(format, a...))},
		IsError: true,
	}
}

// successResult turns a 2xx body into a tool result: the JSON text, and the
// decoded object as structuredContent when the body is a JSON object. A
// body over max bytes is cut, with a notice, and carries no
// structuredContent; when the tool declares an output schema the result is
// then marked isError, since a client checks structured results against it.
func successResult(text string, structured any, max int, hasOutputSchema bool) *mcp.CallToolResult {
	if len(text) > max {
		return truncatedResult(text, fmt.Sprintf("%d bytes", len(text)), max, hasOutputSchema)
	}
	res := &mcp.CallToolResult{Content: []mcp.Content{mcp.NewTextContent(text)}}
	if obj, ok := structured.(map[string]any); ok {
		res.StructuredContent = obj
	}
	return res
}

// truncatedResult shows the first max bytes of text and says so.
func truncatedResult(text, size string, max int, hasOutputSchema bool) *mcp.CallToolResult {
	cut := truncateUTF8(text, max)
	notice := fmt.Sprintf("\n\n[truncated: the result is %s; only the first %d bytes are shown. "+
		"Ask for less (a smaller page size or a filter) or raise the result size limit.]", size, len(cut))
	return &mcp.CallToolResult{
		Content: []mcp.Content{mcp.NewTextContent(cut + notice)},
		IsError: hasOutputSchema,
	}
}

// decodeJSON decodes one JSON document, keeping numbers exact.
func decodeJSON(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("more than one JSON value")
	}
	return v, nil
}

// textOf renders a non-JSON body: as is when it is text, else a note.
func textOf(b []byte, contentType string) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return fmt.Sprintf("[binary content: %d bytes of %s]", len(b), cmp.Or(contentType, "unknown type"))
}

// invalidArgs is the result of arguments that break the input schema.
func invalidArgs(tool *openapi.Tool, vs []violation) *mcp.CallToolResult {
	var b strings.Builder
	fmt.Fprintf(&b, "invalid arguments for %s; nothing was sent:", tool.Name)
	for _, v := range vs {
		b.WriteString("\n- ")
		b.WriteString(pointerOrRoot(v.Pointer))
		b.WriteString(": ")
		b.WriteString(v.Rule)
	}
	return &mcp.CallToolResult{Content: []mcp.Content{mcp.NewTextContent(b.String())}, IsError: true}
}

func itoa(n int) string { return strconv.Itoa(n) }
