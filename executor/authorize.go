package executor

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/cognito-mcp/cognito-mcp/awsconf"
	"github.com/cognito-mcp/cognito-mcp/openapi"
)

// ErrNoCredentials is wrapped by the error of a call that must be signed
// when no AWS credentials can be found.
var ErrNoCredentials = errors.New("no AWS credentials found")

// ErrSigningNotAllowed is wrapped by the error of a call the process's AWS
// credentials may not sign: an operation of an added source whose service
// the operator did not grant it, or a service other than Cognito for the
// embedded source.
var ErrSigningNotAllowed = errors.New("the server's AWS credentials may not sign this call")

// mayUseCredentials settles whether the process's AWS credentials may
// sign a call of service to u. The embedded source (added nil) signs
// Cognito only. An added source signs only the services the operator
// granted it, and only to its configured endpoint or an https AWS host
// that names that service, so a document can neither pick the service nor
// carry the credentials to a customer-owned host such as an API Gateway
// (execute-api) endpoint of someone else.
func mayUseCredentials(added *AWSTarget, service string, u *url.URL, endpoint string) error {
	if added == nil {
		if service == awsconf.CognitoSigningName {
			return nil
		}
		return fmt.Errorf("%w: the embedded source is signed for Cognito (%s) only, not %q", ErrSigningNotAllowed, awsconf.CognitoSigningName, service)
	}
	if !slices.Contains(added.SignFor, service) {
		return fmt.Errorf("%w: source %q asks for SigV4 for AWS service %q; the server's AWS credentials sign only the embedded Cognito source unless the operator grants a source a service: start the server with --aws-sign-source %s=%s (or COGNITO_MCP_AWS_SIGN_SOURCE=%s=%s)",
			ErrSigningNotAllowed, added.Namespace, service, added.Namespace, service, added.Namespace, service)
	}
	if added.Endpoint != "" && sameOrigin(u, added.Endpoint) {
		return nil
	}
	if u.Scheme != "https" || !isAWSHost(u.Hostname()) || !hostNamesService(u.Hostname(), service) {
		return fmt.Errorf("%w: source %q may be signed for %q only on an https %s.<region>.amazonaws.com host, not %s", ErrSigningNotAllowed, added.Namespace, service, service, u.Host)
	}
	return nil
}

// hostNamesService reports whether one label of an AWS host is the
// service or its FIPS variant: secretsmanager.us-east-1.amazonaws.com for
// secretsmanager, abc123.execute-api.eu-west-1.amazonaws.com for
// execute-api.
func hostNamesService(host, service string) bool {
	for label := range strings.SplitSeq(strings.ToLower(host), ".") {
		if label == service || label == service+"-fips" {
			return true
		}
	}
	return false
}

// sameOrigin reports whether u has the scheme and host of endpoint.
func sameOrigin(u *url.URL, endpoint string) bool {
	ep, err := url.Parse(endpoint)
	return err == nil && strings.EqualFold(ep.Host, u.Host) && strings.EqualFold(ep.Scheme, u.Scheme)
}

// authorization is what the authorize step settles for a call: applied
// to the request of every attempt.
type authorization interface {
	apply(ctx context.Context, req *http.Request) error
}

// authorize settles how a call is authorized: SigV4 for AWS operations
// (unless the model says AWS serves the operation without SigV4,
// plan.AWS.Unsigned, or the target is unsigned),
// the source's Authorizer for others, nothing when there is neither. An
// AWS call that can't be signed (no region, an untrusted host, no
// credentials) fails here, before anything is sent.
func (e *Executor) authorize(ctx context.Context, plan *openapi.Plan, target *Target, rt *route, w *wireRequest) (authorization, error) {
	if plan.AWS == nil {
		if target.Auth == nil {
			return nil, nil
		}
		return sourceCredentials{auth: target.Auth, security: plan.Security}, nil
	}
	// The operations a user's own token, session or code authorizes
	// (SignUp, InitiateAuth, GetUser...): the AWS SDKs send them unsigned,
	// and so do we, so they work without IAM credentials.
	if rt.unsigned || plan.AWS.Unsigned {
		return nil, nil
	}
	service := plan.AWS.SigningName
	if service == "" {
		service = awsconf.CognitoSigningName
	}
	if err := mayUseCredentials(rt.added, service, w.url, rt.endpoint); err != nil {
		return nil, err
	}
	sig, err := prepareSigning(ctx, e.signer, rt.cfg, rt.profile, service, w.url, rt.endpoint, w.body)
	if err != nil {
		return nil, err
	}
	return sig, nil
}

// sourceCredentials applies a source's credentials to each attempt.
type sourceCredentials struct {
	auth     Authorizer
	security []openapi.SecurityRequirement
}

func (c sourceCredentials) apply(ctx context.Context, req *http.Request) error {
	return c.auth.Authorize(ctx, req, c.security)
}

// sigV4 is what SigV4 needs for one call, settled before anything is sent.
type sigV4 struct {
	signer      *v4.Signer
	creds       aws.Credentials
	service     string
	region      string
	payloadHash string
}

// isAWSHost reports whether host is an AWS service host.
func isAWSHost(host string) bool {
	h := strings.ToLower(host)
	return strings.HasSuffix(h, ".amazonaws.com") || strings.HasSuffix(h, ".amazonaws.com.cn")
}

// trustedForCredentials reports whether AWS credentials may go to u: the
// resolved endpoint (which the user configured or the SDK derived) or an
// AWS host. Credentials never go anywhere else.
func trustedForCredentials(u *url.URL, endpoint string) bool {
	if endpoint != "" {
		if ep, err := url.Parse(endpoint); err == nil && strings.EqualFold(ep.Host, u.Host) && ep.Scheme == u.Scheme {
			return true
		}
	}
	return isAWSHost(u.Hostname()) && u.Scheme == "https"
}

// prepareSigning checks region, host and credentials before the first
// attempt, so a call that can't be signed fails without sending anything.
func prepareSigning(ctx context.Context, signer *v4.Signer, cfg aws.Config, profile, service string, u *url.URL, endpoint string, body []byte) (*sigV4, error) {
	if cfg.Region == "" {
		return nil, awsconf.NoRegionError(profile)
	}
	if !trustedForCredentials(u, endpoint) {
		return nil, fmt.Errorf("refusing to send AWS credentials to %s: it is neither the configured endpoint nor an AWS host; to use it, pass it as --endpoint-url (or AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER)", u.Host)
	}
	creds, err := retrieveCredentials(ctx, cfg, profile)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(body)
	return &sigV4{signer: signer, creds: creds, service: service, region: cfg.Region, payloadHash: hex.EncodeToString(sum[:])}, nil
}

func retrieveCredentials(ctx context.Context, cfg aws.Config, profile string) (aws.Credentials, error) {
	how := fmt.Sprintf("set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, pass --profile with a profile from ~/.aws/credentials or ~/.aws/config, or run `aws sso login --profile %s` for an SSO profile", profile)
	if cfg.Credentials == nil {
		return aws.Credentials{}, fmt.Errorf("%w: this operation must be signed; %s", ErrNoCredentials, how)
	}
	creds, err := cfg.Credentials.Retrieve(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return aws.Credentials{}, fmt.Errorf("retrieve AWS credentials: %w", context.Cause(ctx))
		}
		return aws.Credentials{}, fmt.Errorf("%w (%s): this operation must be signed; %s", ErrNoCredentials, credentialProblem(err), how)
	}
	if !creds.HasKeys() {
		return aws.Credentials{}, fmt.Errorf("%w: this operation must be signed; %s", ErrNoCredentials, how)
	}
	return creds, nil
}

// credentialProblem summarises a credentials-chain failure in a line. The
// SDK's messages name providers and files, never key material.
func credentialProblem(err error) string {
	msg := err.Error()
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	if len(msg) > 300 {
		msg = truncateUTF8(msg, 300) + "..."
	}
	return msg
}

// apply signs one attempt's request with a fresh X-Amz-Date.
func (s *sigV4) apply(ctx context.Context, req *http.Request) error {
	return s.signer.SignHTTP(ctx, s.creds, req, s.payloadHash, s.service, s.region, time.Now().UTC())
}
