package tools

import (
	"context"
	"net/http"

	"github.com/cognito-mcp/cognito-mcp/openapi"
)

// Authorizer adds a source's credentials (API key, bearer token, basic
// auth, OAuth2...) to a request of a non-AWS operation. It is called once
// per attempt. security is the operation's Plan.Security.
type Authorizer interface {
	Authorize(ctx context.Context, req *http.Request, security []openapi.SecurityRequirement) error
}

// Target is where one source's calls go.
type Target struct {
	// BaseURL overrides the plan's servers (for AWS operations, the
	// resolved endpoint).
	BaseURL string
	// Headers are added to every request of the source.
	Headers http.Header
	// Auth authorizes requests of non-AWS operations; nil sends them as
	// they are.
	Auth Authorizer
	// AWS configures AWS JSON operations; nil means sign with the
	// executor's AWS configuration and send to its endpoint.
	AWS *AWSTarget
}

// AWSTarget is how a source's AWS JSON operations are sent.
type AWSTarget struct {
	// Unsigned sends every operation without SigV4 (the operations AWS
	// serves anonymously are never signed).
	Unsigned bool
	// Endpoint is the service endpoint; empty means the executor's
	// resolved Cognito endpoint.
	Endpoint string
}
