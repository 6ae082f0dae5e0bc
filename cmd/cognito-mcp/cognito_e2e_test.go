package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/cognito-mcp/cognito-mcp/internal/peers"
)

// These tests drive the built server through an MCP client against
// cognito-local, a Cognito user pools emulator, the way an agent host would:
// one process per test, stdio, the protocol today's hosts speak.

// Dummy static credentials: cognito-local checks no signatures, but the server
// must find credentials to sign the operations that need them.
const (
	testAccessKeyID     = "AKIDCOGNITOMCPTEST00"
	testSecretAccessKey = "cognito-mcp-test-secret-access-key"
)

// startCognitoMCP starts the server against endpoint in us-east-1, with dummy
// static credentials or with none anywhere, and any further args.
func startCognitoMCP(t *testing.T, endpoint string, withCredentials bool, args ...string) *stdioServer {
	t.Helper()
	env := baseEnv(t)
	if withCredentials {
		env = append(env, "AWS_ACCESS_KEY_ID="+testAccessKeyID, "AWS_SECRET_ACCESS_KEY="+testSecretAccessKey)
	}
	return startStdio(t, protocolPinned, env, append([]string{"--endpoint-url", endpoint, "--region", "us-east-1"}, args...)...)
}

// catalogMode is a way to serve the catalog and to call its operations.
type catalogMode struct {
	name string
	args []string
	// viaCallTool calls operations through openapi_call_tool, as agents
	// do in search mode.
	viaCallTool bool
}

// catalogModes are full mode, where every operation is a listed tool, and
// search mode, where openapi_call_tool reaches them.
var catalogModes = []catalogMode{
	{name: "full"},
	{name: "search", args: []string{"--catalog", "search"}, viaCallTool: true},
}

// toolName is the compact MCP name of a Cognito operation: the operationId in
// snake case, split at lower-to-upper changes and at the end of acronyms, so
// "SetUserMFAPreference" is "cognito_set_user_mfa_preference".
func toolName(operation string) string {
	r := []rune(operation)
	var b strings.Builder
	b.WriteString("cognito_")
	for i, c := range r {
		if i > 0 && unicode.IsUpper(c) {
			prev := r[i-1]
			acronymEnd := unicode.IsUpper(prev) && i+1 < len(r) && unicode.IsLower(r[i+1])
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || acronymEnd {
				b.WriteByte('_')
			}
		}
		b.WriteRune(unicode.ToLower(c))
	}
	return b.String()
}

func TestToolName(t *testing.T) {
	for op, want := range map[string]string{
		"AdminCreateUser":           "cognito_admin_create_user",
		"ListUsers":                 "cognito_list_users",
		"InitiateAuth":              "cognito_initiate_auth",
		"GetUserPoolMfaConfig":      "cognito_get_user_pool_mfa_config",
		"SetUserMFAPreference":      "cognito_set_user_mfa_preference",
		"AdminSetUserMFAPreference": "cognito_admin_set_user_mfa_preference",
	} {
		if got := toolName(op); got != want {
			t.Errorf("toolName(%q) = %q, want %q", op, got, want)
		}
	}
}

// op calls the tool of a Cognito operation: directly, or through
// openapi_call_tool when the server runs in search mode.
func (s *stdioServer) op(t testing.TB, operation string, args map[string]any) *mcp.CallToolResult {
	t.Helper()
	if s.viaCallTool {
		return s.call(t, "openapi_call_tool", map[string]any{"name": toolName(operation), "arguments": args})
	}
	return s.call(t, toolName(operation), args)
}

// toolText joins a result's text contents, one per line.
func toolText(res *mcp.CallToolResult) string {
	var parts []string
	for _, c := range res.Content {
		switch tc := c.(type) {
		case mcp.TextContent:
			parts = append(parts, tc.Text)
		case *mcp.TextContent:
			parts = append(parts, tc.Text)
		}
	}
	return strings.Join(parts, "\n")
}

// okJSON checks that a call succeeded with structured content that one of its
// text contents repeats as JSON, and returns that content.
func okJSON(t testing.TB, operation string, res *mcp.CallToolResult) map[string]any {
	t.Helper()
	if res.IsError {
		t.Fatalf("%s: tool error: %s", operation, toolText(res))
	}
	out, ok := jsonObject(res.StructuredContent)
	if !ok {
		t.Fatalf("%s: structuredContent is %T, want the response object; text: %s", operation, res.StructuredContent, toolText(res))
	}
	for _, c := range res.Content {
		var text string
		switch tc := c.(type) {
		case mcp.TextContent:
			text = tc.Text
		case *mcp.TextContent:
			text = tc.Text
		default:
			continue
		}
		var fromText map[string]any
		if json.Unmarshal([]byte(text), &fromText) == nil && reflect.DeepEqual(fromText, out) {
			return out
		}
	}
	t.Errorf("%s: no text content holds the structured content as JSON; text: %s", operation, toolText(res))
	return out
}

// tryJSON is okJSON for checks the test can go on without: a tool error
// fails the test but returns false instead of stopping it.
func tryJSON(t testing.TB, operation string, res *mcp.CallToolResult) (map[string]any, bool) {
	t.Helper()
	if res.IsError {
		t.Errorf("%s: tool error: %s", operation, toolText(res))
		return nil, false
	}
	return okJSON(t, operation, res), true
}

// jsonObject returns v as a decoded JSON object (numbers as float64).
func jsonObject(v any) (map[string]any, bool) {
	if v == nil {
		return nil, false
	}
	data, err := json.Marshal(v)
	if err != nil {
		return nil, false
	}
	var out map[string]any
	if json.Unmarshal(data, &out) != nil || out == nil {
		return nil, false
	}
	return out, true
}

// errorText checks that a call ended in a tool error and returns its text.
func errorText(t testing.TB, operation string, res *mcp.CallToolResult) string {
	t.Helper()
	text := toolText(res)
	if !res.IsError {
		t.Fatalf("%s: succeeded, want a tool error; text: %s", operation, text)
	}
	if text == "" {
		t.Errorf("%s: tool error without text", operation)
	}
	return text
}

// emulator sends AWS JSON 1.1 requests straight to cognito-local, as a plain
// POST: it checks no signature.
type emulator struct{ base string }

// call sends body as operation's request and returns the status and the
// decoded answer.
func (e emulator) call(t testing.TB, operation string, body map[string]any) (int, map[string]any) {
	t.Helper()
	data, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, e.base+"/", bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", "AWSCognitoIdentityProviderService."+operation)
	client := &http.Client{Timeout: 30 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s to cognito-local: %v", operation, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s to cognito-local: read answer: %v", operation, err)
	}
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%s to cognito-local: status %d, answer is not a JSON object: %q", operation, resp.StatusCode, raw)
	}
	return resp.StatusCode, out
}

// must is call for requests that have to succeed.
func (e emulator) must(t testing.TB, operation string, body map[string]any) map[string]any {
	t.Helper()
	status, out := e.call(t, operation, body)
	if status != http.StatusOK {
		t.Fatalf("%s to cognito-local: status %d: %v", operation, status, out)
	}
	return out
}

// wireRequest is what reached the upstream through the recording proxy.
type wireRequest struct {
	Operation     string // from X-Amz-Target
	ContentType   string
	Authorization string
	SecurityToken string
	Body          []byte
}

// wireLog keeps the requests a recording proxy saw, in order.
type wireLog struct {
	mu   sync.Mutex
	reqs []wireRequest
}

func (w *wireLog) add(r wireRequest) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.reqs = append(w.reqs, r)
}

func (w *wireLog) all() []wireRequest {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.reqs)
}

func (w *wireLog) count() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.reqs)
}

// operations lists the operations that reached the upstream, without
// repeats, in order.
func (w *wireLog) operations() []string {
	var ops []string
	for _, r := range w.all() {
		if !slices.Contains(ops, r.Operation) {
			ops = append(ops, r.Operation)
		}
	}
	return ops
}

// startWireProxy serves on 127.0.0.1 and forwards every request to upstream,
// recording it first; the server under test points its endpoint at it, so a
// test sees exactly what was sent and what was not.
func startWireProxy(t *testing.T, upstream string) (string, *wireLog) {
	t.Helper()
	target, err := url.Parse(upstream)
	if err != nil {
		t.Fatal(err)
	}
	log := &wireLog{}
	proxy := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		_, op, _ := strings.Cut(r.Header.Get("X-Amz-Target"), ".")
		log.add(wireRequest{
			Operation:     op,
			ContentType:   r.Header.Get("Content-Type"),
			Authorization: r.Header.Get("Authorization"),
			SecurityToken: r.Header.Get("X-Amz-Security-Token"),
			Body:          body,
		})
		r.Body = io.NopCloser(bytes.NewReader(body))
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, log
}

// at walks decoded JSON along keys (string) and indexes (int); nil when the
// path is absent.
func at(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[k]
		case int:
			a, ok := v.([]any)
			if !ok || k >= len(a) {
				return nil
			}
			v = a[k]
		}
	}
	return v
}

// str is at for string values; "" when absent or not a string.
func str(v any, path ...any) string {
	s, _ := at(v, path...).(string)
	return s
}

// attribute finds a Name/Value attribute in a list of Cognito attributes.
func attribute(attrs any, name string) (string, bool) {
	list, _ := attrs.([]any)
	for _, a := range list {
		if str(a, "Name") == name {
			v, ok := at(a, "Value").(string)
			return v, ok
		}
	}
	return "", false
}

// checkDate checks that a Cognito timestamp came back as an RFC 3339 string
// for about now (an epoch read as milliseconds would give 1970).
func checkDate(t testing.TB, what string, v any) {
	t.Helper()
	s, ok := v.(string)
	if !ok {
		t.Errorf("%s = %v (%T), want an RFC 3339 string", what, v, v)
		return
	}
	ts, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Errorf("%s = %q, want RFC 3339: %v", what, s, err)
		return
	}
	if d := time.Since(ts); d < -24*time.Hour || d > 24*time.Hour {
		t.Errorf("%s = %q, want a time near now", what, s)
	}
}

// TestCognitoAdminScenario walks what an administrator does with a user pool,
// every call through MCP against cognito-local, in each catalog mode: in
// search mode every operation goes through openapi_call_tool.
func TestCognitoAdminScenario(t *testing.T) {
	t.Parallel()
	for _, mode := range catalogModes {
		t.Run(mode.name, func(t *testing.T) {
			t.Parallel()
			srv := startCognitoMCP(t, peers.StartCognitoLocal(t), true, mode.args...)
			srv.viaCallTool = mode.viaCallTool
			cognitoAdminScenario(t, srv)
		})
	}
}

func cognitoAdminScenario(t *testing.T, srv *stdioServer) {
	pool := okJSON(t, "CreateUserPool", srv.op(t, "CreateUserPool", map[string]any{"PoolName": "scenario"}))
	poolID := str(pool, "UserPool", "Id")
	if poolID == "" || str(pool, "UserPool", "Name") != "scenario" {
		t.Fatalf("CreateUserPool = %v, want a pool named scenario with an Id", pool)
	}
	checkDate(t, "CreateUserPool UserPool.CreationDate", at(pool, "UserPool", "CreationDate"))
	checkDate(t, "CreateUserPool UserPool.LastModifiedDate", at(pool, "UserPool", "LastModifiedDate"))

	flows := []any{"ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"}
	client := okJSON(t, "CreateUserPoolClient", srv.op(t, "CreateUserPoolClient", map[string]any{
		"UserPoolId": poolID, "ClientName": "web", "ExplicitAuthFlows": flows,
	}))
	clientID := str(client, "UserPoolClient", "ClientId")
	if clientID == "" || str(client, "UserPoolClient", "UserPoolId") != poolID || str(client, "UserPoolClient", "ClientName") != "web" {
		t.Fatalf("CreateUserPoolClient = %v, want client web of pool %s with a ClientId", client, poolID)
	}
	if got := at(client, "UserPoolClient", "ExplicitAuthFlows"); !reflect.DeepEqual(got, flows) {
		t.Errorf("CreateUserPoolClient ExplicitAuthFlows = %v, want %v", got, flows)
	}

	created := okJSON(t, "AdminCreateUser", srv.op(t, "AdminCreateUser", map[string]any{
		"UserPoolId": poolID, "Username": "alice", "MessageAction": "SUPPRESS",
		"TemporaryPassword": "Temp-Passw0rd!",
		"UserAttributes":    []any{map[string]any{"Name": "email", "Value": "alice@example.com"}},
	}))
	if str(created, "User", "Username") != "alice" || str(created, "User", "UserStatus") != "FORCE_CHANGE_PASSWORD" || at(created, "User", "Enabled") != true {
		t.Errorf("AdminCreateUser = %v, want alice, enabled, FORCE_CHANGE_PASSWORD", created)
	}
	if email, _ := attribute(at(created, "User", "Attributes"), "email"); email != "alice@example.com" {
		t.Errorf("AdminCreateUser attributes = %v, want email alice@example.com", at(created, "User", "Attributes"))
	}
	checkDate(t, "AdminCreateUser User.UserCreateDate", at(created, "User", "UserCreateDate"))
	checkDate(t, "AdminCreateUser User.UserLastModifiedDate", at(created, "User", "UserLastModifiedDate"))

	if listed, ok := tryJSON(t, "ListUsers", srv.op(t, "ListUsers", map[string]any{"UserPoolId": poolID})); ok {
		users, _ := at(listed, "Users").([]any)
		if len(users) != 1 || str(users[0], "Username") != "alice" || str(users[0], "UserStatus") != "FORCE_CHANGE_PASSWORD" {
			t.Errorf("ListUsers = %v, want alice alone", listed)
		} else {
			checkDate(t, "ListUsers Users[0].UserCreateDate", at(users[0], "UserCreateDate"))
		}
	}

	signedUp := okJSON(t, "SignUp", srv.op(t, "SignUp", map[string]any{
		"ClientId": clientID, "Username": "bob", "Password": "Bob-Passw0rd!",
		"UserAttributes": []any{map[string]any{"Name": "email", "Value": "bob@example.com"}},
	}))
	bobSub := str(signedUp, "UserSub")
	if bobSub == "" || at(signedUp, "UserConfirmed") != false {
		t.Errorf("SignUp = %v, want an unconfirmed user with a UserSub", signedUp)
	}
	okJSON(t, "AdminConfirmSignUp", srv.op(t, "AdminConfirmSignUp", map[string]any{"UserPoolId": poolID, "Username": "bob"}))
	bob := okJSON(t, "AdminGetUser", srv.op(t, "AdminGetUser", map[string]any{"UserPoolId": poolID, "Username": "bob"}))
	if str(bob, "UserStatus") != "CONFIRMED" {
		t.Errorf("AdminGetUser bob after AdminConfirmSignUp: status %q, want CONFIRMED", str(bob, "UserStatus"))
	}
	checkDate(t, "AdminGetUser UserLastModifiedDate", at(bob, "UserLastModifiedDate"))

	signIn := func(password string) *mcp.CallToolResult {
		return srv.op(t, "InitiateAuth", map[string]any{
			"ClientId": clientID, "AuthFlow": "USER_PASSWORD_AUTH",
			"AuthParameters": map[string]any{"USERNAME": "bob", "PASSWORD": password},
		})
	}
	auth := okJSON(t, "InitiateAuth", signIn("Bob-Passw0rd!"))
	access := str(auth, "AuthenticationResult", "AccessToken")
	if access == "" || str(auth, "AuthenticationResult", "IdToken") == "" || str(auth, "AuthenticationResult", "RefreshToken") == "" {
		t.Fatalf("InitiateAuth: AuthenticationResult %v, want access, ID and refresh tokens", at(auth, "AuthenticationResult"))
	}

	me := okJSON(t, "GetUser", srv.op(t, "GetUser", map[string]any{"AccessToken": access}))
	if str(me, "Username") != "bob" {
		t.Errorf("GetUser Username = %q, want bob", str(me, "Username"))
	}
	if sub, _ := attribute(at(me, "UserAttributes"), "sub"); sub != bobSub {
		t.Errorf("GetUser sub = %q, want SignUp's UserSub %q", sub, bobSub)
	}

	group := okJSON(t, "CreateGroup", srv.op(t, "CreateGroup", map[string]any{
		"UserPoolId": poolID, "GroupName": "editors", "Description": "Can edit", "Precedence": 5,
	}))
	if str(group, "Group", "GroupName") != "editors" || str(group, "Group", "UserPoolId") != poolID || at(group, "Group", "Precedence") != 5.0 {
		t.Errorf("CreateGroup = %v, want editors in %s with precedence 5", group, poolID)
	}
	checkDate(t, "CreateGroup Group.CreationDate", at(group, "Group", "CreationDate"))
	okJSON(t, "AdminAddUserToGroup", srv.op(t, "AdminAddUserToGroup", map[string]any{
		"UserPoolId": poolID, "GroupName": "editors", "Username": "bob",
	}))
	if members, ok := tryJSON(t, "ListUsersInGroup", srv.op(t, "ListUsersInGroup", map[string]any{"UserPoolId": poolID, "GroupName": "editors"})); ok {
		if m, _ := at(members, "Users").([]any); len(m) != 1 || str(m[0], "Username") != "bob" {
			t.Errorf("ListUsersInGroup = %v, want bob alone", members)
		}
	}

	updated := okJSON(t, "UpdateUserAttributes", srv.op(t, "UpdateUserAttributes", map[string]any{
		"AccessToken":    access,
		"UserAttributes": []any{map[string]any{"Name": "given_name", "Value": "Robert"}},
	}))
	if list, ok := at(updated, "CodeDeliveryDetailsList").([]any); !ok || len(list) != 0 {
		t.Errorf("UpdateUserAttributes = %v, want an empty CodeDeliveryDetailsList", updated)
	}
	me = okJSON(t, "GetUser", srv.op(t, "GetUser", map[string]any{"AccessToken": access}))
	if v, _ := attribute(at(me, "UserAttributes"), "given_name"); v != "Robert" {
		t.Errorf("GetUser after UpdateUserAttributes: given_name %q, want Robert", v)
	}
	okJSON(t, "AdminUpdateUserAttributes", srv.op(t, "AdminUpdateUserAttributes", map[string]any{
		"UserPoolId": poolID, "Username": "alice",
		"UserAttributes": []any{map[string]any{"Name": "family_name", "Value": "Liddell"}},
	}))
	alice := okJSON(t, "AdminGetUser", srv.op(t, "AdminGetUser", map[string]any{"UserPoolId": poolID, "Username": "alice"}))
	if v, _ := attribute(at(alice, "UserAttributes"), "family_name"); v != "Liddell" {
		t.Errorf("AdminGetUser after AdminUpdateUserAttributes: family_name %q, want Liddell", v)
	}

	okJSON(t, "ChangePassword", srv.op(t, "ChangePassword", map[string]any{
		"AccessToken": access, "PreviousPassword": "Bob-Passw0rd!", "ProposedPassword": "Bob-Passw0rd-2!",
	}))
	okJSON(t, "InitiateAuth", signIn("Bob-Passw0rd-2!"))
	if text := errorText(t, "InitiateAuth with the old password", signIn("Bob-Passw0rd!")); !strings.Contains(text, "InvalidPasswordException") {
		t.Errorf("InitiateAuth with the old password: %s, want InvalidPasswordException", text)
	}

	okJSON(t, "AdminDeleteUser", srv.op(t, "AdminDeleteUser", map[string]any{"UserPoolId": poolID, "Username": "alice"}))
	if text := errorText(t, "AdminGetUser of a deleted user", srv.op(t, "AdminGetUser", map[string]any{"UserPoolId": poolID, "Username": "alice"})); !strings.Contains(text, "UserNotFoundException") {
		t.Errorf("AdminGetUser of a deleted user: %s, want UserNotFoundException", text)
	}
	okJSON(t, "DeleteUserPool", srv.op(t, "DeleteUserPool", map[string]any{"UserPoolId": poolID}))
	if text := errorText(t, "DescribeUserPool of a deleted pool", srv.op(t, "DescribeUserPool", map[string]any{"UserPoolId": poolID})); !strings.Contains(text, "ResourceNotFoundException") {
		t.Errorf("DescribeUserPool of a deleted pool: %s, want ResourceNotFoundException", text)
	}
}

// TestCognitoPublicWithoutCredentials runs the operations end users call with
// no AWS credentials anywhere: they must go out unsigned, while an
// administrator's operation fails before sending and says how to provide
// credentials.
func TestCognitoPublicWithoutCredentials(t *testing.T) {
	t.Parallel()
	base := peers.StartCognitoLocal(t)
	direct := emulator{base}
	endpoint, wire := startWireProxy(t, base)
	srv := startCognitoMCP(t, endpoint, false)

	// Setting the pool up is an administrator's job: straight to the emulator.
	poolID := str(direct.must(t, "CreateUserPool", map[string]any{"PoolName": "public"}), "UserPool", "Id")
	clientID := str(direct.must(t, "CreateUserPoolClient", map[string]any{
		"UserPoolId": poolID, "ClientName": "mobile",
		"ExplicitAuthFlows": []any{"ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"},
	}), "UserPoolClient", "ClientId")

	signedUp := okJSON(t, "SignUp", srv.op(t, "SignUp", map[string]any{
		"ClientId": clientID, "Username": "carol", "Password": "Carol-Passw0rd!",
		"UserAttributes": []any{map[string]any{"Name": "email", "Value": "carol@example.com"}},
	}))
	if str(signedUp, "UserSub") == "" || at(signedUp, "UserConfirmed") != false {
		t.Errorf("SignUp = %v, want an unconfirmed user with a UserSub", signedUp)
	}
	// The emulator prints confirmation codes to its console only: a wrong
	// code proves the call went out and came back with the emulator's answer.
	text := errorText(t, "ConfirmSignUp", srv.op(t, "ConfirmSignUp", map[string]any{
		"ClientId": clientID, "Username": "carol", "ConfirmationCode": "not-the-code",
	}))
	if !strings.Contains(text, "CodeMismatchException") {
		t.Errorf("ConfirmSignUp with a wrong code: %s, want CodeMismatchException", text)
	}
	direct.must(t, "AdminConfirmSignUp", map[string]any{"UserPoolId": poolID, "Username": "carol"})

	signIn := func(password string) string {
		t.Helper()
		auth := okJSON(t, "InitiateAuth", srv.op(t, "InitiateAuth", map[string]any{
			"ClientId": clientID, "AuthFlow": "USER_PASSWORD_AUTH",
			"AuthParameters": map[string]any{"USERNAME": "carol", "PASSWORD": password},
		}))
		access := str(auth, "AuthenticationResult", "AccessToken")
		if access == "" {
			t.Fatalf("InitiateAuth: no access token in %v", at(auth, "AuthenticationResult"))
		}
		return access
	}
	access := signIn("Carol-Passw0rd!")
	me := okJSON(t, "GetUser", srv.op(t, "GetUser", map[string]any{"AccessToken": access}))
	if str(me, "Username") != "carol" {
		t.Errorf("GetUser Username = %q, want carol", str(me, "Username"))
	}
	okJSON(t, "ChangePassword", srv.op(t, "ChangePassword", map[string]any{
		"AccessToken": access, "PreviousPassword": "Carol-Passw0rd!", "ProposedPassword": "Carol-Passw0rd-2!",
	}))
	access = signIn("Carol-Passw0rd-2!")
	forgot := okJSON(t, "ForgotPassword", srv.op(t, "ForgotPassword", map[string]any{"ClientId": clientID, "Username": "carol"}))
	if str(forgot, "CodeDeliveryDetails", "DeliveryMedium") != "EMAIL" {
		t.Errorf("ForgotPassword = %v, want a code delivered by EMAIL", forgot)
	}

	// A user created by an administrator answers NEW_PASSWORD_REQUIRED, which
	// the user completes with RespondToAuthChallenge.
	direct.must(t, "AdminCreateUser", map[string]any{
		"UserPoolId": poolID, "Username": "dave", "MessageAction": "SUPPRESS", "TemporaryPassword": "Temp-Passw0rd!",
	})
	challenge := okJSON(t, "InitiateAuth", srv.op(t, "InitiateAuth", map[string]any{
		"ClientId": clientID, "AuthFlow": "USER_PASSWORD_AUTH",
		"AuthParameters": map[string]any{"USERNAME": "dave", "PASSWORD": "Temp-Passw0rd!"},
	}))
	if str(challenge, "ChallengeName") != "NEW_PASSWORD_REQUIRED" || str(challenge, "Session") == "" {
		t.Fatalf("InitiateAuth for a new user = %v, want NEW_PASSWORD_REQUIRED with a Session", challenge)
	}
	answered := okJSON(t, "RespondToAuthChallenge", srv.op(t, "RespondToAuthChallenge", map[string]any{
		"ClientId": clientID, "ChallengeName": "NEW_PASSWORD_REQUIRED", "Session": str(challenge, "Session"),
		"ChallengeResponses": map[string]any{"USERNAME": "dave", "NEW_PASSWORD": "Dave-Passw0rd!"},
	}))
	if str(answered, "AuthenticationResult", "AccessToken") == "" {
		t.Errorf("RespondToAuthChallenge = %v, want tokens", answered)
	}

	// cognito-local does not implement GlobalSignOut: its own error shows
	// the call was sent rather than refused for want of credentials.
	text = errorText(t, "GlobalSignOut", srv.op(t, "GlobalSignOut", map[string]any{"AccessToken": access}))
	if !strings.Contains(text, "Unsupported") || strings.Contains(strings.ToLower(text), "credential") {
		t.Errorf("GlobalSignOut: %s, want cognito-local's Unsupported answer", text)
	}
	// Nor does it know the operations added since its release, such as
	// GetUserAuthFactors (unsigned, like GetUser): the tool is there and
	// the call is sent, and the emulator's own error is the tool result.
	text = errorText(t, "GetUserAuthFactors", srv.op(t, "GetUserAuthFactors", map[string]any{"AccessToken": access}))
	if !strings.Contains(text, "Unsupported") || !strings.Contains(text, `"GetUserAuthFactors"`) {
		t.Errorf("GetUserAuthFactors: %s, want cognito-local's Unsupported answer naming the target", text)
	}

	// Operations that need IAM credentials are refused before sending.
	for _, tc := range []struct {
		op   string
		args map[string]any
	}{
		{"DescribeUserPool", map[string]any{"UserPoolId": poolID}},
		{"AdminGetUser", map[string]any{"UserPoolId": poolID, "Username": "carol"}},
	} {
		sent := wire.count()
		text := errorText(t, tc.op, srv.op(t, tc.op, tc.args))
		if !strings.Contains(strings.ToLower(text), "credentials") || !strings.Contains(text, "AWS_ACCESS_KEY_ID") {
			t.Errorf("%s without credentials: %q, want a message on how to provide credentials", tc.op, text)
		}
		if wire.count() != sent {
			t.Errorf("%s without credentials reached the endpoint; want it refused before sending", tc.op)
		}
	}

	want := []string{"SignUp", "ConfirmSignUp", "InitiateAuth", "GetUser", "ChangePassword", "ForgotPassword", "RespondToAuthChallenge", "GlobalSignOut", "GetUserAuthFactors"}
	if got := wire.operations(); !reflect.DeepEqual(got, want) {
		t.Errorf("operations sent = %v, want %v", got, want)
	}
	for _, r := range wire.all() {
		if r.Authorization != "" || r.SecurityToken != "" {
			t.Errorf("%s went out signed (Authorization %q); without credentials it must be sent unsigned", r.Operation, r.Authorization)
		}
	}
}

// TestCognitoErrors checks that the emulator's errors come back as tool errors
// naming the exception, and that invalid arguments are refused before
// anything is sent.
func TestCognitoErrors(t *testing.T) {
	t.Parallel()
	endpoint, wire := startWireProxy(t, peers.StartCognitoLocal(t))
	srv := startCognitoMCP(t, endpoint, true)

	for _, tc := range []struct {
		op   string
		args map[string]any
	}{
		{"DescribeUserPool", map[string]any{"UserPoolId": "us-east-1_Nowhere00"}},
		{"AdminGetUser", map[string]any{"UserPoolId": "us-east-1_Nowhere00", "Username": "erin"}},
		{"CreateGroup", map[string]any{"UserPoolId": "us-east-1_Nowhere00", "GroupName": "staff"}},
	} {
		sent := wire.count()
		text := errorText(t, tc.op, srv.op(t, tc.op, tc.args))
		for _, want := range []string{"ResourceNotFoundException", "us-east-1_Nowhere00 not found", "400"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s of an unknown pool: %q, want it to mention %q", tc.op, text, want)
			}
		}
		if got := wire.count() - sent; got != 1 {
			t.Errorf("%s of an unknown pool: %d requests sent, want 1 (no retry on 400)", tc.op, got)
		}
	}

	const secret = "Do-Not-Echo-Passw0rd!"
	for _, tc := range []struct {
		name   string
		op     string
		args   map[string]any
		fields []string // each must be named in the error
	}{
		{"missing required", "DescribeUserPool", map[string]any{}, []string{"UserPoolId"}},
		{"wrong type", "DescribeUserPool", map[string]any{"UserPoolId": 42}, []string{"UserPoolId"}},
		{"number as text", "CreateGroup", map[string]any{
			"UserPoolId": "us-east-1_Nowhere00", "GroupName": "staff", "Precedence": "first",
		}, []string{"Precedence"}},
		{"not in enum", "AdminCreateUser", map[string]any{
			"UserPoolId": "us-east-1_Nowhere00", "Username": "erin", "MessageAction": "SHOUT",
		}, []string{"MessageAction"}},
		{"nested item", "AdminUpdateUserAttributes", map[string]any{
			"UserPoolId": "us-east-1_Nowhere00", "Username": "erin",
			"UserAttributes": []any{map[string]any{"Value": "no name"}},
		}, []string{"Name"}},
		{"secret beside a bad field", "AdminSetUserPassword", map[string]any{
			"UserPoolId": "us-east-1_Nowhere00", "Password": secret, "Permanent": "yes",
		}, []string{"Username", "Permanent"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sent := wire.count()
			text := errorText(t, tc.op, srv.op(t, tc.op, tc.args))
			for _, f := range tc.fields {
				if !strings.Contains(text, f) {
					t.Errorf("%s: %q, want it to name %s", tc.op, text, f)
				}
			}
			if strings.Contains(text, secret) {
				t.Errorf("%s: the error repeats the password", tc.op)
			}
			if wire.count() != sent {
				t.Errorf("%s with invalid arguments reached the endpoint; want it refused before sending", tc.op)
			}
		})
	}
}
