package executor

import (
	"context"
	"testing"
	"time"

	"github.com/cognito-mcp/cognito-mcp/internal/cognitotest"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
)

// TestDefaultTimeoutBelowHosts: the default per-call limit ends before the
// MCP TypeScript SDK's 60 s request timeout, so the agent reads our
// explanation rather than the host's.
func TestDefaultTimeoutBelowHosts(t *testing.T) {
	if DefaultTimeout >= 60*time.Second {
		t.Fatalf("DefaultTimeout = %s, want below the hosts' 60 s", DefaultTimeout)
	}
	if got := New(Options{}).timeout; got != DefaultTimeout {
		t.Errorf("zero Options: timeout %s, want %s", got, DefaultTimeout)
	}
}

// TestTimeoutBoundsRetries: an upstream that keeps answering 503 is retried
// only within the call's time limit, which then ends the call with its own
// explanation.
func TestTimeoutBoundsRetries(t *testing.T) {
	up := cognitotest.NewStub(t, cognitotest.Answer{Status: 503, Body: `{"__type":"ServiceUnavailable","message":"busy"}`})
	cfg := cognitotest.Config(up.URL)
	cfg.Config.Retryer = func() aws.Retryer {
		return retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = 10_000
			o.RateLimiter = ratelimit.None
			o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 20 * time.Millisecond, nil })
		})
	}
	e := New(Options{AWS: cfg, Timeout: 300 * time.Millisecond})
	res := e.callT(context.Background(), cognitotest.ListUsers(), nil, map[string]any{"UserPoolId": "p"})
	wantError(t, res, "within 300ms", "timeout")
	if n := len(up.Requests()); n < 2 || n >= 10_000 {
		t.Errorf("%d attempts: want retries that stop at the time limit", n)
	}
}
