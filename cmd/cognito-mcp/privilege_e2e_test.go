package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// forwardProxy is an HTTP proxy that records every request it is asked to
// forward (absolute-form requests and CONNECT tunnels) and answers each
// with a made-up metadata credential, as a proxy on a cloud machine would.
type forwardProxy struct {
	URL  string
	mu   sync.Mutex
	seen []string
}

func startForwardProxy(t *testing.T) *forwardProxy {
	t.Helper()
	p := &forwardProxy{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		p.seen = append(p.seen, r.Method+" "+r.Host+r.URL.Path)
		p.mu.Unlock()
		if r.Method == http.MethodConnect {
			http.Error(w, "no tunnels here", http.StatusForbidden)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"AccessKeyId":"ASIA-FROM-THE-PROXY","SecretAccessKey":"proxied-secret"}`))
	}))
	t.Cleanup(srv.Close)
	p.URL = srv.URL
	return p
}

func (p *forwardProxy) requests() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.seen...)
}

// metadataDoc is a source whose server is the instance metadata service.
const metadataDoc = `openapi: 3.0.3
info: {title: Metadata, version: "1"}
servers: [{url: "http://169.254.169.254"}]
paths:
  /latest/meta-data/iam/security-credentials/role:
    get:
      operationId: getRoleCredentials
      responses: {"200": {description: ok}}
`

// TestProxyDoesNotBypassMetadataGuard: with HTTP_PROXY and HTTPS_PROXY set,
// neither a source call nor a document fetch to a metadata address (in any
// notation) is handed to the proxy.
func TestProxyDoesNotBypassMetadataGuard(t *testing.T) {
	t.Parallel()
	proxy := startForwardProxy(t)
	env := baseEnv(t, "HTTP_PROXY="+proxy.URL, "HTTPS_PROXY="+proxy.URL, "http_proxy="+proxy.URL, "https_proxy="+proxy.URL, "NO_PROXY=", "no_proxy=")
	srv := startSources(t, env, "--state-dir", t.TempDir())

	res := srv.call(t, "openapi_add_source", map[string]any{"namespace": "imds", "spec": metadataDoc})
	if res.IsError {
		t.Fatalf("add the source: %s", resultText(res))
	}
	srv.waitChanged(t, 1)
	for _, base := range []string{"", "http://2852039166", "http://[::ffff:169.254.169.254]", "http://100.100.100.200", "http://169.254.170.2", "http://[fd00:ec2::23]", "https://169.254.169.254"} {
		if base != "" {
			res := srv.call(t, "openapi_add_source", map[string]any{"namespace": "imds", "spec": metadataDoc, "baseUrl": base, "replace": true})
			if res.IsError {
				t.Fatalf("replace the source with baseUrl %s: %s", base, resultText(res))
			}
		}
		res := srv.call(t, "imds_get_role_credentials", map[string]any{})
		text := resultText(res)
		if !res.IsError || strings.Contains(text, "proxied-secret") {
			t.Errorf("call to %q answered (error %v): %s", base, res.IsError, text)
		} else if !strings.Contains(text, "metadata") {
			t.Errorf("call to %q: %s does not say why", base, text)
		}
	}
	for _, spec := range []string{"http://169.254.169.254/openapi.json", "http://2852039166/openapi.json", "https://169.254.170.23/openapi.json", "http://100.100.100.200/openapi.json"} {
		for _, tool := range []string{"openapi_preview_spec", "openapi_add_source"} {
			res := srv.call(t, tool, map[string]any{"namespace": "fetched", "spec": spec})
			if text := resultText(res); !res.IsError || strings.Contains(text, "proxied-secret") {
				t.Errorf("%s %s answered (error %v): %s", tool, spec, res.IsError, text)
			}
		}
	}
	if seen := proxy.requests(); len(seen) > 0 {
		t.Fatalf("the proxy was asked for %q", seen)
	}
}
