package codemode

import (
	"context"
	"errors"
	"strings"
)

// Bridge runs tool calls for scripts. Implementations must be safe for
// concurrent use and must honour ctx: it ends when the script ends or breaks
// a limit.
type Bridge interface {
	// Call runs the tool at path (always a ToolRef.Path from Tools) and
	// returns its structured result, which must marshal to JSON, or an
	// error. An error that implements APIError reaches the script with its
	// AWS fields.
	Call(ctx context.Context, path string, args map[string]any) (any, error)
	// Tools lists what scripts may call. It is read once per Execute, so
	// sources added or removed at run time show in the next script.
	Tools() []ToolRef
}

// ToolRef describes one tool a script may call.
type ToolRef struct {
	// Path is the tool path: "group.leaf" for the embedded Cognito source,
	// "ns.group.leaf" for added sources.
	Path string
	// Namespace is the tool's source namespace, e.g. "cognito".
	Namespace string
	// MCPName is the compact MCP name, e.g. "cognito_admin_create_user".
	MCPName string
	// ReadOnly says the tool does not change state. Other tools run only
	// when Options.AllowWrites is set.
	ReadOnly bool
}

// APIError is what a Bridge error implements to reach the script as an Error
// with name and code (the AWS exception name), message and status.
// tools.APIError and the AWS SDK's errors implement it; see RequestIDer.
type APIError interface {
	error
	ErrorCode() string
	ErrorMessage() string
	HTTPStatusCode() int
}

// RequestIDer is implemented by errors that know the upstream request id,
// which reaches the script as e.requestId (the AWS SDK's ResponseError has
// this method).
type RequestIDer interface {
	error
	ServiceRequestID() string
}

// toolError is the error a script sees, as sent into the sandbox.
type toolError struct {
	Name      string `json:"name"`
	Message   string `json:"message"`
	Status    int    `json:"status,omitempty"`
	RequestID string `json:"requestId,omitempty"`
}

// Names of the errors the sandbox raises itself, as e.name in the script.
const (
	nameToolError     = "ToolError"
	nameUnknownTool   = "UnknownToolError"
	nameWriteDisabled = "WriteNotAllowedError"
)

// scriptError turns what Bridge.Call returned into the error the script sees.
func scriptError(err error) toolError {
	if ae, ok := errors.AsType[APIError](err); ok {
		te := toolError{Name: ae.ErrorCode(), Message: ae.ErrorMessage(), Status: ae.HTTPStatusCode()}
		if te.Name == "" {
			te.Name = nameToolError
		}
		if te.Message == "" {
			te.Message = ae.Error()
		}
		if rid, ok := errors.AsType[RequestIDer](err); ok {
			te.RequestID = rid.ServiceRequestID()
		}
		return te
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return toolError{Name: nameToolError, Message: "the call was cancelled: the script ended or ran out of time"}
	}
	return toolError{Name: nameToolError, Message: strings.TrimSpace(err.Error())}
}
