package tools

import (
	"context"
	"net/http"

	"github.com/cognito-mcp/cognito-mcp/openapi"
)

// Target is where and how a source's calls go.
type Target struct {
	// BaseURL replaces the operation's servers when set.
	BaseURL string
	// Headers are sent with every call.
	Headers map[string]string
	// Auth adds credentials to each request; nil sends none.
	Auth Authorizer
}

// Authorizer adds credentials to a request for an operation with the given
// security requirements (alternatives; nil: the document's default).
type Authorizer interface {
	Authorize(ctx context.Context, req *http.Request, security []openapi.SecurityRequirement) error
}
