package registry

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strings"

	"github.com/cognito-mcp/cognito-mcp/internal/lazyre"

	"github.com/cognito-mcp/cognito-mcp/openapi"
)

// Config is how a source is called, as given to Add and saved in the state
// file. It never holds a secret: Auth names where each secret comes from.
type Config struct {
	// BaseURL replaces the document's servers (needed when they are
	// relative or templated without defaults).
	BaseURL string `json:"baseUrl,omitempty"`
	// Auth maps a security scheme name, as the document declares it, to
	// where its secret comes from.
	Auth map[string]SecretRef `json:"auth,omitempty"`
	// Headers are sent with every call. They are not for secrets: a
	// header that carries credentials must be configured through Auth.
	Headers map[string]string `json:"headers,omitempty"`
	// Include and Exclude filter operations (operationId, tool path or
	// MCP name, '*' as wildcard).
	Include []string `json:"include,omitempty"`
	Exclude []string `json:"exclude,omitempty"`
}

// SecretRef names where a secret comes from; it never holds the secret.
//
// For apiKey, http bearer, oauth2 and openIdConnect schemes set exactly one
// of Env or File: the variable or file holds the key or access token. For
// http basic the variable or file holds "username:password". For an oauth2
// scheme with a client-credentials flow, ClientID and ClientSecret may be
// given instead (each an env or file reference) and the token is fetched
// from the scheme's token URL, with the optional Scopes.
type SecretRef struct {
	Env          string     `json:"env,omitempty"`
	File         string     `json:"file,omitempty"`
	ClientID     *SecretRef `json:"clientId,omitempty"`
	ClientSecret *SecretRef `json:"clientSecret,omitempty"`
	Scopes       []string   `json:"scopes,omitempty"`
}

// IsClientCredentials reports whether r asks for the oauth2
// client-credentials flow rather than a ready token.
func (r SecretRef) IsClientCredentials() bool { return r.ClientID != nil || r.ClientSecret != nil }

// String describes the reference without any secret: `env PETSTORE_API_KEY`.
func (r SecretRef) String() string {
	switch {
	case r.IsClientCredentials():
		return fmt.Sprintf("client credentials (id from %v, secret from %v)", r.ClientID, r.ClientSecret)
	case r.Env != "":
		return "env " + r.Env
	case r.File != "":
		return "file " + r.File
	}
	return "nothing"
}

var envName = lazyre.New(`^[A-Za-z_][A-Za-z0-9_]*$`)

// errLiteralSecret is returned when auth carries a secret instead of a reference.
var errLiteralSecret = errors.New(`a literal secret is never accepted; put it in an environment variable or a file and pass {"env": "NAME"} or {"file": "/absolute/path"}`)

// UnmarshalJSON accepts only references: {"env": ...}, {"file": ...} or
// {"clientId": ..., "clientSecret": ...}. A bare string or a "value",
// "token", "password"... key is refused without echoing it.
func (r *SecretRef) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if len(data) == 0 || data[0] != '{' {
		return errLiteralSecret
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return errors.New(`want an object like {"env": "NAME"}`)
	}
	for _, k := range slices.Sorted(maps.Keys(raw)) {
		switch k {
		case "env", "file", "clientId", "clientSecret", "scopes":
		default:
			return fmt.Errorf("key %q is not accepted (%w)", k, errLiteralSecret)
		}
	}
	type plain SecretRef
	var p plain
	if err := json.Unmarshal(data, &p); err != nil {
		return errors.New(`"env" and "file" must be strings, "scopes" a list of strings, "clientId" and "clientSecret" objects like {"env": "NAME"}`)
	}
	*r = SecretRef(p)
	return r.validate()
}

func (r SecretRef) validate() error {
	if r.IsClientCredentials() {
		if r.Env != "" || r.File != "" {
			return errors.New(`give either "env"/"file" (a ready token) or "clientId" and "clientSecret", not both`)
		}
		if r.ClientID == nil || r.ClientSecret == nil {
			return errors.New(`the client-credentials flow needs both "clientId" and "clientSecret"`)
		}
		for _, c := range []struct {
			name string
			sub  *SecretRef
		}{{"clientId", r.ClientID}, {"clientSecret", r.ClientSecret}} {
			name, sub := c.name, c.sub
			if sub.IsClientCredentials() || len(sub.Scopes) > 0 {
				return fmt.Errorf("%s: want {\"env\": \"NAME\"} or {\"file\": \"/path\"}", name)
			}
			if err := sub.validate(); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
		}
		return nil
	}
	switch {
	case r.Env != "" && r.File != "":
		return errors.New(`give one of "env" or "file", not both`)
	case r.Env != "":
		if !envName().MatchString(r.Env) {
			return errors.New(`"env" must be an environment variable name like PETSTORE_API_KEY`)
		}
		if strings.HasPrefix(strings.ToUpper(r.Env), "AWS_") {
			return errors.New(`AWS_* variables are refused: AWS credentials only sign requests to AWS hosts; put this API's secret in a variable of its own`)
		}
		if strings.HasPrefix(strings.ToUpper(r.Env), "COGNITO_MCP_") {
			return errors.New(`COGNITO_MCP_* variables configure this server (one is its own bearer token) and are refused; put this API's secret in a variable of its own`)
		}
	case r.File != "":
		if !filepath.IsAbs(r.File) {
			return errors.New(`"file" must be an absolute path`)
		}
		for _, dir := range []string{"/.aws/", "/.ssh/"} {
			if strings.Contains(filepath.ToSlash(filepath.Clean(r.File)), dir) {
				return fmt.Errorf(`files under %s are refused: put this API's secret in a file of its own`, strings.Trim(dir, "/"))
			}
		}
	default:
		return errors.New(`want {"env": "NAME"} or {"file": "/absolute/path"}`)
	}
	if len(r.Scopes) > 0 {
		return errors.New(`"scopes" only applies with "clientId" and "clientSecret"`)
	}
	return nil
}

// credentialHeaders are headers that carry credentials: they go through
// auth, never through plain headers that are saved as they are.
var credentialHeaders = []string{"Authorization", "Proxy-Authorization", "Cookie"}

// check validates c against the catalog it will be used with.
func (c *Config) check(cat *openapi.Catalog) error {
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return errors.New("baseUrl must be an absolute http(s) URL such as https://api.example.com/v1")
		}
		if u.User != nil {
			return errors.New("baseUrl must not carry credentials; configure them with auth")
		}
	}
	schemes := map[string]openapi.SecurityScheme{}
	for _, s := range cat.SecuritySchemes {
		schemes[s.Name] = s
	}
	for _, name := range slices.Sorted(maps.Keys(c.Auth)) {
		s, ok := schemes[name]
		if !ok {
			return fmt.Errorf("auth %q: the document declares no such security scheme; known schemes: %s", name, schemeNames(cat))
		}
		ref := c.Auth[name]
		if err := ref.validate(); err != nil {
			return fmt.Errorf("auth %q: %w", name, err)
		}
		if s.AWSSigV4 {
			return fmt.Errorf("auth %q: AWS SigV4 schemes are signed with the AWS credentials chain; remove this entry", name)
		}
		if ref.IsClientCredentials() && (s.Type != "oauth2" || s.TokenURL == "") {
			return fmt.Errorf("auth %q: clientId/clientSecret need an oauth2 scheme with a client-credentials token URL; pass a ready token with {\"env\": \"NAME\"}", name)
		}
	}
	for _, h := range slices.Sorted(maps.Keys(c.Headers)) {
		if h == "" || strings.ContainsAny(h, " :\r\n") {
			return fmt.Errorf("header name %q is not valid", h)
		}
		if strings.ContainsAny(c.Headers[h], "\r\n") {
			return fmt.Errorf("header %q: the value must be one line", h)
		}
		ch := http.CanonicalHeaderKey(h)
		if slices.Contains(credentialHeaders, ch) {
			return fmt.Errorf("header %q carries credentials: configure it through auth with an env or file reference", h)
		}
		for _, s := range cat.SecuritySchemes {
			if s.Type == "apiKey" && s.In == "header" && http.CanonicalHeaderKey(s.Param) == ch {
				return fmt.Errorf("header %q is the %q security scheme: configure it through auth, e.g. {%q: {\"env\": \"NAME\"}}", h, s.Name, s.Name)
			}
		}
	}
	return nil
}

func schemeNames(cat *openapi.Catalog) string {
	if len(cat.SecuritySchemes) == 0 {
		return "(none)"
	}
	names := make([]string, len(cat.SecuritySchemes))
	for i, s := range cat.SecuritySchemes {
		names[i] = s.Name
	}
	return strings.Join(names, ", ")
}

// checkSecretFiles refuses file references outside dirs: the model names
// the file, and its contents go to the source's host.
func (c Config) checkSecretFiles(dirs []string) error {
	for _, scheme := range slices.Sorted(maps.Keys(c.Auth)) {
		ref := c.Auth[scheme]
		for _, r := range []*SecretRef{&ref, ref.ClientID, ref.ClientSecret} {
			if r == nil || r.File == "" {
				continue
			}
			path := filepath.Clean(r.File)
			if real, err := filepath.EvalSymlinks(path); err == nil {
				path = real
			}
			if !under(dirs, path) {
				if len(dirs) == 0 {
					return fmt.Errorf("auth %q: secret files are refused unless the server is started with --secret-dir naming their directory; or use {\"env\": \"NAME\"}", scheme)
				}
				return fmt.Errorf("auth %q: %s is outside the secret directories the server allows (--secret-dir %s)", scheme, r.File, strings.Join(dirs, ", "))
			}
		}
	}
	return nil
}

func (c Config) clone() Config {
	c.Auth = maps.Clone(c.Auth)
	c.Headers = maps.Clone(c.Headers)
	c.Include = slices.Clone(c.Include)
	c.Exclude = slices.Clone(c.Exclude)
	return c
}
