package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
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

// TestStdioJSONRPCEdges: over stdio, a batch and a null id are Invalid
// Requests and an unknown declared protocol version is refused with the
// supported ones, while initialize still negotiates and the session goes
// on.
func TestStdioJSONRPCEdges(t *testing.T) {
	t.Parallel()
	cmd := exec.Command(binPath, "--state-dir", t.TempDir())
	cmd.Env = baseEnv(t)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		stdin.Close()
		_ = cmd.Wait()
	}()
	lines := []string{
		`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-01-01","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`,
		`[{"jsonrpc":"2.0","id":2,"method":"ping"}]`,
		`{"jsonrpc":"2.0","id":null,"method":"ping"}`,
		`{"jsonrpc":"2.0","id":3,"method":"ping","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2025-01-01"}}}`,
		`{"jsonrpc":"2.0","id":4,"method":"ping"}`,
	}
	for _, l := range lines {
		if _, err := io.WriteString(stdin, l+"\n"); err != nil {
			t.Fatal(err)
		}
	}
	type answer struct {
		ID     json.RawMessage `json:"id"`
		Result *struct {
			ProtocolVersion string `json:"protocolVersion"`
		} `json:"result"`
		Error *struct {
			Code int `json:"code"`
			Data struct {
				Supported []string `json:"supported"`
			} `json:"data"`
		} `json:"error"`
	}
	got := make(chan answer)
	go func() {
		sc := bufio.NewScanner(stdout)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var a answer
			if json.Unmarshal(sc.Bytes(), &a) == nil {
				got <- a
			}
		}
		close(got)
	}()
	var answers []answer
	timeout := time.After(30 * time.Second)
	for len(answers) < 5 {
		select {
		case a, ok := <-got:
			if !ok {
				t.Fatalf("stdout ended after %d answers", len(answers))
			}
			answers = append(answers, a)
		case <-timeout:
			t.Fatalf("%d answers within 30 s, want 5", len(answers))
		}
	}
	var invalid, unsupported int
	for _, a := range answers {
		switch {
		case string(a.ID) == "1":
			if a.Result == nil || a.Result.ProtocolVersion != "2025-11-25" {
				t.Errorf("initialize with an unknown version was not negotiated to 2025-11-25")
			}
		case string(a.ID) == "null" && a.Error != nil && a.Error.Code == -32600:
			invalid++
		case string(a.ID) == "3" && a.Error != nil && a.Error.Code == -32022 && len(a.Error.Data.Supported) > 0:
			unsupported++
		case string(a.ID) == "4" && a.Result != nil:
		default:
			t.Errorf("unexpected answer id %s result %v error %+v", a.ID, a.Result != nil, a.Error)
		}
	}
	if invalid != 2 || unsupported != 1 {
		t.Errorf("%d Invalid Request answers (want 2), %d UnsupportedProtocolVersion (want 1)", invalid, unsupported)
	}
}
