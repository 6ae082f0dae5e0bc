package executor

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/cognito-mcp/cognito-mcp/awsconf"
	"github.com/cognito-mcp/cognito-mcp/openapi"
)

// Authorizer adds a source's credentials (API key, bearer token, basic
// auth, OAuth2...) to a request of a non-AWS operation. It is called once
// per attempt. security is the operation's Plan.Security.
type Authorizer interface {
	Authorize(ctx context.Context, req *http.Request, security []openapi.SecurityRequirement) error
}

// Hinter is an Authorizer that can say what is missing when an API
// refuses a call (sourceauth.Authorizer); its hint becomes APIError.Hint.
type Hinter interface {
	Hint(security []openapi.SecurityRequirement) string
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
	// AWS configures AWS JSON operations. Nil means the embedded Cognito
	// source: its operations are signed with the executor's AWS
	// configuration for Cognito (cognito-idp) only and sent to its
	// endpoint. Every added source has one.
	AWS *AWSTarget
}

// AWSTarget is how an added source's AWS JSON operations are sent. The
// process's AWS credentials sign them only for the services in SignFor,
// which the operator grants (never the document); any other signed
// operation is refused before anything is sent.
type AWSTarget struct {
	// Namespace names the source in errors.
	Namespace string
	// SignFor are the SigV4 service names (signing names) the process's
	// AWS credentials may sign this source's operations for, e.g.
	// "secretsmanager". Empty: none.
	SignFor []string
	// Unsigned sends every operation without SigV4 (the operations AWS
	// serves anonymously are never signed).
	Unsigned bool
	// Endpoint is the service endpoint; empty means the plan's AWS host
	// (for Cognito, the executor's resolved endpoint).
	Endpoint string
}

// route is where a call goes and how it is retried.
type route struct {
	base   string
	policy sendPolicy
	// AWS operations only:
	cfg      aws.Config
	profile  string
	endpoint string // the endpoint credentials may go to
	unsigned bool
	added    *AWSTarget // nil: the embedded source
}

// route settles the base URL and the retry policy of a call. sens are the
// tool's sensitive fields, masked in error texts.
func (e *Executor) route(plan *openapi.Plan, sens *openapi.Sensitive, target *Target) (*route, error) {
	if plan.AWS == nil {
		base := target.BaseURL
		if base == "" {
			if len(plan.Servers) == 0 {
				return nil, errors.New("the source declares no servers; add it again with a base URL")
			}
			base = serverURL(plan.Servers[0], nil)
		}
		return &route{base: base, policy: sendPolicy{
			retryer:    e.retryer,
			onlyUnsent: !idempotent(strings.ToUpper(plan.Method)),
			classify:   classifyHTTP(sens),
			readLimit:  e.readLimit,
			redirect:   checkRedirect(false),
		}}, nil
	}
	var at AWSTarget
	if target.AWS != nil {
		at = *target.AWS
	}
	setup := e.aws()
	if setup.err != nil {
		return nil, setup.err
	}
	rt := &route{profile: "default", unsigned: at.Unsigned, added: target.AWS, policy: sendPolicy{
		retryer:   setup.retryer,
		classify:  classifyAWS,
		readLimit: e.readLimit,
		redirect:  checkRedirect(true),
	}}
	if setup.cfg != nil {
		rt.cfg, rt.profile = setup.cfg.Config, setup.cfg.Profile
	}
	rt.endpoint = at.Endpoint
	if rt.endpoint == "" {
		rt.endpoint = awsEndpoint(plan, setup.cfg, rt.cfg.Region)
	}
	rt.base = target.BaseURL
	if rt.base == "" {
		rt.base = rt.endpoint
	}
	if rt.base == "" {
		return nil, awsconf.NoRegionError(rt.profile)
	}
	return rt, nil
}

func classifyAWS(r *response) *APIError {
	if r.status >= 200 && r.status < 300 {
		return nil
	}
	return awsError(r.status, r.header, r.body)
}

func classifyHTTP(sens *openapi.Sensitive) func(*response) *APIError {
	return func(r *response) *APIError {
		if r.status >= 200 && r.status < 300 {
			return nil
		}
		return httpError(r.status, r.header, r.body, sens)
	}
}

// awsEndpoint is the default endpoint of an AWS operation: the resolved
// Cognito endpoint for Cognito, else the plan's first server with {region}
// filled in, always over https for AWS hosts.
func awsEndpoint(plan *openapi.Plan, ac *awsconf.Config, region string) string {
	if plan.AWS.SigningName == "" || plan.AWS.SigningName == awsconf.CognitoSigningName {
		if ac != nil {
			return ac.Endpoint
		}
		return ""
	}
	if region == "" || len(plan.Servers) == 0 {
		return ""
	}
	u, err := url.Parse(serverURL(plan.Servers[0], map[string]string{"region": region}))
	if err != nil || !isAWSHost(u.Hostname()) {
		return ""
	}
	u.Scheme = "https"
	return u.String()
}

// build makes the wire request of a call from its plan.
func build(plan *openapi.Plan, base string, args map[string]any, headers http.Header) (*wireRequest, error) {
	if plan.AWS != nil {
		return buildAWS(plan, base, args, headers)
	}
	return buildHTTP(plan, base, args, headers)
}

// idempotent methods may be sent twice without doing the work twice.
func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete, http.MethodTrace:
		return true
	}
	return false
}

// authHint tells the agent which credentials to configure when the API
// answered 401 or 403 to an operation of a source whose auth can say.
func authHint(target *Target, plan *openapi.Plan, status int) string {
	if status != http.StatusUnauthorized && status != http.StatusForbidden {
		return ""
	}
	if h, ok := target.Auth.(Hinter); ok {
		return h.Hint(plan.Security)
	}
	return ""
}
