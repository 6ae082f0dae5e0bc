package executor

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/aws/smithy-go"

	"github.com/cognito-mcp/cognito-mcp/openapi"
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
	// Hint says which credentials to configure when a source with
	// security schemes answered 401 or 403; it is not part of Error().
	Hint string
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

// ServiceRequestID is the upstream request id, as the SDK's ResponseError
// names it; code mode hands it to scripts as e.requestId.
func (e *APIError) ServiceRequestID() string { return e.RequestID }

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
// (message, error, detail, title), else a short snippet, redacted by name
// and by the tool's sensitive fields.
func httpError(status int, h http.Header, body []byte, sens *openapi.Sensitive) *APIError {
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
			e.Message = snippet(redactJSON(body, sens))
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
