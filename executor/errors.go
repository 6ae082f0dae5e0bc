package executor

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/cognito-mcp/cognito-mcp/awsconf"
)

// ErrNoRegion is wrapped by the error of an AWS call when no region is
// configured (the same value as awsconf.ErrNoRegion).
var ErrNoRegion = awsconf.ErrNoRegion

// ValidationError is a call whose arguments break the tool's input schema
// (or hold a date-time that can't be read); nothing was sent.
type ValidationError struct {
	Tool       string      // MCP name of the tool
	Violations []Violation // sorted by place; rules never quote values

	timestamps bool // a date-time conversion failed: "<path> <rule>"
}

// Error reads "invalid arguments for cognito_sign_up; nothing was sent:"
// followed by one "- /Path: rule" line per violation.
func (e *ValidationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "invalid arguments for %s; nothing was sent:", e.Tool)
	for _, v := range e.Violations {
		b.WriteString("\n- ")
		b.WriteString(pointerOrRoot(v.Path))
		if e.timestamps {
			b.WriteString(" ")
		} else {
			b.WriteString(": ")
		}
		b.WriteString(v.Rule)
	}
	return b.String()
}

// NotSentError is a call that could not be built or authorized: no
// endpoint, a missing path parameter, no region (ErrNoRegion), no AWS
// credentials (ErrNoCredentials), an untrusted host. Nothing was sent.
type NotSentError struct {
	Tool string
	Err  error
}

func (e *NotSentError) Error() string { return e.Tool + " was not sent: " + e.Err.Error() }

// Unwrap gives the cause, so errors.Is(err, ErrNoCredentials) works.
func (e *NotSentError) Unwrap() error { return e.Err }

// AuthError is a source's authorizer failing at send time (a token
// endpoint that refuses or can't be reached). The request was not sent.
type AuthError struct {
	Tool     string
	Attempts int
	Err      error // from the Authorizer
}

func (e *AuthError) Error() string {
	return e.Tool + " failed: " + e.Err.Error() + attemptsNote(e.Attempts)
}

// Unwrap gives the authorizer's error.
func (e *AuthError) Unwrap() error { return e.Err }

// TransportError is a call that got no answer: refused, unresolvable,
// timed out, cancelled, cut off.
type TransportError struct {
	Tool     string
	Host     string // host of the request, never the full URL
	Attempts int
	Err      error // the last attempt's failure

	explained string
}

// Error says in a sentence what happened and what to try, e.g.
// "cognito_list_users failed: connection refused by 127.0.0.1:9229: is the
// service running and is the endpoint right? (after 3 attempts)".
func (e *TransportError) Error() string {
	return e.Tool + " failed: " + e.explained + attemptsNote(e.Attempts)
}

func attemptsNote(n int) string {
	if n > 1 {
		return " (after " + strconv.Itoa(n) + " attempts)"
	}
	return ""
}

// Unwrap gives the transport's error.
func (e *TransportError) Unwrap() error { return e.Err }

var (
	_ error = (*ValidationError)(nil)
	_ error = (*NotSentError)(nil)
	_ error = (*AuthError)(nil)
	_ error = (*TransportError)(nil)
)

// sendError types a failure of send: an authorizer's error or no answer.
func (e *Executor) sendError(ctx context.Context, tool, host string, attempts int, err error) error {
	var pe *prepareError
	if errors.As(err, &pe) {
		return &AuthError{Tool: tool, Attempts: attempts, Err: pe.err}
	}
	return &TransportError{Tool: tool, Host: host, Attempts: attempts, Err: err,
		explained: explainTransport(ctx, err, host, e.timeout)}
}
