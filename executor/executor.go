package executor

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"runtime"
	"sync"
	"time"
	"weak"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/cognito-mcp/cognito-mcp/awsconf"
	"github.com/cognito-mcp/cognito-mcp/internal/netguard"
	"github.com/cognito-mcp/cognito-mcp/openapi"
)

// Defaults of Options.
const (
	// DefaultTimeout stays below the request timeouts of common hosts (the
	// MCP TypeScript SDK gives up after 60 s), so that a hung upstream
	// ends in this server's explanation rather than the host's.
	DefaultTimeout   = 45 * time.Second
	DefaultReadLimit = 32 << 20
)

// Options configure an Executor. The zero value works: a client of its
// own, no logging, 45 s per call (retries included), answers read up to 32 MiB, and AWS
// operations failing with an explanation of how to configure AWS.
type Options struct {
	// HTTPClient sends the requests; nil means a client of its own (never
	// http.DefaultClient). Its CheckRedirect is replaced per call: AWS
	// calls follow no redirects, others only within their origin.
	HTTPClient *http.Client
	// Logger gets one line per call; nil discards.
	Logger *slog.Logger
	// Timeout bounds one call, retries included.
	Timeout time.Duration
	// ReadLimit is how many bytes of an answer are read; a longer answer
	// is cut there and its Result says Overflow.
	ReadLimit int64
	// AWS is the process's AWS configuration (awsconf.Load). Its retry
	// settings (AWS_MAX_ATTEMPTS, AWS_RETRY_MODE) apply to AWS calls.
	AWS *awsconf.Config
	// LoadAWS, when AWS is nil, loads the configuration at the first AWS
	// call instead (called once), so start-up does not wait for it. Its
	// error is the answer of every AWS call.
	LoadAWS func() (*awsconf.Config, error)
	// Retryer makes the retryer of non-AWS calls; nil means the SDK's
	// standard retryer (3 attempts, exponential backoff with jitter).
	Retryer func() aws.Retryer
}

// Executor runs tool calls: validate the arguments, build the request from
// the plan, authorize it, send it with retries, decode the answer. It is
// safe for concurrent use.
type Executor struct {
	client    *http.Client
	log       *slog.Logger
	timeout   time.Duration
	readLimit int64
	aws       func() awsSetup // resolved once, at the first AWS call
	retryer   aws.Retryer
	signer    *v4.Signer

	states sync.Map // weak.Pointer[openapi.Tool] -> *toolState
}

// New makes an Executor; see Options for the defaults.
func New(opts Options) *Executor {
	e := &Executor{
		client:    opts.HTTPClient,
		log:       opts.Logger,
		timeout:   opts.Timeout,
		readLimit: opts.ReadLimit,
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
	if e.readLimit <= 0 {
		e.readLimit = DefaultReadLimit
	}
	if opts.Retryer != nil {
		e.retryer = opts.Retryer()
	} else {
		e.retryer = retry.NewStandard()
	}
	load := opts.LoadAWS
	if opts.AWS != nil || load == nil {
		load = func() (*awsconf.Config, error) { return opts.AWS, nil }
	}
	e.aws = sync.OnceValue(func() awsSetup { return newAWSSetup(load()) })
	return e
}

// awsSetup is what AWS calls need from the AWS configuration.
type awsSetup struct {
	cfg     *awsconf.Config // nil: none given
	retryer aws.Retryer
	err     error // the configuration could not be loaded
}

func newAWSSetup(cfg *awsconf.Config, err error) awsSetup {
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

// Call runs one call of tool against target with the given arguments. A
// 2xx answer is a *Result; anything else is one of the typed errors of
// this package (*ValidationError, *NotSentError, *AuthError,
// *TransportError, *APIError). A nil target sends to the plan's servers
// (for AWS operations, to the configured endpoint) without credentials
// of a source. The compiled schema of each tool is cached for as long as
// the tool lives.
func (e *Executor) Call(ctx context.Context, tool *openapi.Tool, target *Target, args map[string]any) (*Result, error) {
	start := time.Now()
	var oc outcome
	res, err := e.pipeline(ctx, e.state(tool), tool, target, args, &oc)
	took := time.Since(start)
	if res != nil {
		res.Duration = took
	}
	e.logCall(ctx, tool, &oc, err != nil, took)
	return res, err
}

// pipeline is one call, step by step. Nothing is sent until validation,
// conversion, building and authorization have all succeeded.
func (e *Executor) pipeline(ctx context.Context, st *toolState, tool *openapi.Tool, target *Target, args map[string]any, oc *outcome) (*Result, error) {
	if target == nil {
		target = &Target{}
	}
	if args == nil {
		args = map[string]any{}
	}
	st.init(e.log, tool.Name)
	plan := &tool.Plan
	oc.aws = plan.AWS != nil

	// coerce: "10", "1.5", "true" where the schema asks for an integer,
	// a number or a boolean (hosts that send every argument as a string).
	args = st.coerce(args)
	// validate: the arguments against the tool's input schema.
	if err := st.validate(tool.Name, args); err != nil {
		oc.result = "invalid_arguments"
		return nil, err
	}
	// convert: AWS date-time inputs to the epoch seconds of the wire.
	args, err := st.convert(tool.Name, plan, args)
	if err != nil {
		oc.result = "invalid_arguments"
		return nil, err
	}

	ctx, cancel := context.WithTimeoutCause(ctx, e.timeout, errCallTimeout)
	defer cancel()

	// route: where the request goes and how it is retried.
	rt, err := e.route(plan, tool.Sensitive, target)
	if err != nil {
		oc.result = "not_sent"
		return nil, &NotSentError{Tool: tool.Name, Err: err}
	}
	// build: method, URL, headers and body from the plan.
	w, err := build(plan, rt.base, args, target.Headers)
	if err != nil {
		oc.result = "not_sent"
		return nil, &NotSentError{Tool: tool.Name, Err: err}
	}
	// authorize: SigV4 for AWS operations, the source's credentials for
	// others. Settled now (region, host, credentials are checked), applied
	// to every attempt's request (a fresh signature each time).
	auth, err := e.authorize(ctx, plan, target, rt, w)
	if err != nil {
		oc.result = "not_sent"
		return nil, &NotSentError{Tool: tool.Name, Err: err}
	}
	// send: the attempts, with the retry policy of the route.
	resp, attempts, err := e.send(ctx, w, rt.policy, auth)
	oc.attempts = attempts
	if err != nil {
		oc.result = "transport_error"
		return nil, e.sendError(ctx, tool.Name, w.url.Host, attempts, err)
	}
	oc.status = resp.status
	if apiErr := rt.policy.classify(resp); apiErr != nil {
		oc.result = "api_error"
		if plan.AWS != nil {
			oc.awsCode = apiErr.Code
		}
		apiErr.Hint = authHint(target, plan, resp.status)
		return nil, apiErr
	}
	oc.result = "ok"
	// decode: the answer as JSON, AWS timestamps as RFC 3339.
	return st.decode(plan, resp, attempts), nil
}

// outcome is what the log line records of one call.
type outcome struct {
	result   string // ok, api_error, invalid_arguments, not_sent, transport_error
	aws      bool
	status   int
	awsCode  string
	attempts int
}

// logCall writes the call's line: never arguments, headers or bodies.
func (e *Executor) logCall(ctx context.Context, tool *openapi.Tool, oc *outcome, failed bool, took time.Duration) {
	level := slog.LevelInfo
	if failed {
		level = slog.LevelWarn
	}
	attrs := make([]any, 0, 12)
	attrs = append(attrs, "tool", tool.Name, "result", oc.result, "status", oc.status)
	if oc.aws {
		attrs = append(attrs, "aws_code", oc.awsCode)
	}
	attrs = append(attrs, "attempt", oc.attempts, "duration", took.Round(time.Microsecond))
	e.log.Log(ctx, level, "call", attrs...)
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
	coerceIn  bool // the input schema names integer, number or boolean
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
