package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cognito-mcp/cognito-mcp/internal/peers"
)

// The interop tests drive the built binary with the official MCP TypeScript
// client (interop/client.mjs, @modelcontextprotocol/sdk pinned in
// package-lock.json) against cognito-local, over stdio, the HTTP+SSE
// transport and Streamable HTTP.

const (
	// interopPageSize makes tools/list paginate: 133 tools come in 6 pages.
	interopPageSize = 25
	// cognitoToolCount and controlToolCount make up the default catalog.
	cognitoToolCount = 129
	controlToolCount = 4
	// petstoreToolCount is the number of operations in the Petstore document.
	petstoreToolCount = 19
	// httpStartTimeout bounds how long the HTTP server may take to answer
	// /healthz; httpStopTimeout how long it may take to exit on SIGTERM.
	httpStartTimeout = 30 * time.Second
	httpStopTimeout  = 30 * time.Second
)

// interopPeer is a cognito-local and the server arguments and environment
// that point the binary at it.
type interopPeer struct {
	endpoint string
	args     []string // --endpoint-url, --region, --page-size
}

func startInteropPeer(t *testing.T) interopPeer {
	t.Helper()
	endpoint := peers.StartCognitoLocal(t)
	return interopPeer{
		endpoint: endpoint,
		args: []string{
			"--endpoint-url", endpoint,
			"--region", "us-east-1",
			"--page-size", fmt.Sprint(interopPageSize),
		},
	}
}

// env is the server's environment: baseEnv with dummy credentials, which
// cognito-local accepts without checking the signature.
func (p interopPeer) env(t *testing.T, overrides ...string) []string {
	t.Helper()
	return baseEnv(t, append([]string{
		"AWS_ACCESS_KEY_ID=AKIDINTEROPTEST0000",
		"AWS_SECRET_ACCESS_KEY=interop-test-secret-not-real",
	}, overrides...)...)
}

// clientEnv is env for the client, whose environment a stdio server
// inherits. RunMCPClient adds env to this process's environment, so the
// variables baseEnv dropped are set empty, which both the server and the AWS
// SDK read as unset.
func clientEnv(env []string) []string {
	set := map[string]bool{}
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		set[k] = true
	}
	out := slices.Clone(env)
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); !set[k] {
			if strings.HasPrefix(k, "AWS_") || strings.HasPrefix(k, "COGNITO_MCP_") {
				out = append(out, k+"=")
			}
		}
	}
	return out
}

// httpBinary is the built binary serving HTTP on a free loopback port.
type httpBinary struct {
	base string // http://127.0.0.1:PORT
	out  *syncBuffer
	pid  int
}

// startHTTPBinary runs the binary with --http on a free 127.0.0.1 port until
// the test ends, and waits until /healthz answers. At cleanup it sends
// SIGTERM and fails the test unless the server exits 0 (graceful shutdown).
func startHTTPBinary(t testing.TB, env []string, args ...string) *httpBinary {
	t.Helper()
	for attempt := 1; ; attempt++ {
		addr := freeLoopbackAddr(t)
		cmd := exec.Command(binPath, append([]string{"--http", addr}, args...)...)
		cmd.Env = env
		out := &syncBuffer{}
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			t.Fatalf("start %s: %v", binPath, err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		srv := &httpBinary{base: "http://" + addr, out: out, pid: cmd.Process.Pid}
		err := srv.waitHealthy(done)
		if err == nil {
			t.Cleanup(func() { srv.stop(t, cmd, done) })
			return srv
		}
		_ = cmd.Process.Kill()
		<-done
		// Someone took the port between choosing and binding it: try another.
		if attempt < 3 && strings.Contains(out.String(), "address already in use") {
			continue
		}
		t.Fatalf("start %s --http %s: %v\noutput:\n%s", binPath, addr, err, out.String())
	}
}

// freeLoopbackAddr asks the kernel for a free port on 127.0.0.1 and releases
// it for the server to bind.
func freeLoopbackAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("find a free port on 127.0.0.1: %v", err)
	}
	defer l.Close()
	return l.Addr().String()
}

// waitHealthy polls GET /healthz until it answers 200, the process exits or
// httpStartTimeout passes.
func (s *httpBinary) waitHealthy(done <-chan error) error {
	ctx, cancel := context.WithTimeout(context.Background(), httpStartTimeout)
	defer cancel()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.base+"/healthz", nil)
		if err != nil {
			return err
		}
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case err := <-done:
			return fmt.Errorf("exited before answering /healthz: %v", err)
		case <-ctx.Done():
			return fmt.Errorf("/healthz did not answer within %v", httpStartTimeout)
		case <-tick.C:
		}
	}
}

// stop sends SIGTERM and checks that the server exits 0 in time.
func (s *httpBinary) stop(t testing.TB, cmd *exec.Cmd, done <-chan error) {
	t.Helper()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Errorf("send SIGTERM to the HTTP server: %v", err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("HTTP server on SIGTERM: %v, want exit status 0\noutput:\n%s", err, s.out.String())
		}
	case <-time.After(httpStopTimeout):
		_ = cmd.Process.Kill()
		<-done
		t.Errorf("HTTP server still running %v after SIGTERM\noutput:\n%s", httpStopTimeout, s.out.String())
	}
	if t.Failed() {
		t.Logf("HTTP server output:\n%s", s.out.String())
	}
}

// callResult is the part of a CallToolResult the tests read.
type callResult struct {
	IsError           bool           `json:"isError"`
	StructuredContent map[string]any `json:"structuredContent"`
	Content           []struct {
		Type string `json:"type"`
		Text string `json:"text"`
	} `json:"content"`
}

// decodeCall checks that a call went through and the tool succeeded, and
// returns its result.
func decodeCall(t *testing.T, got peers.ClientCallResult) callResult {
	t.Helper()
	if !got.OK {
		t.Fatalf("%s: the client threw: %s", got.Name, got.Error)
	}
	var res callResult
	if err := json.Unmarshal(got.Result, &res); err != nil {
		t.Fatalf("%s: result is not a CallToolResult: %v\n%s", got.Name, err, got.Result)
	}
	if res.IsError {
		text := ""
		if len(res.Content) > 0 {
			text = res.Content[0].Text
		}
		t.Fatalf("%s: tool error: %s", got.Name, text)
	}
	if res.StructuredContent == nil {
		t.Fatalf("%s: no structuredContent: %s", got.Name, got.Result)
	}
	return res
}

// poolNames are the Name of every pool in a ListUserPools result.
func poolNames(res callResult) []string {
	var names []string
	pools, _ := res.StructuredContent["UserPools"].([]any)
	for _, p := range pools {
		if m, ok := p.(map[string]any); ok {
			name, _ := m["Name"].(string)
			names = append(names, name)
		}
	}
	return names
}

// checkHandshake checks what every run sees first: the negotiated version,
// the server's name and the whole paginated tool list.
func checkHandshake(t *testing.T, got peers.ClientResult) {
	t.Helper()
	if got.ProtocolVersion != protocolPinned {
		t.Errorf("protocol version %q, want %q", got.ProtocolVersion, protocolPinned)
	}
	if got.ServerInfo["name"] != "cognito-mcp" {
		t.Errorf("serverInfo %v, want name cognito-mcp", got.ServerInfo)
	}
	wantCount := cognitoToolCount + controlToolCount
	wantPages := (wantCount + interopPageSize - 1) / interopPageSize
	if got.Tools == nil {
		t.Fatal("no tools/list result")
	}
	if got.Tools.Count != wantCount || got.Tools.Pages != wantPages {
		t.Errorf("tools/list: %d tools in %d pages, want %d in %d", got.Tools.Count, got.Tools.Pages, wantCount, wantPages)
	}
}

// petstoreSpec is the Petstore document's text, for openapi_add_source.
func petstoreSpec(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "openapi", "testdata", "petstore.openapi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// addPetstoreCall adds the Petstore as a source; its base URL is never called.
func addPetstoreCall(t *testing.T) peers.ClientCall {
	return peers.ClientCall{
		Name: "openapi_add_source",
		Arguments: map[string]any{
			"spec":      petstoreSpec(t),
			"namespace": "petstore",
			"baseUrl":   "http://127.0.0.1:9",
		},
		WaitListChanged: true,
		ListAfter:       true,
	}
}

// transportArgs is the RunMCPClient transport for name: the stdio binary, or
// an HTTP server started for the test.
func transportArgs(t *testing.T, name string, env []string, args ...string) []string {
	t.Helper()
	switch name {
	case "stdio":
		return append([]string{"stdio", binPath}, args...)
	case "sse", "http":
		return startHTTPBinary(t, env, args...).transport(name)
	}
	t.Fatalf("unknown transport %q", name)
	return nil
}

// transport is the RunMCPClient transport for the server's endpoint of
// name: "sse" (/sse) or "http" (Streamable HTTP, /mcp).
func (s *httpBinary) transport(name string) []string {
	if name == "sse" {
		return []string{"sse", s.base + "/sse"}
	}
	return []string{"http", s.base + "/mcp"}
}

// runClient runs the TypeScript client and logs how long the run took.
func runClient(t *testing.T, scenario peers.ClientScenario, transport ...string) peers.ClientResult {
	t.Helper()
	start := time.Now()
	got := peers.RunMCPClient(t, scenario, transport...)
	t.Logf("MCP TypeScript client over %s: %v", transport[0], time.Since(start).Round(time.Millisecond))
	return got
}

// TestInteropTransports is issue 5's interop check: over stdio, SSE and
// stateful Streamable HTTP the official client initializes, lists every tool
// across pages, calls Cognito tools against cognito-local (validating
// structuredContent against the output schemas), adds a source and gets
// notifications/tools/list_changed, then sees the new tools.
func TestInteropTransports(t *testing.T) {
	peer := startInteropPeer(t)
	for _, name := range []string{"stdio", "sse", "http"} {
		t.Run(name, func(t *testing.T) {
			env := peer.env(t)
			pool := "interop-" + name
			scenario := peers.ClientScenario{
				Env: clientEnv(env),
				Calls: []peers.ClientCall{
					{Name: "cognito_create_user_pool", Arguments: map[string]any{"PoolName": pool}},
					{Name: "cognito_list_user_pools", Arguments: map[string]any{"MaxResults": 10}},
					addPetstoreCall(t),
				},
			}
			got := runClient(t, scenario, transportArgs(t, name, env, peer.args...)...)
			if len(got.Errors) > 0 {
				t.Fatalf("client errors: %q", got.Errors)
			}
			checkHandshake(t, got)
			if len(got.Calls) != 3 {
				t.Fatalf("%d calls, want 3", len(got.Calls))
			}

			created := decodeCall(t, got.Calls[0])
			up, _ := created.StructuredContent["UserPool"].(map[string]any)
			if up["Name"] != pool || up["Id"] == nil {
				t.Errorf("create_user_pool: UserPool %v, want Name %q and an Id", up, pool)
			}
			if names := poolNames(decodeCall(t, got.Calls[1])); !slices.Contains(names, pool) {
				t.Errorf("list_user_pools: pools %q, want %q among them", names, pool)
			}

			add := got.Calls[2]
			decodeCall(t, add)
			if !add.ListChanged {
				t.Error("openapi_add_source: no notifications/tools/list_changed")
			}
			want := cognitoToolCount + controlToolCount + petstoreToolCount
			if add.ToolsAfter == nil || add.ToolsAfter.Count != want {
				t.Fatalf("tools after openapi_add_source: %+v, want %d", add.ToolsAfter, want)
			}
			petstore := 0
			for _, n := range add.ToolsAfter.Names {
				if strings.HasPrefix(n, "petstore_") {
					petstore++
				}
			}
			if petstore != petstoreToolCount {
				t.Errorf("%d petstore_ tools after openapi_add_source, want %d", petstore, petstoreToolCount)
			}
		})
	}
}

// TestInteropSearchMode runs the official client against --catalog search
// over stdio and Streamable HTTP: it lists the control tools and the three
// meta-tools, searches (checking structuredContent against the search
// tool's output schema), describes, and calls Cognito operations through
// openapi_call_tool against cognito-local; adding a source leaves
// tools/list as it was.
func TestInteropSearchMode(t *testing.T) {
	peer := startInteropPeer(t)
	for _, name := range []string{"stdio", "http"} {
		t.Run(name, func(t *testing.T) {
			env := peer.env(t)
			pool := "interop-search-" + name
			add := addPetstoreCall(t)
			add.WaitListChanged = false
			scenario := peers.ClientScenario{
				Env: clientEnv(env),
				Calls: []peers.ClientCall{
					{Name: "openapi_search_tools", Arguments: map[string]any{"query": "create a user pool", "limit": 3}},
					{Name: "openapi_describe_tool", Arguments: map[string]any{"name": "cognito_list_user_pools"}},
					{Name: "openapi_call_tool", Arguments: map[string]any{"name": "cognito_create_user_pool", "arguments": map[string]any{"PoolName": pool}}},
					{Name: "openapi_call_tool", Arguments: map[string]any{"name": "cognito_list_user_pools", "arguments": map[string]any{"MaxResults": 10}}},
					add,
					{Name: "openapi_search_tools", Arguments: map[string]any{"query": "find pets by status", "source": "petstore", "limit": 3}},
				},
			}
			got := runClient(t, scenario, transportArgs(t, name, env, append(peer.args, "--catalog", "search")...)...)
			if len(got.Errors) > 0 {
				t.Fatalf("client errors: %q", got.Errors)
			}
			if got.Tools == nil || got.Tools.Count != len(searchModeTools) || !slices.Equal(got.Tools.Names, searchModeTools) {
				t.Fatalf("tools/list %+v, want %v", got.Tools, searchModeTools)
			}
			if !strings.Contains(got.Instructions, "openapi_search_tools") {
				t.Errorf("instructions %q do not say how to search", got.Instructions)
			}
			if len(got.Calls) != 6 {
				t.Fatalf("%d calls, want 6", len(got.Calls))
			}
			found := decodeCall(t, got.Calls[0])
			if names := searchHitNames(found); !slices.Contains(names, "cognito_create_user_pool") {
				t.Errorf("search: %v, want cognito_create_user_pool", names)
			}
			if d := decodeCall(t, got.Calls[1]); d.StructuredContent["name"] != "cognito_list_user_pools" || d.StructuredContent["inputSchema"] == nil {
				t.Errorf("describe: %v", d.StructuredContent)
			}
			created := decodeCall(t, got.Calls[2])
			if up, _ := created.StructuredContent["UserPool"].(map[string]any); up["Name"] != pool || up["Id"] == nil {
				t.Errorf("create_user_pool through callTool: %v", created.StructuredContent)
			}
			if names := poolNames(decodeCall(t, got.Calls[3])); !slices.Contains(names, pool) {
				t.Errorf("list_user_pools through callTool: pools %q, want %q among them", names, pool)
			}
			decodeCall(t, got.Calls[4])
			if after := got.Calls[4].ToolsAfter; after == nil || !slices.Equal(after.Names, searchModeTools) {
				t.Errorf("tools after openapi_add_source: %+v, want %v", after, searchModeTools)
			}
			if names := searchHitNames(decodeCall(t, got.Calls[5])); !slices.Contains(names, "petstore_find_pets_by_status") {
				t.Errorf("search after add: %v, want petstore_find_pets_by_status", names)
			}
		})
	}
}

// searchHitNames are the tool names of an openapi_search_tools result.
func searchHitNames(res callResult) []string {
	var names []string
	hits, _ := res.StructuredContent["tools"].([]any)
	for _, h := range hits {
		if m, ok := h.(map[string]any); ok {
			name, _ := m["name"].(string)
			names = append(names, name)
		}
	}
	return names
}

// TestInteropStateless runs the client against --stateless Streamable HTTP:
// every request stands alone, so it initializes, lists and calls, but the
// server has no session to send notifications on. A source added there is
// in the next tools/list, yet no notifications/tools/list_changed arrives.
func TestInteropStateless(t *testing.T) {
	peer := startInteropPeer(t)
	env := peer.env(t)
	scenario := peers.ClientScenario{
		Calls: []peers.ClientCall{
			{Name: "cognito_create_user_pool", Arguments: map[string]any{"PoolName": "interop-stateless"}},
			{Name: "cognito_list_user_pools", Arguments: map[string]any{"MaxResults": 10}},
			{Name: "openapi_add_source", Arguments: addPetstoreCall(t).Arguments, ListAfter: true},
		},
	}
	got := runClient(t, scenario, transportArgs(t, "http", env, append(peer.args, "--stateless")...)...)
	if len(got.Errors) > 0 {
		t.Fatalf("client errors: %q", got.Errors)
	}
	checkHandshake(t, got)
	if len(got.Calls) != 3 {
		t.Fatalf("%d calls, want 3", len(got.Calls))
	}
	decodeCall(t, got.Calls[0])
	if names := poolNames(decodeCall(t, got.Calls[1])); !slices.Contains(names, "interop-stateless") {
		t.Errorf("list_user_pools: pools %q, want interop-stateless among them", names)
	}
	decodeCall(t, got.Calls[2])
	want := cognitoToolCount + controlToolCount + petstoreToolCount
	if after := got.Calls[2].ToolsAfter; after == nil || after.Count != want {
		t.Errorf("tools after openapi_add_source: %+v, want %d", after, want)
	}
	if got.ListChangedCount != 0 {
		t.Errorf("%d notifications/tools/list_changed in stateless mode, want none", got.ListChangedCount)
	}
}

// TestInteropBearerToken runs the client with COGNITO_MCP_AUTH_TOKEN set on
// the server: the right token works over SSE and Streamable HTTP, a wrong one
// is refused with 401.
func TestInteropBearerToken(t *testing.T) {
	peer := startInteropPeer(t)
	token := randomHex(t, 16)
	wrong := randomHex(t, 16)
	for _, name := range []string{"http", "sse"} {
		t.Run(name, func(t *testing.T) {
			srv := startHTTPBinary(t, peer.env(t, authTokenEnv+"="+token), peer.args...)
			transport := srv.transport(name)

			pool := "interop-token-" + name
			got := runClient(t, peers.ClientScenario{
				Token: token,
				Calls: []peers.ClientCall{{Name: "cognito_create_user_pool", Arguments: map[string]any{"PoolName": pool}}},
			}, transport...)
			if len(got.Errors) > 0 {
				t.Fatalf("with the right token: client errors: %q", got.Errors)
			}
			checkHandshake(t, got)
			if len(got.Calls) != 1 {
				t.Fatalf("%d calls, want 1", len(got.Calls))
			}
			decodeCall(t, got.Calls[0])

			got = runClient(t, peers.ClientScenario{Token: wrong}, transport...)
			errs := strings.Join(got.Errors, "\n")
			if !strings.Contains(errs, "401") {
				t.Errorf("with a wrong token: client errors %q, want a 401", got.Errors)
			}
			if strings.Contains(errs, token) || strings.Contains(errs, wrong) {
				t.Error("the client's errors show a token")
			}
			if got.Tools != nil {
				t.Errorf("with a wrong token the client listed %d tools", got.Tools.Count)
			}
			if log := srv.out.String(); strings.Contains(log, token) || strings.Contains(log, wrong) {
				t.Error("the server's log shows a token")
			}
		})
	}
}

func randomHex(t *testing.T, n int) string {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// cognitoLocal calls an operation on cognito-local directly (it checks no
// signature) and decodes the answer into out.
func cognitoLocal(t *testing.T, endpoint, op string, in, out any) {
	t.Helper()
	body, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint+"/", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", "AWSCognitoIdentityProviderService."+op)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("cognito-local %s: %v", op, err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(resp.Body); err != nil {
		t.Fatalf("cognito-local %s: read the answer: %v", op, err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("cognito-local %s: %s: %s", op, resp.Status, buf.String())
	}
	if out != nil {
		if err := json.Unmarshal(buf.Bytes(), out); err != nil {
			t.Fatalf("cognito-local %s: %v", op, err)
		}
	}
}

// cognitoFixture is a user pool with a client, a confirmed user in a group,
// and an access token of that user.
type cognitoFixture struct {
	poolID, clientID, username, group, accessToken string
}

func setUpCognito(t *testing.T, endpoint string) cognitoFixture {
	t.Helper()
	f := cognitoFixture{username: "alice", group: "admins"}
	const password = "Interop-Test-Passw0rd!"

	var pool struct{ UserPool struct{ Id string } }
	cognitoLocal(t, endpoint, "CreateUserPool", map[string]any{"PoolName": "interop-read-only"}, &pool)
	f.poolID = pool.UserPool.Id

	var client struct{ UserPoolClient struct{ ClientId string } }
	cognitoLocal(t, endpoint, "CreateUserPoolClient", map[string]any{
		"UserPoolId":        f.poolID,
		"ClientName":        "interop",
		"ExplicitAuthFlows": []string{"ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"},
	}, &client)
	f.clientID = client.UserPoolClient.ClientId

	cognitoLocal(t, endpoint, "AdminCreateUser", map[string]any{
		"UserPoolId":     f.poolID,
		"Username":       f.username,
		"MessageAction":  "SUPPRESS",
		"UserAttributes": []map[string]string{{"Name": "email", "Value": "alice@example.com"}},
	}, nil)
	cognitoLocal(t, endpoint, "AdminSetUserPassword", map[string]any{
		"UserPoolId": f.poolID, "Username": f.username, "Password": password, "Permanent": true,
	}, nil)
	cognitoLocal(t, endpoint, "CreateGroup", map[string]any{
		"UserPoolId": f.poolID, "GroupName": f.group, "Description": "interop test group",
	}, nil)
	cognitoLocal(t, endpoint, "AdminAddUserToGroup", map[string]any{
		"UserPoolId": f.poolID, "Username": f.username, "GroupName": f.group,
	}, nil)

	var auth struct{ AuthenticationResult struct{ AccessToken string } }
	cognitoLocal(t, endpoint, "AdminInitiateAuth", map[string]any{
		"UserPoolId":     f.poolID,
		"ClientId":       f.clientID,
		"AuthFlow":       "ADMIN_USER_PASSWORD_AUTH",
		"AuthParameters": map[string]string{"USERNAME": f.username, "PASSWORD": password},
	}, &auth)
	f.accessToken = auth.AuthenticationResult.AccessToken
	if f.poolID == "" || f.clientID == "" || f.accessToken == "" {
		t.Fatalf("cognito-local set-up incomplete: pool %q, client %q, access token set %v", f.poolID, f.clientID, f.accessToken != "")
	}
	return f
}

// readOnlyLocalTools are the read-only Cognito tools whose operations
// cognito-local implements, read from the tool definitions the client saw:
// annotations.readOnlyHint and the operation name as title.
func readOnlyLocalTools(t *testing.T, defs []json.RawMessage) []string {
	t.Helper()
	var names []string
	for _, raw := range defs {
		var def struct {
			Name        string `json:"name"`
			Title       string `json:"title"`
			Annotations struct {
				ReadOnlyHint bool `json:"readOnlyHint"`
			} `json:"annotations"`
		}
		if err := json.Unmarshal(raw, &def); err != nil {
			t.Fatalf("tool definition: %v", err)
		}
		if strings.HasPrefix(def.Name, "cognito_") && def.Annotations.ReadOnlyHint &&
			slices.Contains(peers.CognitoLocalOperations, def.Title) {
			names = append(names, def.Name)
		}
	}
	slices.Sort(names)
	return names
}

// TestInteropReadOnlyOutputSchemas calls, through the TypeScript client over
// stdio, every read-only Cognito tool cognito-local implements, with valid
// arguments against a pool set up beforehand. The client validates each
// structuredContent against the tool's outputSchema and throws on a
// mismatch, so this proves those schemas hold for real answers.
func TestInteropReadOnlyOutputSchemas(t *testing.T) {
	peer := startInteropPeer(t)
	f := setUpCognito(t, peer.endpoint)
	env := peer.env(t)

	pool := map[string]any{"UserPoolId": f.poolID}
	with := func(kv ...any) map[string]any {
		m := map[string]any{"UserPoolId": f.poolID}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	calls := []peers.ClientCall{
		{Name: "cognito_admin_get_user", Arguments: with("Username", f.username)},
		{Name: "cognito_admin_list_groups_for_user", Arguments: with("Username", f.username)},
		{Name: "cognito_describe_user_pool", Arguments: pool},
		{Name: "cognito_describe_user_pool_client", Arguments: with("ClientId", f.clientID)},
		{Name: "cognito_get_group", Arguments: with("GroupName", f.group)},
		{Name: "cognito_get_user", Arguments: map[string]any{"AccessToken": f.accessToken}},
		{Name: "cognito_get_user_pool_mfa_config", Arguments: pool},
		{Name: "cognito_list_groups", Arguments: pool},
		{Name: "cognito_list_user_pool_clients", Arguments: pool},
		{Name: "cognito_list_user_pools", Arguments: map[string]any{"MaxResults": 10}},
		{Name: "cognito_list_users", Arguments: pool},
		{Name: "cognito_list_users_in_group", Arguments: with("GroupName", f.group)},
	}
	scenario := peers.ClientScenario{Env: clientEnv(env), IncludeTools: true, Calls: calls}
	got := runClient(t, scenario, transportArgs(t, "stdio", env, peer.args...)...)
	for _, e := range got.Errors {
		if strings.Contains(e, f.accessToken) {
			t.Fatal("a client error shows the access token")
		}
	}
	if len(got.Errors) > 0 {
		t.Errorf("client errors: %q", got.Errors)
	}
	checkHandshake(t, got)

	var called []string
	for _, c := range calls {
		called = append(called, c.Name)
	}
	if want := readOnlyLocalTools(t, got.Tools.Definitions); !slices.Equal(called, want) {
		t.Errorf("the test calls %q, but the read-only tools cognito-local implements are %q", called, want)
	}
	if len(got.Calls) != len(calls) {
		t.Fatalf("%d calls, want %d", len(got.Calls), len(calls))
	}

	results := map[string]callResult{}
	for _, c := range got.Calls {
		t.Run(c.Name, func(t *testing.T) {
			res := decodeCall(t, c)
			results[c.Name] = res
			if strings.Contains(string(c.Result), f.accessToken) {
				t.Error("the result shows the access token")
			}
		})
	}
	checks := []struct {
		tool, key string
		want      any
	}{
		{"cognito_admin_get_user", "Username", f.username},
		{"cognito_get_user", "Username", f.username},
	}
	for _, c := range checks {
		if got := results[c.tool].StructuredContent[c.key]; got != c.want {
			t.Errorf("%s: %s = %v, want %v", c.tool, c.key, got, c.want)
		}
	}
	// cognito-local answers epoch seconds; the schemas (and the client's
	// date-time format check) want RFC 3339 strings.
	up, _ := results["cognito_describe_user_pool"].StructuredContent["UserPool"].(map[string]any)
	if created, ok := up["CreationDate"].(string); !ok {
		t.Errorf("describe_user_pool: CreationDate = %v, want an RFC 3339 string", up["CreationDate"])
	} else if _, err := time.Parse(time.RFC3339, created); err != nil {
		t.Errorf("describe_user_pool: CreationDate: %v", err)
	}
}
