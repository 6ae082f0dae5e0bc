package tools

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"time"
	"weak"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/cognito-mcp/cognito-mcp/internal/netguard"
	"github.com/cognito-mcp/cognito-mcp/openapi"
)

// Defaults of ExecutorOptions.
const (
	DefaultTimeout        = 60 * time.Second
	DefaultMaxResultBytes = 200_000
)

// ExecutorOptions configure an Executor. The zero value works: default
// HTTP client, no logging, 60 s per call, results capped at 200,000 bytes,
// and AWS operations failing with an explanation of how to configure AWS.
type ExecutorOptions struct {
	// HTTPClient sends the requests; nil means a client of its own (never
	// http.DefaultClient).
	HTTPClient *http.Client
	// Logger gets one line per call; nil discards.
	Logger *slog.Logger
	// Timeout bounds one call, retries included.
	Timeout time.Duration
	// MaxResultBytes caps the text of a result; longer results are cut
	// with a notice.
	MaxResultBytes int
	// AWS is the process's AWS configuration (LoadAWSConfig). Its retry
	// settings (AWS_MAX_ATTEMPTS, AWS_RETRY_MODE) apply to AWS calls.
	AWS *AWSConfig
	// LoadAWS, when AWS is nil, loads the configuration at the first AWS
	// call instead (called once), so start-up does not wait for it. Its
	// error is the answer of every AWS call.
	LoadAWS func() (*AWSConfig, error)
	// Retryer makes the retryer of non-AWS calls; nil means the SDK's
	// standard retryer (3 attempts, exponential backoff with jitter).
	Retryer func() aws.Retryer
}

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

// Executor runs tool calls: validate the arguments, build the request from
// the plan, sign, send with retries, shape the result. It is safe for
// concurrent use.
type Executor struct {
	client    *http.Client
	log       *slog.Logger
	timeout   time.Duration
	maxResult int
	aws       func() awsSetup // resolved once, at the first AWS call
	retryer   aws.Retryer
	signer    *v4.Signer

	states sync.Map // weak.Pointer[openapi.Tool] -> *toolState
}

// NewExecutor makes an Executor; see ExecutorOptions for the defaults.
func NewExecutor(opts ExecutorOptions) *Executor {
	e := &Executor{
		client:    opts.HTTPClient,
		log:       opts.Logger,
		timeout:   opts.Timeout,
		maxResult: opts.MaxResultBytes,
		signer:    v4.NewSigner(),
	}
	if e.client == nil {
		e.client = &http.Client{Transport: netguard.Transport()}
	}
	if e.log == nil {
		e.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if e.timeout <= 0 {
		e.timeout = DefaultTimeout
	}
	if e.maxResult <= 0 {
		e.maxResult = DefaultMaxResultBytes
	}
	if opts.Retryer != nil {
		e.retryer = opts.Retryer()
	} else {
		e.retryer = retry.NewStandard()
	}
	load := opts.LoadAWS
	if opts.AWS != nil || load == nil {
		load = func() (*AWSConfig, error) { return opts.AWS, nil }
	}
	e.aws = sync.OnceValue(func() awsSetup { return newAWSSetup(load()) })
	return e
}

// awsSetup is what AWS calls need from the AWS configuration.
type awsSetup struct {
	cfg     *AWSConfig // nil: none given
	retryer aws.Retryer
	err     error // the configuration could not be loaded
}

func newAWSSetup(cfg *AWSConfig, err error) awsSetup {
	if err != nil {
		return awsSetup{err: err}
	}
	if cfg == nil {
		return awsSetup{retryer: retry.NewStandard()}
	}
	// The service client resolves the retryer exactly as the SDK does:
	// aws.Config.Retryer, else RetryMode and RetryMaxAttempts
	// (AWS_RETRY_MODE, AWS_MAX_ATTEMPTS, shared config).
	return awsSetup{cfg: cfg, retryer: cognitoidentityprovider.NewFromConfig(cfg.Config).Options().Retryer}
}

// Handler is the MCP handler of one tool bound to its target. Failed calls
// are isError results; the handler itself never returns an error.
func (e *Executor) Handler(tool *openapi.Tool, target *Target) server.ToolHandlerFunc {
	st := e.state(tool)
	return func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		return e.call(ctx, st, tool, target, req.GetArguments()), nil
	}
}

// Call runs one call of tool against target with the given arguments.
// The compiled schema of each tool is cached for as long as the tool lives.
func (e *Executor) Call(ctx context.Context, tool *openapi.Tool, target *Target, args map[string]any) *mcp.CallToolResult {
	return e.call(ctx, e.state(tool), tool, target, args)
}

// toolState is what is derived from a tool once: its compiled input
// schema and the decoded schemas for timestamp conversion.
type toolState struct {
	once      sync.Once
	input     []byte
	output    []byte
	validator validator
	in, out   schemaDoc
	datesIn   bool
	datesOut  bool
}

type validator interface{ Validate(any) error }

func (e *Executor) state(tool *openapi.Tool) *toolState {
	key := weak.Make(tool)
	if st, ok := e.states.Load(key); ok {
		return st.(*toolState)
	}
	st, loaded := e.states.LoadOrStore(key, &toolState{input: tool.InputSchema, output: tool.OutputSchema})
	if !loaded {
		runtime.AddCleanup(tool, func(k weak.Pointer[openapi.Tool]) { e.states.Delete(k) }, key)
	}
	return st.(*toolState)
}

func (st *toolState) init(log *slog.Logger, name string) {
	st.once.Do(func() {
		if len(st.input) > 0 {
			s, err := compileSchema(st.input)
			if err != nil {
				log.Warn("input schema does not compile; arguments are not checked before sending", "tool", name, "error", err)
			} else {
				st.validator = s
			}
			st.datesIn = strings.Contains(string(st.input), `"date-time"`)
			if st.datesIn {
				_ = json.Unmarshal(st.input, &st.in.root)
			}
		}
		if len(st.output) > 0 && strings.Contains(string(st.output), `"date-time"`) {
			st.datesOut = json.Unmarshal(st.output, &st.out.root) == nil
		}
	})
}

// outcome is what the log line records of one call.
type outcome struct {
	result   string // ok, api_error, invalid_arguments, not_sent, transport_error
	status   int
	awsCode  string
	attempts int
}

func (e *Executor) call(ctx context.Context, st *toolState, tool *openapi.Tool, target *Target, args map[string]any) *mcp.CallToolResult {
	start := time.Now()
	var oc outcome
	res := e.run(ctx, st, tool, target, args, &oc)
	level := slog.LevelInfo
	if res.IsError {
		level = slog.LevelWarn
	}
	e.log.Log(ctx, level, "call",
		"tool", tool.Name,
		"result", oc.result,
		"status", oc.status,
		"aws_code", oc.awsCode,
		"attempt", oc.attempts,
		"duration", time.Since(start).Round(time.Microsecond))
	return res
}

func (e *Executor) run(ctx context.Context, st *toolState, tool *openapi.Tool, target *Target, args map[string]any, oc *outcome) *mcp.CallToolResult {
	if target == nil {
		target = &Target{}
	}
	if args == nil {
		args = map[string]any{}
	}
	st.init(e.log, tool.Name)
	plan := &tool.Plan

	if st.validator != nil {
		if err := st.validator.Validate(map[string]any(args)); err != nil {
			oc.result = "invalid_arguments"
			return invalidArgs(tool, violations(err))
		}
	}
	if plan.AWS != nil && st.datesIn {
		conv, err := st.in.toEpoch(st.in.resolve(st.in.root), args, "")
		if err != nil {
			oc.result = "invalid_arguments"
			return errorResult("invalid arguments for %s; nothing was sent:\n- %s", tool.Name, err)
		}
		args = conv.(map[string]any)
	}

	ctx, cancel := context.WithTimeoutCause(ctx, e.timeout, errCallTimeout)
	defer cancel()

	var (
		w      *wireRequest
		policy sendPolicy
		err    error
	)
	if plan.AWS != nil {
		w, policy, err = e.prepareAWS(ctx, plan, target, args)
	} else {
		w, policy, err = e.prepareHTTP(plan, target, args)
	}
	if err != nil {
		oc.result = "not_sent"
		return errorResult("%s was not sent: %s", tool.Name, err)
	}
	policy.readLimit = int64(max(32<<20, 4*e.maxResult))

	resp, attempts, err := e.send(ctx, w, policy)
	oc.attempts = attempts
	if err != nil {
		oc.result = "transport_error"
		msg := explainTransport(ctx, err, w.url.Host, e.timeout)
		if attempts > 1 {
			msg += " (after " + itoa(attempts) + " attempts)"
		}
		return errorResult("%s failed: %s", tool.Name, msg)
	}
	oc.status = resp.status
	if apiErr := policy.classify(resp); apiErr != nil {
		oc.result = "api_error"
		var ae *APIError
		if errors.As(apiErr, &ae) && plan.AWS != nil {
			oc.awsCode = ae.Code
		}
		msg := apiErr.Error()
		if hint := authHint(target, plan, resp.status); hint != "" {
			msg += "\n" + hint
		}
		return errorResult("%s", msg)
	}
	oc.result = "ok"
	return e.shape(st, plan, resp, len(tool.OutputSchema) > 0)
}

// hinter is an Authorizer that can say what is missing when an API refuses
// a call (SourceAuth).
type hinter interface {
	Hint(security []openapi.SecurityRequirement) string
}

// authHint tells the agent which credentials to configure when the API
// answered 401 or 403 to an operation of a source whose auth can say.
func authHint(target *Target, plan *openapi.Plan, status int) string {
	if status != http.StatusUnauthorized && status != http.StatusForbidden {
		return ""
	}
	if h, ok := target.Auth.(hinter); ok {
		return h.Hint(plan.Security)
	}
	return ""
}

// prepareAWS builds an AWS JSON request and settles its signing.
func (e *Executor) prepareAWS(ctx context.Context, plan *openapi.Plan, target *Target, args map[string]any) (*wireRequest, sendPolicy, error) {
	var at AWSTarget
	if target.AWS != nil {
		at = *target.AWS
	}
	setup := e.aws()
	if setup.err != nil {
		return nil, sendPolicy{}, setup.err
	}
	var cfg aws.Config
	profile := "default"
	if setup.cfg != nil {
		cfg, profile = setup.cfg.Config, setup.cfg.Profile
	}
	if at.Endpoint == "" {
		at.Endpoint = e.awsEndpoint(plan, setup.cfg, cfg.Region)
	}
	base := target.BaseURL
	if base == "" {
		base = at.Endpoint
	}
	if base == "" {
		return nil, sendPolicy{}, noRegionError(profile)
	}
	w, err := buildAWS(plan, base, args, target.Headers)
	if err != nil {
		return nil, sendPolicy{}, err
	}
	policy := sendPolicy{
		retryer: setup.retryer,
		classify: func(r *response) error {
			if r.status >= 200 && r.status < 300 {
				return nil
			}
			return awsError(r.status, r.header, r.body)
		},
	}
	if at.Unsigned || isAnonymous(plan.AWS.SigningName, plan.AWS.Target) {
		return w, policy, nil
	}
	service := plan.AWS.SigningName
	if service == "" {
		service = cognitoSigningName
	}
	sig, err := prepareSigning(ctx, cfg, profile, service, w.url, at.Endpoint, w.body)
	if err != nil {
		return nil, sendPolicy{}, err
	}
	policy.prepare = func(ctx context.Context, req *http.Request) error {
		return sig.sign(ctx, e.signer, req)
	}
	return w, policy, nil
}

// awsEndpoint is the default endpoint of an AWS operation: the resolved
// Cognito endpoint for Cognito, else the plan's first server with {region}
// filled in, always over https for AWS hosts.
func (e *Executor) awsEndpoint(plan *openapi.Plan, ac *AWSConfig, region string) string {
	if plan.AWS.SigningName == "" || plan.AWS.SigningName == cognitoSigningName {
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

// prepareHTTP builds a generic OpenAPI request.
func (e *Executor) prepareHTTP(plan *openapi.Plan, target *Target, args map[string]any) (*wireRequest, sendPolicy, error) {
	base := target.BaseURL
	if base == "" {
		if len(plan.Servers) == 0 {
			return nil, sendPolicy{}, errors.New("the source declares no servers; add it again with a base URL")
		}
		base = serverURL(plan.Servers[0], nil)
	}
	w, err := buildHTTP(plan, base, args, target.Headers)
	if err != nil {
		return nil, sendPolicy{}, err
	}
	policy := sendPolicy{
		retryer:    e.retryer,
		onlyUnsent: !idempotent(w.method),
		classify: func(r *response) error {
			if r.status >= 200 && r.status < 300 {
				return nil
			}
			return httpError(r.status, r.header, r.body)
		},
	}
	if target.Auth != nil {
		auth, security := target.Auth, plan.Security
		policy.prepare = func(ctx context.Context, req *http.Request) error {
			return auth.Authorize(ctx, req, security)
		}
	}
	return w, policy, nil
}

// idempotent methods may be sent twice without doing the work twice.
func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete, http.MethodTrace:
		return true
	}
	return false
}

// shape turns a 2xx answer into a result.
func (e *Executor) shape(st *toolState, plan *openapi.Plan, r *response, hasOutputSchema bool) *mcp.CallToolResult {
	if r.overflow {
		return truncatedResult(string(r.body), fmt.Sprintf("more than %d bytes", len(r.body)), e.maxResult, hasOutputSchema)
	}
	ct := r.header.Get("Content-Type")
	jsonish := plan.AWS != nil || strings.Contains(ct, "json") || ct == ""
	if !jsonish || len(strings.TrimSpace(string(r.body))) == 0 {
		text := string(r.body)
		if plan.AWS != nil || strings.TrimSpace(text) == "" {
			return successResult("{}", map[string]any{}, e.maxResult, hasOutputSchema)
		}
		return successResult(textOf(r.body, ct), nil, e.maxResult, hasOutputSchema)
	}
	v, err := decodeJSON(r.body)
	if err != nil {
		return successResult(textOf(r.body, ct), nil, e.maxResult, hasOutputSchema)
	}
	text := string(r.body)
	if plan.AWS != nil && st.datesOut {
		v = st.out.toRFC3339(st.out.resolve(st.out.root), v)
		if b, err := marshalJSON(v); err == nil {
			text = string(b)
		}
	}
	return successResult(text, v, e.maxResult, hasOutputSchema)
}
