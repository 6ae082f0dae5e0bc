package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/cognito-mcp/cognito-mcp/internal/peers"
	"github.com/cognito-mcp/cognito-mcp/listing"
)

// The Petstore documents the sources tests add.
var (
	petstoreYAML     = filepath.Join("..", "..", "openapi", "testdata", "petstore.openapi.yaml")
	petstoreSwagger2 = filepath.Join("..", "..", "openapi", "testdata", "petstore.swagger2.json")
)

// The secrets the Petstore's security schemes are wired to: values no
// document or answer contains, so finding one in a result means it leaked.
const (
	petstoreAPIKey = "e2e-api-key-7f3a9c"
	petstoreToken  = "e2e-oauth-token-51d2b8"
)

// petstoreAuth wires both Petstore security schemes to environment
// variables of the server process.
var petstoreAuth = map[string]any{
	"api_key":       map[string]any{"env": "PETSTORE_API_KEY"},
	"petstore_auth": map[string]any{"env": "PETSTORE_TOKEN"},
}

// petstoreEnv is the server's environment with the Petstore secrets set.
func petstoreEnv(t *testing.T) []string {
	return baseEnv(t, "PETSTORE_API_KEY="+petstoreAPIKey, "PETSTORE_TOKEN="+petstoreToken)
}

// sourcesServer is the binary with a count of tools/list_changed
// notifications it sent.
type sourcesServer struct {
	*stdioServer
	changed atomic.Int32
}

// startSources starts the binary and counts its list_changed notifications.
func startSources(t *testing.T, env []string, args ...string) *sourcesServer {
	t.Helper()
	s := &sourcesServer{stdioServer: startStdio(t, protocolPinned, env, args...)}
	s.OnNotification(func(n mcp.JSONRPCNotification) {
		if n.Method == mcp.MethodNotificationToolsListChanged {
			s.changed.Add(1)
		}
	})
	// The harness starts the transport itself; Client.Start (a no-op for a
	// started transport) is what routes notifications to the handlers.
	if err := s.Start(context.Background()); err != nil {
		t.Fatalf("client start: %v", err)
	}
	return s
}

// waitChanged waits until the server has sent want list_changed
// notifications in all, then makes one more round trip so that a surplus
// one, written before that answer, would be counted too.
func (s *sourcesServer) waitChanged(t *testing.T, want int32) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for s.changed.Load() < want && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	s.listAll(t)
	if got := s.changed.Load(); got != want {
		t.Fatalf("%d tools/list_changed notifications, want %d", got, want)
	}
}

// listJSON is tools/list as JSON, to compare before and after.
func (s *sourcesServer) listJSON(t *testing.T) string {
	t.Helper()
	b, err := json.Marshal(s.listAll(t))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// toolNames are the names in tools/list that start with prefix.
func (s *sourcesServer) toolNames(t *testing.T, prefix string) []string {
	t.Helper()
	var out []string
	for _, tl := range s.listAll(t) {
		if strings.HasPrefix(tl.Name, prefix) {
			out = append(out, tl.Name)
		}
	}
	slices.Sort(out)
	return out
}

// resultText joins a result's text content.
func resultText(res *mcp.CallToolResult) string {
	var b strings.Builder
	for _, c := range res.Content {
		if tc, ok := c.(mcp.TextContent); ok {
			b.WriteString(tc.Text)
		}
	}
	return b.String()
}

// decodeResult decodes a successful control tool result's JSON text.
func decodeResult(t *testing.T, name string, res *mcp.CallToolResult, v any) {
	t.Helper()
	text := resultText(res)
	if res.IsError {
		t.Fatalf("%s: error result: %s", name, text)
	}
	if err := json.Unmarshal([]byte(text), v); err != nil {
		t.Fatalf("%s: result is not JSON: %v\n%s", name, err, text)
	}
}

// serveDocs serves each file at its URL path on 127.0.0.1 until the test
// ends or the server is closed.
func serveDocs(t *testing.T, files map[string]string) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	for path, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		mux.HandleFunc("GET "+path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/yaml")
			w.Write(data)
		})
	}
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func readDoc(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// exchange is one request that went through the recording proxy.
type exchange struct {
	method, path, query string
	apiKey, auth        string
	contentType         string
	reqBody             string
	status              int
	violations          string
	body                string // Prism's answer, when it is an error
}

// reqBodyKey carries the request body from the proxy's handler to its
// ModifyResponse through the request's context.
type reqBodyKey struct{}

// recordingProxy stands between the server and Prism and records what
// Prism saw and answered, headers included, which tool results don't show.
type recordingProxy struct {
	URL string
	mu  sync.Mutex
	log []exchange
}

func startRecordingProxy(t *testing.T, upstream string) *recordingProxy {
	t.Helper()
	target, err := url.Parse(upstream)
	if err != nil {
		t.Fatal(err)
	}
	p := &recordingProxy{}
	rp := httputil.NewSingleHostReverseProxy(target)
	rp.ModifyResponse = func(resp *http.Response) error {
		req := resp.Request
		e := exchange{
			method:      req.Method,
			path:        req.URL.Path,
			query:       req.URL.RawQuery,
			apiKey:      req.Header.Get("api_key"),
			auth:        req.Header.Get("Authorization"),
			contentType: req.Header.Get("Content-Type"),
			status:      resp.StatusCode,
			violations:  resp.Header.Get("sl-violations"),
		}
		e.reqBody, _ = req.Context().Value(reqBodyKey{}).(string)
		if resp.StatusCode >= 400 {
			body, err := httputil.DumpResponse(resp, true)
			if err == nil {
				e.body = string(body)
			}
		}
		p.mu.Lock()
		p.log = append(p.log, e)
		p.mu.Unlock()
		return nil
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		rp.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), reqBodyKey{}, string(body))))
	}))
	t.Cleanup(srv.Close)
	p.URL = srv.URL
	return p
}

func (p *recordingProxy) take() []exchange {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := p.log
	p.log = nil
	return out
}

// petstoreCall is one call of a Petstore operation with arguments the
// document accepts, and the scheme whose credential must reach the API.
type petstoreCall struct {
	op     string // tool name without the namespace
	method string
	path   string
	args   map[string]any
	auth   string // "api_key", "petstore_auth", "either" or "" (none declared)
}

var petstoreUser = map[string]any{
	"id": 10, "username": "theUser", "firstName": "John", "lastName": "James",
	"email": "john@email.com", "password": "12345", "phone": "12345", "userStatus": 1,
}

var petstorePet = map[string]any{
	"id": 10, "name": "doggie", "photoUrls": []any{"https://example.com/doggie.png"},
	"status": "available", "category": map[string]any{"id": 1, "name": "Dogs"},
	"tags": []any{map[string]any{"id": 1, "name": "friendly"}},
}

// petstoreCalls covers all 19 operations of the Petstore once.
var petstoreCalls = []petstoreCall{
	{"add_pet", "POST", "/pet", petstorePet, "petstore_auth"},
	{"update_pet", "PUT", "/pet", petstorePet, "petstore_auth"},
	{"find_pets_by_status", "GET", "/pet/findByStatus", map[string]any{"status": "sold"}, "petstore_auth"},
	{"find_pets_by_tags", "GET", "/pet/findByTags", map[string]any{"tags": []any{"friendly", "small"}}, "petstore_auth"},
	{"get_pet_by_id", "GET", "/pet/10", map[string]any{"petId": 10}, "either"},
	{"update_pet_with_form", "POST", "/pet/10", map[string]any{"petId": 10, "name": "doggie", "status": "sold"}, "petstore_auth"},
	{"delete_pet", "DELETE", "/pet/10", map[string]any{"petId": 10}, "petstore_auth"},
	{"upload_file", "POST", "/pet/10/uploadImage", map[string]any{"petId": 10, "additionalMetadata": "front view", "body": "front view, \"raw\" é\n"}, "petstore_auth"},
	{"get_inventory", "GET", "/store/inventory", map[string]any{}, "api_key"},
	{"place_order", "POST", "/store/order", map[string]any{"id": 10, "petId": 198772, "quantity": 7, "shipDate": "2026-11-26T06:00:00Z", "status": "approved", "complete": true}, ""},
	{"get_order_by_id", "GET", "/store/order/10", map[string]any{"orderId": 10}, ""},
	{"delete_order", "DELETE", "/store/order/10", map[string]any{"orderId": 10}, ""},
	{"create_user", "POST", "/user", petstoreUser, ""},
	{"create_users_with_list_input", "POST", "/user/createWithList", map[string]any{"body": []any{petstoreUser}}, ""},
	{"login_user", "GET", "/user/login", map[string]any{"username": "theUser", "password": "12345"}, ""},
	{"logout_user", "GET", "/user/logout", map[string]any{}, ""},
	{"get_user_by_name", "GET", "/user/user1", map[string]any{"username": "user1"}, ""},
	{"update_user", "PUT", "/user/theUser", map[string]any{"username": "theUser", "body": petstoreUser}, ""},
	{"delete_user", "DELETE", "/user/theUser", map[string]any{"username": "theUser"}, ""},
}

// wantPetstoreTools are the compact names of the 19 tools under ns.
func wantPetstoreTools(ns string) []string {
	var out []string
	for _, c := range petstoreCalls {
		out = append(out, ns+"_"+c.op)
	}
	slices.Sort(out)
	return out
}

// noSecrets fails when a result's text holds a Petstore secret.
func noSecrets(t *testing.T, name string, res *mcp.CallToolResult) {
	t.Helper()
	b, _ := json.Marshal(res)
	for _, s := range []string{petstoreAPIKey, petstoreToken} {
		if strings.Contains(resultText(res), s) || strings.Contains(string(b), s) {
			t.Errorf("%s: the result shows a secret", name)
		}
	}
}

// addPetstore adds the Petstore document spec under ns with calls going to
// baseURL, and checks the answer and the single list_changed.
func addPetstore(t *testing.T, srv *sourcesServer, ns, spec, baseURL string) {
	t.Helper()
	before := srv.changed.Load()
	res := srv.call(t, "openapi_add_source", map[string]any{
		"namespace": ns, "spec": spec, "baseUrl": baseURL, "auth": petstoreAuth,
	})
	noSecrets(t, "openapi_add_source", res)
	var added struct {
		Namespace string   `json:"namespace"`
		ToolCount int      `json:"toolCount"`
		Tools     []string `json:"tools"`
		Warnings  []string `json:"warnings"`
	}
	decodeResult(t, "openapi_add_source", res, &added)
	if added.Namespace != ns || added.ToolCount != 19 || len(added.Tools) != 19 {
		t.Fatalf("addSource answered %+v, want namespace %s and 19 tools", added, ns)
	}
	if len(added.Warnings) > 0 {
		t.Errorf("addSource warnings: %q", added.Warnings)
	}
	srv.waitChanged(t, before+1)
	if got, want := srv.toolNames(t, ns+"_"), wantPetstoreTools(ns); !slices.Equal(got, want) {
		t.Fatalf("tools/list has %q, want %q", got, want)
	}
}

// callPetstore calls each of the 19 operations once and checks, through
// the proxy, that Prism saw the credentials and found nothing to object to.
func callPetstore(t *testing.T, srv *sourcesServer, ns string, proxy *recordingProxy) {
	t.Helper()
	proxy.take()
	for _, c := range petstoreCalls {
		name := ns + "_" + c.op
		res := srv.call(t, name, c.args)
		noSecrets(t, name, res)
		if res.IsError {
			t.Errorf("%s: error result: %s", name, resultText(res))
		}
		log := proxy.take()
		if len(log) != 1 {
			t.Errorf("%s: %d requests reached Prism, want 1", name, len(log))
			continue
		}
		e := log[0]
		if e.method != c.method || e.path != c.path {
			t.Errorf("%s: Prism saw %s %s, want %s %s", name, e.method, e.path, c.method, c.path)
		}
		if e.status >= 400 || e.violations != "" {
			t.Errorf("%s: Prism answered %d, sl-violations %q\n%s", name, e.status, e.violations, e.body)
		}
		switch c.op {
		case "upload_file":
			if e.contentType != "application/octet-stream" || e.reqBody != c.args["body"] {
				t.Errorf("%s: Prism got %q as %s, want the raw bytes %q", name, e.reqBody, e.contentType, c.args["body"])
			}
		case "create_users_with_list_input":
			var users []map[string]any
			if err := json.Unmarshal([]byte(e.reqBody), &users); err != nil || len(users) != 1 || users[0]["username"] != "theUser" {
				t.Errorf("%s: Prism got %q, want a JSON array of one user", name, e.reqBody)
			}
		}
		keyOK := e.apiKey == petstoreAPIKey
		tokenOK := e.auth == "Bearer "+petstoreToken
		switch c.auth {
		case "api_key":
			if !keyOK {
				t.Errorf("%s: the api_key header did not reach Prism", name)
			}
		case "petstore_auth":
			if !tokenOK {
				t.Errorf("%s: the Bearer token did not reach Prism", name)
			}
		case "either":
			if !keyOK && !tokenOK {
				t.Errorf("%s: neither the api_key header nor the Bearer token reached Prism", name)
			}
		default:
			if e.apiKey != "" || e.auth != "" {
				t.Errorf("%s declares no security, but credentials were sent", name)
			}
		}
	}
	if t.Failed() {
		t.FailNow()
	}
}

// checkProxyCatches shows that the checks of callPetstore can fail:
// requests that break the document, sent straight through the proxy, are
// recorded as Prism's 4xx answers.
func checkProxyCatches(t *testing.T, proxy *recordingProxy) {
	t.Helper()
	proxy.take()
	for _, tc := range []struct{ what, method, path, body string }{
		{"a pet without its required name and photoUrls", "POST", "/pet", `{"id": 1}`},
		{"the inventory without the api_key", "GET", "/store/inventory", ""},
	} {
		req, err := http.NewRequest(tc.method, proxy.URL+tc.path, strings.NewReader(tc.body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		if tc.path == "/pet" {
			req.Header.Set("Authorization", "Bearer "+petstoreToken)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		log := proxy.take()
		if len(log) != 1 || log[0].status < 400 {
			t.Errorf("%s: the proxy recorded %+v, want one 4xx answer", tc.what, log)
		}
	}
}

// stateFiles lists every file under dir.
func stateFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, path)
		}
		return nil
	})
	return out
}

func TestSourcesPreview(t *testing.T) {
	t.Parallel()
	state := t.TempDir()
	docs := serveDocs(t, map[string]string{"/petstore.yaml": petstoreYAML})
	srv := startSources(t, petstoreEnv(t), "--state-dir", state)
	before := srv.listJSON(t)

	for _, tc := range []struct{ name, spec, origin string }{
		{"text", readDoc(t, petstoreYAML), "inline"},
		{"url", docs.URL + "/petstore.yaml", docs.URL + "/petstore.yaml"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := srv.call(t, "openapi_preview_spec", map[string]any{"spec": tc.spec, "namespace": "petstore"})
			var p struct {
				Namespace       string `json:"namespace"`
				Origin          string `json:"origin"`
				Title           string `json:"title"`
				Version         string `json:"version"`
				Servers         []struct{ URL string }
				SecuritySchemes []struct {
					Name, Type, In, Param string
				} `json:"securitySchemes"`
				OperationCount int `json:"operationCount"`
				ToolCount      int `json:"toolCount"`
				Tools          []struct {
					Name, Path, Title, Method, HTTPPath string
					Required                            []string
				} `json:"tools"`
				ToolsListBytes int `json:"toolsListBytes"`
				DocumentBytes  int `json:"documentBytes"`
			}
			decodeResult(t, "openapi_preview_spec", res, &p)
			if p.Namespace != "petstore" || p.Origin != tc.origin {
				t.Errorf("namespace %q origin %q, want petstore and %q", p.Namespace, p.Origin, tc.origin)
			}
			if p.Title != "Swagger Petstore - OpenAPI 3.0" || p.Version == "" {
				t.Errorf("title %q version %q", p.Title, p.Version)
			}
			if len(p.Servers) != 1 || p.Servers[0].URL != "https://petstore3.swagger.io/api/v3" {
				t.Errorf("servers %+v", p.Servers)
			}
			schemes := map[string]string{}
			for _, s := range p.SecuritySchemes {
				schemes[s.Name] = s.Type + " " + s.In + " " + s.Param
			}
			if schemes["api_key"] != "apiKey header api_key" || schemes["petstore_auth"] != "oauth2  " || len(schemes) != 2 {
				t.Errorf("security schemes %q", schemes)
			}
			if p.OperationCount != 19 || p.ToolCount != 19 || len(p.Tools) != 19 {
				t.Fatalf("%d operations, %d tools, %d planned; want 19", p.OperationCount, p.ToolCount, len(p.Tools))
			}
			var names []string
			plan := map[string]string{}
			for _, tl := range p.Tools {
				names = append(names, tl.Name)
				plan[tl.Name] = tl.Path + " " + tl.Method + " " + tl.HTTPPath + " " + strings.Join(tl.Required, ",")
			}
			slices.Sort(names)
			if want := wantPetstoreTools("petstore"); !slices.Equal(names, want) {
				t.Errorf("planned names %q, want %q", names, want)
			}
			for name, want := range map[string]string{
				"petstore_add_pet":       "petstore.pet.addPet POST /pet name,photoUrls",
				"petstore_get_pet_by_id": "petstore.pet.getPetById GET /pet/{petId} petId",
				"petstore_upload_file":   "petstore.pet.uploadFile POST /pet/{petId}/uploadImage petId",
				"petstore_get_inventory": "petstore.store.getInventory GET /store/inventory ",
				"petstore_login_user":    "petstore.user.loginUser GET /user/login ",
			} {
				if plan[name] != want {
					t.Errorf("%s planned as %q, want %q", name, plan[name], want)
				}
			}
			if p.ToolsListBytes <= 0 || p.DocumentBytes != len(readDoc(t, petstoreYAML)) {
				t.Errorf("toolsListBytes %d, documentBytes %d", p.ToolsListBytes, p.DocumentBytes)
			}
		})
	}

	if after := srv.listJSON(t); after != before {
		t.Error("tools/list changed after previewSpec")
	}
	if n := srv.changed.Load(); n != 0 {
		t.Errorf("previewSpec sent %d tools/list_changed", n)
	}
	if files := stateFiles(t, state); len(files) > 0 {
		t.Errorf("previewSpec wrote %q", files)
	}
}

func TestSourcesPetstoreCalls(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, ns, doc string }{
		{"openapi3", "petstore", petstoreYAML},
		{"swagger2", "petstore2", petstoreSwagger2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			proxy := startRecordingProxy(t, peers.StartPrism(t, tc.doc))
			srv := startSources(t, petstoreEnv(t), "--state-dir", t.TempDir())
			addPetstore(t, srv, tc.ns, readDoc(t, tc.doc), proxy.URL)
			callPetstore(t, srv, tc.ns, proxy)

			checkProxyCatches(t, proxy)

			res := srv.call(t, "openapi_list_sources", map[string]any{})
			noSecrets(t, "openapi_list_sources", res)
			if !strings.Contains(resultText(res), "PETSTORE_TOKEN") {
				t.Errorf("listSources does not name the token's variable: %s", resultText(res))
			}
		})
	}
}

// runTools runs `cognito-mcp tools --json` with args and returns the tool
// names of source ns.
func runTools(t *testing.T, env []string, ns string, args ...string) []string {
	t.Helper()
	cmd := exec.Command(binPath, append([]string{"tools", "--json"}, args...)...)
	cmd.Env = env
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("cognito-mcp tools: %v", err)
	}
	var entries []listing.Row
	if err := json.Unmarshal(out, &entries); err != nil {
		t.Fatalf("cognito-mcp tools --json: %v", err)
	}
	var names []string
	for _, e := range entries {
		if e.Source == ns {
			names = append(names, e.Name)
		}
	}
	slices.Sort(names)
	return names
}

func TestSourcesRestart(t *testing.T) {
	t.Parallel()
	state := t.TempDir()
	env := petstoreEnv(t)
	proxy := startRecordingProxy(t, peers.StartPrism(t, petstoreYAML))
	docs := serveDocs(t, map[string]string{"/petstore.yaml": petstoreYAML})

	first := startSources(t, env, "--state-dir", state)
	addPetstore(t, first, "petstore", docs.URL+"/petstore.yaml", proxy.URL)
	first.Close()
	docs.Close() // the restart must not need the network

	if got, want := runTools(t, env, "petstore", "--state-dir", state), wantPetstoreTools("petstore"); !slices.Equal(got, want) {
		t.Errorf("cognito-mcp tools lists %q, want %q", got, want)
	}

	second := startSources(t, env, "--state-dir", state)
	if got, want := second.toolNames(t, "petstore_"), wantPetstoreTools("petstore"); !slices.Equal(got, want) {
		t.Fatalf("after a restart tools/list has %q, want %q", got, want)
	}
	callPetstore(t, second, "petstore", proxy)

	res := second.call(t, "openapi_remove_source", map[string]any{"namespace": "petstore"})
	if res.IsError {
		t.Fatalf("removeSource: %s", resultText(res))
	}
	second.waitChanged(t, 1)
	if got := second.toolNames(t, "petstore_"); len(got) > 0 {
		t.Fatalf("after removeSource tools/list still has %q", got)
	}
	second.Close()

	third := startSources(t, env, "--state-dir", state)
	if got := third.toolNames(t, "petstore_"); len(got) > 0 {
		t.Errorf("after removeSource and a restart tools/list has %q", got)
	}
	if got := runTools(t, env, "petstore", "--state-dir", state); len(got) > 0 {
		t.Errorf("after removeSource cognito-mcp tools lists %q", got)
	}
}

// Small documents for the bad-input cases.
const (
	tinyDoc = `openapi: 3.0.3
info: {title: Tiny, version: "1"}
servers: [{url: "http://127.0.0.1:1"}]
paths:
  /ping:
    get:
      operationId: ping
      responses: {"200": {description: ok}}
`
	brokenYAML = `openapi: 3.0.3
info: {title: Broken, version: "1"
paths:
  /ping: [get:
`
	danglingRef = `openapi: 3.0.3
info: {title: Dangling, version: "1"}
servers: [{url: "http://127.0.0.1:1"}]
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Missing"}
`
	externalRef = `openapi: 3.0.3
info: {title: External, version: "1"}
servers: [{url: "http://127.0.0.1:1"}]
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "missing.yaml#/Pet"}
`
)

// closedURL is an http URL on 127.0.0.1 where nothing listens.
func closedURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr + "/petstore.yaml"
}

func TestSourcesBadInputs(t *testing.T) {
	t.Parallel()
	state := t.TempDir()
	local := t.TempDir()
	localDoc := filepath.Join(local, "petstore.yaml")
	if err := os.WriteFile(localDoc, []byte(readDoc(t, petstoreYAML)), 0o600); err != nil {
		t.Fatal(err)
	}
	externalDoc := filepath.Join(local, "external.yaml")
	if err := os.WriteFile(externalDoc, []byte(externalRef), 0o600); err != nil {
		t.Fatal(err)
	}
	docs := serveDocs(t, map[string]string{"/petstore.yaml": petstoreYAML, "/external.yaml": externalDoc})
	// The Petstore is larger than 4096 bytes; the small documents fit.
	srv := startSources(t, petstoreEnv(t), "--state-dir", state, "--max-spec-bytes", "4096")

	res := srv.call(t, "openapi_add_source", map[string]any{"namespace": "tiny", "spec": tinyDoc})
	if res.IsError {
		t.Fatalf("add the tiny source: %s", resultText(res))
	}
	srv.waitChanged(t, 1)
	listBefore := srv.listJSON(t)
	sourcesBefore := resultText(srv.call(t, "openapi_list_sources", map[string]any{}))
	stateBefore := readDoc(t, filepath.Join(state, "sources.json"))

	tests := []struct {
		name, namespace, spec string
		want                  []string // all in the error text
		doc                   bool     // a problem of the document: previewSpec refuses it too
	}{
		{"not a document", "hello", "hello", []string{"not an OpenAPI document"}, true},
		{"broken YAML", "broken", brokenYAML, []string{"parse YAML", "line 3"}, true},
		{"unresolvable internal ref", "dangling", danglingRef, []string{"#/components/schemas/Missing"}, true},
		{"unresolvable external ref", "external", docs.URL + "/external.yaml", []string{"missing.yaml", "HTTP 404"}, true},
		{"duplicate namespace", "tiny", tinyDoc, []string{`"tiny" already exists`, "replace: true"}, false},
		{"invalid namespace", "Pet_Store", tinyDoc, []string{`"Pet_Store" is not valid`}, false},
		{"reserved namespace openapi", "openapi", tinyDoc, []string{`"openapi" is reserved`}, false},
		{"reserved namespace cognito", "cognito", tinyDoc, []string{`"cognito" is reserved`}, false},
		{"unreachable URL", "gone", closedURL(t), []string{"connection refused", "reachable"}, true},
		{"oversized document by URL", "big", docs.URL + "/petstore.yaml", []string{"larger than the 4096-byte limit"}, true},
		{"oversized document as text", "big", readDoc(t, petstoreYAML), []string{"larger than the 4096-byte limit"}, true},
		{"file URL without allow-dir", "local", "file://" + localDoc, []string{"refused", "allow-dir"}, true},
		{"local path without allow-dir", "local", localDoc, []string{"refused", "allow-dir"}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := srv.call(t, "openapi_add_source", map[string]any{"namespace": tc.namespace, "spec": tc.spec})
			text := resultText(res)
			if !res.IsError {
				t.Fatalf("addSource succeeded: %s", text)
			}
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("error %q does not say %q", text, w)
				}
			}
			if tc.doc {
				res := srv.call(t, "openapi_preview_spec", map[string]any{"spec": tc.spec})
				if text := resultText(res); !res.IsError || !strings.Contains(text, tc.want[0]) {
					t.Errorf("previewSpec answered (error %v) %s", res.IsError, text)
				}
			}
			if srv.listJSON(t) != listBefore {
				t.Error("tools/list changed")
			}
			if got := resultText(srv.call(t, "openapi_list_sources", map[string]any{})); got != sourcesBefore {
				t.Errorf("listSources changed:\n%s\nwant\n%s", got, sourcesBefore)
			}
			if got := readDoc(t, filepath.Join(state, "sources.json")); got != stateBefore {
				t.Error("the state file changed")
			}
			if n := srv.changed.Load(); n != 1 {
				t.Errorf("%d tools/list_changed in all, want only the tiny source's", n)
			}
		})
	}

	t.Run("remove the embedded source", func(t *testing.T) {
		res := srv.call(t, "openapi_remove_source", map[string]any{"namespace": "cognito"})
		if text := resultText(res); !res.IsError || !strings.Contains(text, "cannot be removed") {
			t.Errorf("removeSource cognito answered (error %v) %s", res.IsError, text)
		}
		if srv.listJSON(t) != listBefore || srv.changed.Load() != 1 {
			t.Error("removing the embedded source changed tools/list")
		}
	})

	t.Run("allowed directory", func(t *testing.T) {
		srv := startSources(t, petstoreEnv(t), "--state-dir", t.TempDir(), "--allow-dir", local)
		for i, spec := range []string{localDoc, "file://" + localDoc} {
			ns := []string{"petstore", "petstorefile"}[i]
			res := srv.call(t, "openapi_add_source", map[string]any{"namespace": ns, "spec": spec})
			if res.IsError {
				t.Fatalf("addSource %s with --allow-dir: %s", spec, resultText(res))
			}
			srv.waitChanged(t, int32(i+1))
			if got, want := srv.toolNames(t, ns+"_"), wantPetstoreTools(ns); !slices.Equal(got, want) {
				t.Errorf("tools/list has %q, want %q", got, want)
			}
		}
		res := srv.call(t, "openapi_add_source", map[string]any{"namespace": "outside", "spec": filepath.Join(state, "x.yaml")})
		if !res.IsError || !strings.Contains(resultText(res), "refused") {
			t.Errorf("a file outside the allowed directory: %s", resultText(res))
		}
	})
}
