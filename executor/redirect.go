package executor

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// maxRedirects bounds the same-origin redirects one attempt follows.
const maxRedirects = 10

// redirectError is a redirect the executor refused to follow. It names
// origins only: a Location's path and query may carry secrets.
type redirectError struct {
	aws      bool
	status   int
	from, to string // origins
	tooMany  bool
}

func (e *redirectError) Error() string {
	switch {
	case e.aws:
		return fmt.Sprintf("the AWS endpoint %s answered HTTP %d, a redirect to %s; AWS calls follow no redirects, so neither the signed request nor its body was sent there: check the region and the endpoint (--endpoint-url)", e.from, e.status, e.to)
	case e.tooMany:
		return fmt.Sprintf("%s redirected more than %d times; stopped following", e.from, maxRedirects)
	default:
		return fmt.Sprintf("%s answered HTTP %d, a redirect to another origin (%s); redirects are followed only within the source's own origin, so that its credentials and the request body stay there: if that origin is the right one, add the source again with it as baseUrl", e.from, e.status, e.to)
	}
}

// RetryableError tells the SDK's retryer not to retry: the next attempt
// would be redirected the same way.
func (e *redirectError) RetryableError() bool { return false }

// checkRedirect is the redirect policy of a route's requests: AWS calls
// follow none; other calls follow redirects within the origin of the
// first request (scheme, host and port), where the source's credentials
// and body may go again, and refuse any other.
func checkRedirect(aws bool) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		first := via[0].URL
		e := &redirectError{aws: aws, from: origin(first), to: origin(req.URL)}
		if req.Response != nil {
			e.status = req.Response.StatusCode
		}
		if aws || origin(req.URL) != origin(first) {
			return e
		}
		if len(via) > maxRedirects {
			e.tooMany = true
			return e
		}
		return nil
	}
}

// origin is scheme://host[:port] of u, the port made explicit.
func origin(u *url.URL) string {
	port := u.Port()
	if port == "" {
		switch strings.ToLower(u.Scheme) {
		case "https":
			port = "443"
		case "http":
			port = "80"
		}
	}
	return strings.ToLower(u.Scheme) + "://" + strings.ToLower(u.Hostname()) + ":" + port
}
