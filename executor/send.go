package executor

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// response is one upstream answer, read in full (up to a limit).
type response struct {
	status   int
	header   http.Header
	body     []byte
	overflow bool // the body was longer than the read limit
}

// errCallTimeout is the cause of a call's context when its timeout ends it.
var errCallTimeout = errors.New("call timeout")

// sendPolicy says how one call is sent and retried.
type sendPolicy struct {
	retryer aws.Retryer
	// classify turns a non-2xx answer into an error; nil for success.
	classify func(*response) *APIError
	// onlyUnsent limits retries to requests that never reached the server
	// or were refused with 429/503: set for non-idempotent methods of
	// non-AWS APIs, whose repetition could do the work twice.
	onlyUnsent bool
	readLimit  int64
	// redirect is the client's CheckRedirect for this call (checkRedirect).
	redirect func(*http.Request, []*http.Request) error
}

// send runs the attempts of one call. It returns the last answer (success
// or the final error answer), the number of attempts made and, when no
// answer came, the transport error.
func (e *Executor) send(ctx context.Context, w *wireRequest, p sendPolicy, auth authorization) (*response, int, error) {
	var (
		lastErr     error
		releaseLast func(error) error
	)
	for attempt := 1; ; attempt++ {
		if attempt > 1 {
			delay, err := p.retryer.RetryDelay(attempt, lastErr)
			if err != nil {
				return nil, attempt - 1, lastErr
			}
			if err := sleep(ctx, delay); err != nil {
				return nil, attempt - 1, err
			}
		} else {
			releaseLast = initialToken(ctx, p.retryer)
		}
		resp, err := e.attempt(ctx, w, p, auth)
		opErr := err
		if err == nil {
			if apiErr := p.classify(resp); apiErr != nil {
				opErr = apiErr
			}
		}
		if opErr == nil {
			if releaseLast != nil {
				// Releasing refills the retry quota; the standard retryer's
				// release never fails, and a failure would change nothing
				// about this call's answer.
				_ = releaseLast(nil)
			}
			return resp, attempt, nil
		}
		if ctx.Err() != nil || attempt >= p.retryer.MaxAttempts() || !p.retryable(opErr) {
			return resp, attempt, err
		}
		release, tokErr := p.retryer.GetRetryToken(ctx, opErr)
		if tokErr != nil {
			return resp, attempt, err // the retry quota is spent
		}
		releaseLast = release
		lastErr = opErr
	}
}

// initialToken is the first attempt's token: its release on success
// refills the retry quota.
func initialToken(ctx context.Context, r aws.Retryer) func(error) error {
	if r2, ok := r.(aws.RetryerV2); ok {
		if release, err := r2.GetAttemptToken(ctx); err == nil {
			return release
		}
		return nil
	}
	return r.GetInitialToken() //nolint:staticcheck // the v1 interface has no other way
}

func (p sendPolicy) retryable(err error) bool {
	var apiErr *APIError
	isAPI := errors.As(err, &apiErr)
	if p.onlyUnsent {
		if isAPI {
			return apiErr.Status == http.StatusTooManyRequests || apiErr.Status == http.StatusServiceUnavailable
		}
		return isDialError(err) && p.retryer.IsErrorRetryable(err)
	}
	if isAPI && apiErr.Status == http.StatusTooManyRequests {
		return true
	}
	return p.retryer.IsErrorRetryable(err)
}

// attempt sends one request and reads its answer.
func (e *Executor) attempt(ctx context.Context, w *wireRequest, p sendPolicy, auth authorization) (*response, error) {
	req, err := w.newHTTPRequest(ctx)
	if err != nil {
		return nil, err
	}
	if auth != nil {
		if err := auth.apply(ctx, req); err != nil {
			return nil, &prepareError{err}
		}
	}
	c := *e.client
	c.CheckRedirect = p.redirect
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, p.readLimit+1))
	if err != nil {
		return nil, err
	}
	r := &response{status: resp.StatusCode, header: resp.Header, body: body}
	if int64(len(body)) > p.readLimit {
		r.body, r.overflow = body[:p.readLimit], true
	}
	return r, nil
}

// prepareError is a failure to authorize or sign a request; never retried.
type prepareError struct{ err error }

func (e *prepareError) Error() string { return e.err.Error() }
func (e *prepareError) Unwrap() error { return e.err }

// RetryableError tells the SDK's retryer not to retry.
func (e *prepareError) RetryableError() bool { return false }

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return context.Cause(ctx)
	case <-t.C:
		return nil
	}
}

// isDialError reports whether the request never left: the connection
// could not be made.
func isDialError(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// explainTransport turns a failure without an answer into a plain
// sentence. It names the host, never the full URL (which may carry an API
// key in its query).
func explainTransport(ctx context.Context, err error, host string, timeout time.Duration) string {
	if errors.Is(context.Cause(ctx), errCallTimeout) || errors.Is(err, errCallTimeout) {
		return fmt.Sprintf("no answer from %s within %s (the per-call timeout); the service may be slow or unreachable, try again or raise the timeout", host, timeout)
	}
	if ctx.Err() != nil || errors.Is(err, context.Canceled) {
		return fmt.Sprintf("the call to %s was cancelled before it completed", host)
	}
	var redirect *redirectError
	if errors.As(err, &redirect) {
		return redirect.Error()
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Sprintf("the call to %s ran out of time before it completed", host)
	}
	if errors.Is(err, syscall.ECONNREFUSED) {
		return fmt.Sprintf("connection refused by %s: is the service running and is the endpoint right?", host)
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return fmt.Sprintf("cannot resolve the host name %s: check the endpoint URL and your network", dns.Name)
	}
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	if errors.As(err, &unknownCA) || errors.As(err, &hostErr) {
		return fmt.Sprintf("the TLS certificate of %s is not trusted: %s", host, innermost(err))
	}
	var netErr net.Error
	if errors.As(err, &netErr) && netErr.Timeout() {
		return fmt.Sprintf("the connection to %s timed out", host)
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Sprintf("%s closed the connection before answering", host)
	}
	return fmt.Sprintf("the request to %s failed: %s", host, innermost(err))
}

// innermost is the deepest error's text: the url.Error wrapper, which
// quotes the URL, is dropped.
func innermost(err error) string {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err.Error()
		}
		err = next
	}
}
