package sourceauth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/cognito-mcp/cognito-mcp/internal/netguard"
	"github.com/cognito-mcp/cognito-mcp/openapi"
	"github.com/cognito-mcp/cognito-mcp/registry"
)

// Options are where secrets are read from and how tokens are fetched.
// The zero value works.
type Options struct {
	// Getenv reads environment variables. Default: os.Getenv.
	Getenv func(string) string
	// ReadFile reads secret files. Default: os.ReadFile.
	ReadFile func(string) ([]byte, error)
	// HTTPClient fetches oauth2 client-credentials tokens. Default: a
	// client with a 30s timeout.
	HTTPClient *http.Client
	// Now is the clock for token expiry. Default: time.Now.
	Now func() time.Time
}

func (o Options) withDefaults() Options {
	if o.Getenv == nil {
		o.Getenv = os.Getenv
	}
	if o.ReadFile == nil {
		o.ReadFile = os.ReadFile
	}
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{Timeout: 30 * time.Second, Transport: netguard.Transport()}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// Authorizer authorizes the requests of one source from its security
// schemes and its auth configuration (scheme name -> secret reference).
//
//   - apiKey: the secret is sent in the scheme's header, query parameter
//     or cookie.
//   - http bearer: "Authorization: Bearer <secret>".
//   - http basic: the secret holds "username:password".
//   - oauth2 and openIdConnect: the secret is an access token, sent as a
//     Bearer token; or, for an oauth2 scheme with a client-credentials
//     token URL, clientId and clientSecret references: the token is fetched
//     and reused until shortly before it expires.
//
// For an operation, the first security alternative whose schemes are all
// configured (and whose secrets can be read) is applied; when none is, the
// request goes without credentials and Hint explains what to configure.
// Secrets are read at call time and never appear in errors.
type Authorizer struct {
	schemes map[string]openapi.SecurityScheme
	refs    map[string]registry.SecretRef
	opts    Options

	mu      sync.Mutex // guards tokens and fetches; never held across I/O
	tokens  map[string]token
	fetches map[string]*fetch // scheme name -> the token fetch in flight
}

// fetch is one token request that every caller needing the token joins.
type fetch struct {
	done  chan struct{} // closed when value and err are set
	value string
	err   error
}

type token struct {
	value   string
	expires time.Time
}

// New builds the authorizer of a source. Refs naming unknown
// schemes are ignored (the registry refuses them when a source is added).
func New(schemes []openapi.SecurityScheme, refs map[string]registry.SecretRef, opts Options) *Authorizer {
	a := &Authorizer{
		schemes: map[string]openapi.SecurityScheme{},
		refs:    maps.Clone(refs),
		opts:    opts.withDefaults(),
		tokens:  map[string]token{},
		fetches: map[string]*fetch{},
	}
	for _, s := range schemes {
		a.schemes[s.Name] = s
	}
	return a
}

// Authorize applies the first satisfiable alternative of security. A nil
// security (the document's default, not known here) applies every
// configured scheme.
func (a *Authorizer) Authorize(ctx context.Context, req *http.Request, security []openapi.SecurityRequirement) error {
	if security == nil {
		all := openapi.SecurityRequirement{}
		for name := range a.refs {
			if _, ok := a.schemes[name]; ok {
				all[name] = nil
			}
		}
		if len(all) == 0 {
			return nil
		}
		security = []openapi.SecurityRequirement{all}
	}
	var firstErr error
	for _, alt := range security {
		if len(alt) == 0 {
			return nil // anonymous access is one of the alternatives
		}
		creds, err := a.resolve(ctx, alt)
		if err != nil {
			if firstErr == nil && !errors.Is(err, ErrNotConfigured) {
				firstErr = err
			}
			continue
		}
		for _, c := range creds {
			c.apply(req)
		}
		return nil
	}
	return firstErr
}

// ErrNotConfigured is wrapped by the errors of a scheme whose secret is not
// configured or cannot be read; such a scheme is skipped, and the request
// goes without it.
var ErrNotConfigured = errors.New("not configured")

// SecretError says why a secret reference can't be read now: an unset
// environment variable, an unreadable or empty file. It never holds the
// secret. It wraps ErrNotConfigured.
type SecretError struct {
	// Problem reads "environment variable PETSTORE_KEY is not set".
	Problem string
}

func (e *SecretError) Error() string { return e.Problem + ": " + ErrNotConfigured.Error() }

// Unwrap gives ErrNotConfigured.
func (e *SecretError) Unwrap() error { return ErrNotConfigured }

// CheckSecret reads the secret ref names the way calls read it and says
// what is wrong, as a *SecretError, or nil when it can be read. For client
// credentials it checks the client id, then the secret.
func CheckSecret(ref registry.SecretRef, opts Options) error {
	a := New(nil, nil, opts)
	if ref.IsClientCredentials() {
		if _, err := a.read(*ref.ClientID); err != nil {
			return err
		}
		_, err := a.read(*ref.ClientSecret)
		return err
	}
	_, err := a.read(ref)
	return err
}

type credential struct {
	scheme openapi.SecurityScheme
	secret string
}

func (c credential) apply(req *http.Request) {
	s := c.scheme
	switch s.Type {
	case openapi.SchemeAPIKey:
		switch s.In {
		case "query":
			q := url.QueryEscape(s.Param) + "=" + url.QueryEscape(c.secret)
			if req.URL.RawQuery != "" {
				q = req.URL.RawQuery + "&" + q
			}
			req.URL.RawQuery = q
		case "cookie":
			req.AddCookie(&http.Cookie{Name: s.Param, Value: c.secret})
		default:
			req.Header.Set(s.Param, c.secret)
		}
	case openapi.SchemeHTTP:
		switch openapi.HTTPScheme(strings.ToLower(string(s.Scheme))) {
		case openapi.HTTPBasic:
			// resolve has checked that the secret holds a colon.
			user, pass, _ := strings.Cut(c.secret, ":")
			req.SetBasicAuth(user, pass)
		case openapi.HTTPBearer, "":
			req.Header.Set("Authorization", "Bearer "+c.secret)
		default:
			req.Header.Set("Authorization", string(s.Scheme)+" "+c.secret)
		}
	default: // openapi.SchemeOAuth2, openapi.SchemeOpenIDConnect
		req.Header.Set("Authorization", "Bearer "+c.secret)
	}
}

// resolve reads the secrets of every scheme of alt, or says why it can't.
func (a *Authorizer) resolve(ctx context.Context, alt openapi.SecurityRequirement) ([]credential, error) {
	var creds []credential
	for _, name := range slices.Sorted(maps.Keys(alt)) {
		s, ok := a.schemes[name]
		ref, configured := a.refs[name]
		if !ok || !configured || s.AWSSigV4 {
			return nil, ErrNotConfigured
		}
		var secret string
		var err error
		if ref.IsClientCredentials() {
			secret, err = a.token(ctx, s, ref)
		} else {
			secret, err = a.read(ref)
		}
		if err != nil {
			return nil, fmt.Errorf("auth %q: %w", name, err)
		}
		if s.Type == openapi.SchemeHTTP && strings.EqualFold(string(s.Scheme), string(openapi.HTTPBasic)) && !strings.Contains(secret, ":") {
			return nil, fmt.Errorf("auth %q: the secret from %v must be username:password: %w", name, ref, ErrNotConfigured)
		}
		creds = append(creds, credential{scheme: s, secret: secret})
	}
	return creds, nil
}

// read returns the secret a reference names, trimmed of surrounding space.
func (a *Authorizer) read(ref registry.SecretRef) (string, error) {
	var v string
	switch {
	case ref.Env != "":
		v = strings.TrimSpace(a.opts.Getenv(ref.Env))
		if v == "" {
			return "", &SecretError{Problem: fmt.Sprintf("environment variable %s is not set", ref.Env)}
		}
	case ref.File != "":
		b, err := a.opts.ReadFile(ref.File)
		if err != nil {
			return "", &SecretError{Problem: fmt.Sprintf("secret file %s cannot be read", ref.File)}
		}
		v = strings.TrimSpace(string(b))
		if v == "" {
			return "", &SecretError{Problem: fmt.Sprintf("secret file %s is empty", ref.File)}
		}
	default:
		return "", ErrNotConfigured
	}
	if strings.ContainsAny(v, "\r\n") {
		return "", &SecretError{Problem: fmt.Sprintf("the secret from %v spans several lines", ref)}
	}
	return v, nil
}

// tokenFetchTimeout bounds one token request, whoever waits for it.
const tokenFetchTimeout = 30 * time.Second

// token returns a cached client-credentials token, or joins the fetch of
// a new one (starting it when none is in flight). The lock is never held
// while the token endpoint is asked: a caller whose ctx ends stops waiting
// at once, and the fetch goes on for the others.
func (a *Authorizer) token(ctx context.Context, s openapi.SecurityScheme, ref registry.SecretRef) (string, error) {
	a.mu.Lock()
	if t, ok := a.tokens[s.Name]; ok && a.opts.Now().Before(t.expires) {
		a.mu.Unlock()
		return t.value, nil
	}
	f, ok := a.fetches[s.Name]
	if !ok {
		f = &fetch{done: make(chan struct{})}
		a.fetches[s.Name] = f
		// The fetch outlives the ctx of the caller that started it, since
		// others may be waiting for it; tokenFetchTimeout bounds it.
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), tokenFetchTimeout)
		go func() {
			defer cancel()
			a.fetchToken(fctx, f, s, ref)
		}()
	}
	a.mu.Unlock()
	select {
	case <-f.done:
		return f.value, f.err
	case <-ctx.Done():
		return "", fmt.Errorf("token request to %s failed: %w", s.TokenURL, context.Cause(ctx))
	}
}

// fetchToken runs f, stores the token it got, and releases the waiters.
func (a *Authorizer) fetchToken(ctx context.Context, f *fetch, s openapi.SecurityScheme, ref registry.SecretRef) {
	now := a.opts.Now()
	value, life, err := a.requestToken(ctx, s, ref)
	a.mu.Lock()
	if err == nil {
		// Refresh a little early so a token never expires in flight.
		margin := min(life/10, 60*time.Second)
		a.tokens[s.Name] = token{value: value, expires: now.Add(life - margin)}
	}
	delete(a.fetches, s.Name)
	a.mu.Unlock()
	f.value, f.err = value, err
	close(f.done)
}

// requestToken asks the token endpoint for a client-credentials token.
func (a *Authorizer) requestToken(ctx context.Context, s openapi.SecurityScheme, ref registry.SecretRef) (string, time.Duration, error) {
	id, err := a.read(*ref.ClientID)
	if err != nil {
		return "", 0, fmt.Errorf("client id: %w", err)
	}
	secret, err := a.read(*ref.ClientSecret)
	if err != nil {
		return "", 0, fmt.Errorf("client secret: %w", err)
	}
	form := url.Values{"grant_type": {"client_credentials"}}
	if len(ref.Scopes) > 0 {
		form.Set("scope", strings.Join(ref.Scopes, " "))
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.TokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return "", 0, fmt.Errorf("token URL %s is not valid", s.TokenURL)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "cognito-mcp")
	req.SetBasicAuth(url.QueryEscape(id), url.QueryEscape(secret))
	// A token request carries the client secret: it follows no redirect,
	// so neither the secret nor the form reaches another host.
	client := *a.opts.HTTPClient
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return "", 0, fmt.Errorf("token request to %s failed: %v", s.TokenURL, err)
	}
	defer resp.Body.Close()
	var body struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
		ExpiresIn   int64  `json:"expires_in"`
		Error       string `json:"error"`
	}
	dec := json.NewDecoder(io.LimitReader(resp.Body, 1<<20))
	derr := dec.Decode(&body)
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		return "", 0, fmt.Errorf("token request to %s answered HTTP %d, a redirect; token requests follow no redirects, since they carry the client secret: name the final token URL in the document", s.TokenURL, resp.StatusCode)
	}
	if resp.StatusCode != http.StatusOK {
		code := ""
		if derr == nil && body.Error != "" && len(body.Error) < 64 {
			code = " (" + body.Error + ")"
		}
		return "", 0, fmt.Errorf("token request to %s answered HTTP %d%s; check the client id and secret", s.TokenURL, resp.StatusCode, code)
	}
	if derr != nil || body.AccessToken == "" {
		return "", 0, fmt.Errorf("token response from %s has no access_token", s.TokenURL)
	}
	life := time.Duration(body.ExpiresIn) * time.Second
	if body.ExpiresIn <= 0 {
		life = 5 * time.Minute
	}
	return body.AccessToken, life, nil
}

// problem is what a read error says without its ": not configured" tail.
func problem(err error) string {
	if se, ok := errors.AsType[*SecretError](err); ok {
		return se.Problem
	}
	return err.Error()
}

// Hint says what to configure so that an operation with these security
// requirements is authorized; empty when nothing is missing. A nil
// security (the document's default) considers every scheme. It names
// schemes and references, never secrets.
func (a *Authorizer) Hint(security []openapi.SecurityRequirement) string {
	if security == nil {
		for _, name := range slices.Sorted(maps.Keys(a.schemes)) {
			if !a.schemes[name].AWSSigV4 {
				security = append(security, openapi.SecurityRequirement{name: nil})
			}
		}
	}
	if len(security) == 0 {
		return ""
	}
	var missing, broken []string
	for _, alt := range security {
		for _, name := range slices.Sorted(maps.Keys(alt)) {
			ref, ok := a.refs[name]
			switch {
			case !ok:
				if !slices.Contains(missing, name) {
					missing = append(missing, name)
				}
			case !ref.IsClientCredentials():
				if _, err := a.read(ref); err != nil {
					broken = append(broken, fmt.Sprintf("auth %q: %s", name, problem(err)))
				}
			}
		}
	}
	var parts []string
	if len(missing) > 0 {
		parts = append(parts, fmt.Sprintf("this operation accepts security scheme %s; add the source again with openapi_add_source (replace: true) and auth {%q: {\"env\": \"ENV_VAR_NAME\"}}, the variable holding the secret", strings.Join(missing, " or "), missing[0]))
	}
	parts = append(parts, broken...)
	return strings.Join(parts, "; ")
}
