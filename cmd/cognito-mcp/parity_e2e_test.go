package main

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base32"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/cognito-mcp/cognito-mcp/internal/peers"
)

// The parity test calls each of the 50 operations cognito-local implements
// through MCP and sends the identical request straight to cognito-local, then
// checks that both answers agree. Each side has its own emulator, so state
// (users, groups, tokens) evolves the same way on both, and each side keeps
// the values its emulator generated (pool and client ids, subs, tokens) in a
// fixture that the next requests are built from.
//
// Every operation succeeds at least once except these three, which can only
// fail on cognito-local: the codes they need are printed to the emulator's
// console and nowhere else, so both sides must answer CodeMismatchException.
//
//	ConfirmSignUp          the sign-up confirmation code
//	ConfirmForgotPassword  the password reset code
//	VerifyUserAttribute    the attribute verification code
//
// A few more steps fail on purpose (unknown pool, user that exists, revoked
// token...) to compare errors as well as successes.

type (
	obj  = map[string]any
	list = []any
)

// fixture holds what one side's emulator generated, by name: "pool",
// "client", "aliceSub", "aliceAccess"...
type fixture struct {
	side string
	gen  map[string]string
}

func newFixture(side string) *fixture { return &fixture{side: side, gen: map[string]string{}} }

// get returns a generated value a previous step kept, or a marker that makes
// the request fail visibly when that step failed.
func (f *fixture) get(name string) string {
	if v, ok := f.gen[name]; ok {
		return v
	}
	return "missing-" + name
}

func (f *fixture) keep(name, value string) {
	if value != "" {
		f.gen[name] = value
	}
}

// parityStep is one row of the parity table: an operation and how to build
// its request from a side's fixture.
type parityStep struct {
	op   string
	args func(f *fixture) obj
	// fails is the exception both sides must answer; "" means both succeed.
	fails string
	// keep records the generated values of a successful answer.
	keep func(f *fixture, out obj)
}

// Passwords of the users the table creates.
const (
	aliceTemporary = "Temp-Passw0rd!"
	alicePassword  = "Alice-Passw0rd!"
	alicePassword2 = "Alice-Passw0rd-2!"
	alicePassword3 = "Alice-Passw0rd-3!"
	bobPassword    = "Bob-Passw0rd!"
	wrongCode      = "not-the-code" // emulator codes are six digits
)

func inPool(more obj) func(f *fixture) obj {
	return func(f *fixture) obj {
		args := obj{"UserPoolId": f.get("pool")}
		for k, v := range more {
			args[k] = v
		}
		return args
	}
}

func withClient(name string, more obj) func(f *fixture) obj {
	return func(f *fixture) obj {
		args := obj{"ClientId": f.get(name)}
		for k, v := range more {
			args[k] = v
		}
		return args
	}
}

func withPoolClient(name string, more obj) func(f *fixture) obj {
	return func(f *fixture) obj {
		args := inPool(more)(f)
		args["ClientId"] = f.get(name)
		return args
	}
}

func withToken(name string, more obj) func(f *fixture) obj {
	return func(f *fixture) obj {
		args := obj{"AccessToken": f.get(name)}
		for k, v := range more {
			args[k] = v
		}
		return args
	}
}

func fixed(args obj) func(*fixture) obj { return func(*fixture) obj { return args } }

func keepTokens(user string) func(f *fixture, out obj) {
	return func(f *fixture, out obj) {
		f.keep(user+"Access", str(out, "AuthenticationResult", "AccessToken"))
		f.keep(user+"Refresh", str(out, "AuthenticationResult", "RefreshToken"))
	}
}

func signIn(user, password string) func(f *fixture) obj {
	return withClient("client", obj{
		"AuthFlow":       "USER_PASSWORD_AUTH",
		"AuthParameters": obj{"USERNAME": user, "PASSWORD": password},
	})
}

func paritySteps() []parityStep {
	email := func(addr string) list {
		return list{obj{"Name": "email", "Value": addr}, obj{"Name": "email_verified", "Value": "true"}}
	}
	return []parityStep{
		// The pool, its settings and its app clients.
		{op: "CreateUserPool", args: fixed(obj{"PoolName": "parity", "AutoVerifiedAttributes": list{"email"}}),
			keep: func(f *fixture, out obj) { f.keep("pool", str(out, "UserPool", "Id")) }},
		{op: "DescribeUserPool", args: inPool(nil)},
		{op: "DescribeUserPool", args: fixed(obj{"UserPoolId": "local_Nowhere0"}), fails: "ResourceNotFoundException"},
		{op: "ListUserPools", args: fixed(obj{"MaxResults": 10})},
		// UpdateUserPool clears what it is not sent: send AutoVerifiedAttributes again.
		{op: "UpdateUserPool", args: inPool(obj{"AutoVerifiedAttributes": list{"email"}, "UserPoolTags": obj{"team": "parity"}})},
		{op: "AddCustomAttributes", args: inPool(obj{"CustomAttributes": list{obj{"Name": "tier", "AttributeDataType": "String", "Mutable": true}}})},
		{op: "AddCustomAttributes", args: inPool(obj{"CustomAttributes": list{obj{"Name": "tier"}}}), fails: "InvalidParameterException"},
		{op: "DescribeUserPool", args: inPool(nil)},
		{op: "SetUserPoolMfaConfig", args: inPool(obj{"MfaConfiguration": "OFF", "SoftwareTokenMfaConfiguration": obj{"Enabled": true}})},
		{op: "GetUserPoolMfaConfig", args: inPool(nil)},
		{op: "CreateUserPoolClient", args: inPool(obj{"ClientName": "app", "ExplicitAuthFlows": list{
			"ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"}}),
			keep: func(f *fixture, out obj) { f.keep("client", str(out, "UserPoolClient", "ClientId")) }},
		{op: "CreateUserPoolClient", args: inPool(obj{"ClientName": "spare"}),
			keep: func(f *fixture, out obj) { f.keep("spare", str(out, "UserPoolClient", "ClientId")) }},
		{op: "DescribeUserPoolClient", args: withPoolClient("client", nil)},
		{op: "UpdateUserPoolClient", args: withPoolClient("spare", obj{"ClientName": "spare-renamed", "RefreshTokenValidity": 10})},
		{op: "ListUserPoolClients", args: inPool(obj{"MaxResults": 10})},
		{op: "DeleteUserPoolClient", args: withPoolClient("spare", nil)},
		{op: "DescribeUserPoolClient", args: withPoolClient("spare", nil), fails: "ResourceNotFoundException"},

		// alice: created by an administrator, she signs in with a temporary
		// password and sets her own.
		{op: "AdminCreateUser", args: inPool(obj{"Username": "alice", "MessageAction": "SUPPRESS",
			"TemporaryPassword": aliceTemporary, "UserAttributes": email("alice@example.com")}),
			keep: func(f *fixture, out obj) {
				sub, _ := attribute(at(out, "User", "Attributes"), "sub")
				f.keep("aliceSub", sub)
			}},
		{op: "AdminCreateUser", args: inPool(obj{"Username": "alice", "MessageAction": "SUPPRESS"}), fails: "UsernameExistsException"},
		{op: "AdminGetUser", args: inPool(obj{"Username": "alice"})},
		{op: "AdminGetUser", args: inPool(obj{"Username": "nobody"}), fails: "UserNotFoundException"},
		{op: "ListUsers", args: inPool(obj{"Filter": `username = "alice"`})},
		{op: "InitiateAuth", args: signIn("alice", aliceTemporary),
			keep: func(f *fixture, out obj) { f.keep("session", str(out, "Session")) }},
		{op: "RespondToAuthChallenge", args: func(f *fixture) obj {
			return obj{"ClientId": f.get("client"), "ChallengeName": "NEW_PASSWORD_REQUIRED", "Session": f.get("session"),
				"ChallengeResponses": obj{"USERNAME": "alice", "NEW_PASSWORD": alicePassword}}
		}, keep: keepTokens("alice")},
		// cognito-local keeps only the refresh tokens of password sign-ins, not
		// those RespondToAuthChallenge issues: refresh with this one.
		{op: "AdminInitiateAuth", args: withPoolClient("client", obj{"AuthFlow": "ADMIN_USER_PASSWORD_AUTH",
			"AuthParameters": obj{"USERNAME": "alice", "PASSWORD": alicePassword}}), keep: keepTokens("alice")},
		{op: "InitiateAuth", args: signIn("alice", "Wrong-Passw0rd!"), fails: "InvalidPasswordException"},
		{op: "InitiateAuth", args: func(f *fixture) obj {
			return obj{"ClientId": f.get("client"), "AuthFlow": "REFRESH_TOKEN_AUTH",
				"AuthParameters": obj{"REFRESH_TOKEN": f.get("aliceRefresh")}}
		}},

		// What alice does with her access token.
		{op: "GetUser", args: withToken("aliceAccess", nil)},
		{op: "UpdateUserAttributes", args: withToken("aliceAccess", obj{"UserAttributes": list{obj{"Name": "given_name", "Value": "Alice"}}})},
		{op: "DeleteUserAttributes", args: withToken("aliceAccess", obj{"UserAttributeNames": list{"given_name"}})},
		{op: "GetUserAttributeVerificationCode", args: withToken("aliceAccess", obj{"AttributeName": "email"})},
		{op: "VerifyUserAttribute", args: withToken("aliceAccess", obj{"AttributeName": "email", "Code": wrongCode}),
			fails: "CodeMismatchException"},
		{op: "AssociateSoftwareToken", args: withToken("aliceAccess", nil),
			keep: func(f *fixture, out obj) { f.keep("totpSecret", str(out, "SecretCode")) }},
		{op: "VerifySoftwareToken", args: func(f *fixture) obj {
			return obj{"AccessToken": f.get("aliceAccess"), "FriendlyDeviceName": "phone",
				"UserCode": totp(f.get("totpSecret"), time.Now())}
		}},
		{op: "SetUserMFAPreference", args: withToken("aliceAccess", obj{"SoftwareTokenMfaSettings": obj{"Enabled": true, "PreferredMfa": true}})},
		{op: "GetUser", args: withToken("aliceAccess", nil)},
		{op: "ChangePassword", args: withToken("aliceAccess", obj{"PreviousPassword": alicePassword, "ProposedPassword": alicePassword2})},
		{op: "ChangePassword", args: withToken("aliceAccess", obj{"PreviousPassword": alicePassword, "ProposedPassword": alicePassword3}),
			fails: "InvalidPasswordException"},

		// What an administrator does to alice.
		{op: "AdminUpdateUserAttributes", args: inPool(obj{"Username": "alice", "UserAttributes": list{obj{"Name": "custom:tier", "Value": "gold"}}})},
		{op: "AdminUpdateUserAttributes", args: inPool(obj{"Username": "alice", "UserAttributes": list{obj{"Name": "custom:nope", "Value": "x"}}}),
			fails: "InvalidParameterException"},
		{op: "AdminGetUser", args: inPool(obj{"Username": "alice"})},
		{op: "AdminDeleteUserAttributes", args: inPool(obj{"Username": "alice", "UserAttributeNames": list{"custom:tier"}})},
		{op: "AdminSetUserPassword", args: inPool(obj{"Username": "alice", "Password": alicePassword3, "Permanent": true})},
		{op: "AdminDisableUser", args: inPool(obj{"Username": "alice"})},
		{op: "AdminGetUser", args: inPool(obj{"Username": "alice"})},
		{op: "AdminEnableUser", args: inPool(obj{"Username": "alice"})},
		{op: "ForgotPassword", args: withClient("client", obj{"Username": "alice"})},
		{op: "ConfirmForgotPassword", args: withClient("client", obj{"Username": "alice", "ConfirmationCode": wrongCode, "Password": alicePassword}),
			fails: "CodeMismatchException"},

		// bob signs himself up.
		{op: "SignUp", args: withClient("client", obj{"Username": "bob", "Password": bobPassword,
			"UserAttributes": list{obj{"Name": "email", "Value": "bob@example.com"}}}),
			keep: func(f *fixture, out obj) { f.keep("bobSub", str(out, "UserSub")) }},
		{op: "SignUp", args: withClient("client", obj{"Username": "bob", "Password": bobPassword}), fails: "UsernameExistsException"},
		{op: "ConfirmSignUp", args: withClient("client", obj{"Username": "bob", "ConfirmationCode": wrongCode}), fails: "CodeMismatchException"},
		{op: "InitiateAuth", args: signIn("bob", bobPassword), fails: "UserNotConfirmedException"},
		{op: "AdminConfirmSignUp", args: inPool(obj{"Username": "bob"})},
		{op: "AdminConfirmSignUp", args: inPool(obj{"Username": "bob"}), fails: "NotAuthorizedException"},
		{op: "InitiateAuth", args: signIn("bob", bobPassword), keep: keepTokens("bob")},
		{op: "RevokeToken", args: func(f *fixture) obj { return obj{"ClientId": f.get("client"), "Token": f.get("bobRefresh")} }},
		{op: "InitiateAuth", args: func(f *fixture) obj {
			return obj{"ClientId": f.get("client"), "AuthFlow": "REFRESH_TOKEN_AUTH",
				"AuthParameters": obj{"REFRESH_TOKEN": f.get("bobRefresh")}}
		}, fails: "NotAuthorizedException"},

		// Groups.
		{op: "CreateGroup", args: inPool(obj{"GroupName": "admins", "Description": "Administrators", "Precedence": 1})},
		{op: "GetGroup", args: inPool(obj{"GroupName": "admins"})},
		{op: "UpdateGroup", args: inPool(obj{"GroupName": "admins", "Description": "Pool administrators"})},
		{op: "ListGroups", args: inPool(nil)},
		{op: "AdminAddUserToGroup", args: inPool(obj{"GroupName": "admins", "Username": "alice"})},
		{op: "AdminAddUserToGroup", args: inPool(obj{"GroupName": "nobodies", "Username": "alice"}), fails: "ResourceNotFoundException"},
		{op: "ListUsersInGroup", args: inPool(obj{"GroupName": "admins"})},
		{op: "AdminListGroupsForUser", args: inPool(obj{"Username": "alice"})},
		{op: "AdminRemoveUserFromGroup", args: inPool(obj{"GroupName": "admins", "Username": "alice"})},
		{op: "DeleteGroup", args: inPool(obj{"GroupName": "admins"})},
		{op: "GetGroup", args: inPool(obj{"GroupName": "admins"}), fails: "ResourceNotFoundException"},

		// Cleaning up.
		{op: "ListUsers", args: inPool(nil)},
		{op: "DeleteUser", args: withToken("bobAccess", nil)},
		{op: "AdminDeleteUser", args: inPool(obj{"Username": "alice"})},
		{op: "AdminDeleteUser", args: inPool(obj{"Username": "alice"}), fails: "UserNotFoundException"},
		{op: "ListUsers", args: inPool(nil)},
		{op: "DeleteUserPool", args: inPool(nil)},
		{op: "DescribeUserPool", args: inPool(nil), fails: "ResourceNotFoundException"},
	}
}

// anonymousOperations are the operations the AWS SDK for Go sends unsigned
// (service/cognitoidentityprovider/auth.go: their only auth scheme is
// anonymous); every other operation is signed.
var anonymousOperations = []string{
	"AssociateSoftwareToken", "ChangePassword", "CompleteWebAuthnRegistration", "ConfirmDevice",
	"ConfirmForgotPassword", "ConfirmSignUp", "DeleteUser", "DeleteUserAttributes",
	"DeleteWebAuthnCredential", "ForgetDevice", "ForgotPassword", "GetDevice",
	"GetTokensFromRefreshToken", "GetUser", "GetUserAttributeVerificationCode", "GetUserAuthFactors",
	"GlobalSignOut", "InitiateAuth", "ListDevices", "ListWebAuthnCredentials",
	"ResendConfirmationCode", "RespondToAuthChallenge", "RevokeToken", "SetUserMFAPreference",
	"SetUserSettings", "SignUp", "StartWebAuthnRegistration", "UpdateAuthEventFeedback",
	"UpdateDeviceStatus", "UpdateUserAttributes", "VerifySoftwareToken", "VerifyUserAttribute",
}

// secretKeys name the request members that carry secrets, at any depth.
var secretKeys = []string{
	"Password", "PreviousPassword", "ProposedPassword", "TemporaryPassword",
	"AccessToken", "Token", "Session", "PASSWORD", "NEW_PASSWORD", "REFRESH_TOKEN",
}

// secretValues lists the secret strings in a request.
func secretValues(v any) []string {
	var out []string
	switch v := v.(type) {
	case map[string]any:
		for k, val := range v {
			if s, ok := val.(string); ok && s != "" && slices.Contains(secretKeys, k) {
				out = append(out, s)
				continue
			}
			out = append(out, secretValues(val)...)
		}
	case []any:
		for _, e := range v {
			out = append(out, secretValues(e)...)
		}
	}
	return out
}

// outcome is one side's answer to a step.
type outcome struct {
	ok            bool
	out           obj    // the response object on success
	code, message string // the exception on failure (direct side)
	text          string // the tool error's text (MCP side)
}

func TestCognitoLocalParity(t *testing.T) {
	t.Parallel()
	steps := paritySteps()
	checkParityCoverage(t, steps)

	endpoint, wire := startWireProxy(t, peers.StartCognitoLocal(t))
	direct := emulator{peers.StartCognitoLocal(t)}
	srv := startCognitoMCP(t, endpoint, true)
	viaMCP, straight := newFixture("mcp"), newFixture("direct")

	called := map[string]bool{}
	for i, st := range steps {
		t.Run(fmt.Sprintf("%02d_%s", i, st.op), func(t *testing.T) {
			sent := wire.count()
			mcpArgs := st.args(viaMCP)
			res := srv.op(t, st.op, mcpArgs)
			called[st.op] = true
			got := mcpOutcome(t, st.op, res)
			checkWire(t, st.op, mcpArgs, wire.all()[sent:])

			status, body := direct.call(t, st.op, st.args(straight))
			want := directOutcome(status, body)

			if !got.ok {
				for _, secret := range secretValues(mcpArgs) {
					if strings.Contains(got.text, secret) {
						t.Errorf("the tool error repeats a secret argument (password, token or session)")
					}
				}
			}

			switch {
			case got.ok != want.ok:
				t.Fatalf("MCP and cognito-local disagree:\n  MCP:    %s\n  direct: %s", got, want)
			case !want.ok:
				if want.code != st.fails {
					t.Errorf("both failed with %s (%s); the table expects %s", want.code, want.message, orSuccess(st.fails))
				}
				// Messages may name this side's ids: compare them normalised.
				var problems []string
				text := normalize(got.text, viaMCP, true, "", &problems).(string)
				message := normalize(want.message, straight, false, "", &problems).(string)
				for _, part := range []string{want.code, message, fmt.Sprint(status)} {
					if !strings.Contains(text, part) {
						t.Errorf("MCP tool error %q does not carry %q from cognito-local's answer", text, part)
					}
				}
			default:
				if st.fails != "" {
					t.Errorf("both succeeded; the table expects %s", st.fails)
				}
				if st.keep != nil {
					st.keep(viaMCP, got.out)
					st.keep(straight, want.out)
				}
				var problems []string
				a := normalize(got.out, viaMCP, true, "", &problems)
				b := normalize(want.out, straight, false, "", &problems)
				for _, p := range problems {
					t.Error(p)
				}
				if !reflect.DeepEqual(a, b) {
					t.Errorf("answers differ after normalising:\n  MCP:    %s\n  direct: %s", compactJSON(a), compactJSON(b))
				}
			}
		})
	}

	// The server's log must hold none of the secrets it carried.
	log := srv.stderr.String()
	secrets := []string{aliceTemporary, alicePassword, alicePassword2, alicePassword3, bobPassword}
	for _, name := range []string{"session", "aliceAccess", "aliceRefresh", "bobAccess", "bobRefresh", "totpSecret"} {
		secrets = append(secrets, viaMCP.gen[name])
	}
	for _, secret := range secrets {
		if secret != "" && strings.Contains(log, secret) {
			t.Errorf("the server's log holds a password, token, session or TOTP secret")
		}
	}

	var missed []string
	for _, op := range peers.CognitoLocalOperations {
		if !called[op] {
			missed = append(missed, op)
		}
	}
	if len(missed) > 0 {
		t.Errorf("operations never called through MCP: %v", missed)
	}
}

// checkParityCoverage fails the test when the table leaves out one of the
// operations cognito-local implements, or names one it does not.
func checkParityCoverage(t *testing.T, steps []parityStep) {
	t.Helper()
	inTable := map[string]bool{}
	for _, st := range steps {
		if !slices.Contains(peers.CognitoLocalOperations, st.op) {
			t.Errorf("step %s: cognito-local does not implement it", st.op)
		}
		inTable[st.op] = true
	}
	var missing []string
	for _, op := range peers.CognitoLocalOperations {
		if !inTable[op] {
			missing = append(missing, op)
		}
	}
	if len(missing) > 0 || t.Failed() {
		t.Fatalf("the parity table must call each of the %d operations cognito-local implements; missing: %v",
			len(peers.CognitoLocalOperations), missing)
	}
}

func mcpOutcome(t *testing.T, op string, res *mcp.CallToolResult) outcome {
	t.Helper()
	if res.IsError {
		return outcome{text: toolText(res)}
	}
	return outcome{ok: true, out: okJSON(t, op, res)}
}

func directOutcome(status int, body obj) outcome {
	if status == http.StatusOK {
		return outcome{ok: true, out: body}
	}
	code := str(body, "__type")
	if i := strings.LastIndexByte(code, '#'); i >= 0 {
		code = code[i+1:]
	}
	return outcome{code: code, message: str(body, "message")}
}

func (o outcome) String() string {
	switch {
	case o.ok:
		return "success " + compactJSON(o.out)
	case o.code != "":
		return fmt.Sprintf("error %s: %s", o.code, o.message)
	default:
		return "tool error: " + o.text
	}
}

func orSuccess(code string) string {
	if code == "" {
		return "success"
	}
	return code
}

// checkWire checks the requests an MCP call sent: one AWS JSON 1.1 request of
// the operation (more only when cognito-local answered 5xx and the call was
// retried), whose body is exactly the tool arguments, signed with SigV4 for
// cognito-idp in us-east-1 unless the operation is one AWS serves unsigned.
func checkWire(t *testing.T, op string, args obj, reqs []wireRequest) {
	t.Helper()
	if len(reqs) != 1 {
		t.Errorf("%s: %d requests reached cognito-local, want 1", op, len(reqs))
	}
	want, _ := jsonObject(args)
	for _, r := range reqs {
		if r.Operation != op {
			t.Errorf("%s: X-Amz-Target names %q", op, r.Operation)
		}
		if r.ContentType != "application/x-amz-json-1.1" {
			t.Errorf("%s: Content-Type %q, want application/x-amz-json-1.1", op, r.ContentType)
		}
		var body obj
		if err := json.Unmarshal(r.Body, &body); err != nil {
			t.Errorf("%s: request body is not a JSON object: %v", op, err)
		} else if !reflect.DeepEqual(body, want) {
			t.Errorf("%s: request body differs from the tool arguments:\n  sent: %s\n  args: %s", op, compactJSON(body), compactJSON(want))
		}
		if slices.Contains(anonymousOperations, op) {
			if r.Authorization != "" {
				t.Errorf("%s: sent signed; AWS serves it unsigned and the SDKs send it so", op)
			}
			continue
		}
		scope := "Credential=" + testAccessKeyID + "/"
		if !strings.HasPrefix(r.Authorization, "AWS4-HMAC-SHA256 ") || !strings.Contains(r.Authorization, scope) ||
			!strings.Contains(r.Authorization, "/us-east-1/cognito-idp/aws4_request") {
			t.Errorf("%s: Authorization %q, want SigV4 with the test key for cognito-idp in us-east-1", op, r.Authorization)
		}
	}
}

// freshPaths hold values each emulator generates afresh (tokens, sessions,
// secrets): compared only as present and non-empty.
var freshPaths = []string{
	".AuthenticationResult.AccessToken", ".AuthenticationResult.IdToken", ".AuthenticationResult.RefreshToken",
	".Session", ".SecretCode",
}

// normalize rewrites an answer so the two sides can be compared: the values
// this side's fixture kept (ids, subs) become their names in angle brackets,
// tokens and sessions become <Key>, and dates become <date> once checked to be an RFC 3339
// string (MCP) or epoch seconds (cognito-local). Problems found on the way are
// appended to problems.
func normalize(v any, f *fixture, fromMCP bool, path string, problems *[]string) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, val := range v {
			p := path + "." + k
			switch {
			case slices.Contains(freshPaths, p):
				if s, _ := val.(string); s == "" {
					*problems = append(*problems, fmt.Sprintf("%s %s = %v, want a non-empty string", f.side, p, val))
				}
				out[k] = "<" + k + ">"
			case strings.HasSuffix(k, "Date"):
				out[k] = normalizeDate(val, f.side, fromMCP, p, problems)
			default:
				out[k] = normalize(val, f, fromMCP, p, problems)
			}
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = normalize(e, f, fromMCP, fmt.Sprintf("%s[%d]", path, i), problems)
		}
		return out
	case string:
		names := make([]string, 0, len(f.gen))
		for name := range f.gen {
			names = append(names, name)
		}
		// Longest values first, so no value is replaced inside another.
		sort.Slice(names, func(i, j int) bool {
			if a, b := len(f.gen[names[i]]), len(f.gen[names[j]]); a != b {
				return a > b
			}
			return names[i] < names[j]
		})
		for _, name := range names {
			v = strings.ReplaceAll(v, f.gen[name], "<"+name+">")
		}
		return v
	default:
		return v
	}
}

// undeclaredDates are paths where cognito-local sends dates the AWS model does
// not declare: ListUserPoolClients answers UserPoolClientDescription items
// (ClientId, ClientName, UserPoolId), yet the emulator sends whole clients.
// The server passes such members through as they came, epoch seconds.
var undeclaredDates = []string{".UserPoolClients["}

func normalizeDate(v any, side string, fromMCP bool, path string, problems *[]string) any {
	undeclared := slices.ContainsFunc(undeclaredDates, func(prefix string) bool { return strings.HasPrefix(path, prefix) })
	if fromMCP && !undeclared {
		s, ok := v.(string)
		if _, err := time.Parse(time.RFC3339, s); !ok || err != nil {
			*problems = append(*problems, fmt.Sprintf("%s %s = %v (%T), want an RFC 3339 string", side, path, v, v))
		}
	} else if _, ok := v.(float64); !ok {
		*problems = append(*problems, fmt.Sprintf("%s %s = %v (%T), want epoch seconds", side, path, v, v))
	}
	return "<date>"
}

func compactJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// totp is the RFC 6238 code (SHA-1, 30 s, 6 digits) an authenticator app
// shows for a base32 secret from AssociateSoftwareToken.
func totp(secret string, at time.Time) string {
	key, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.ToUpper(strings.TrimRight(secret, "=")))
	if err != nil {
		return "000000"
	}
	var counter [8]byte
	binary.BigEndian.PutUint64(counter[:], uint64(at.Unix()/30))
	mac := hmac.New(sha1.New, key)
	mac.Write(counter[:])
	sum := mac.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	code := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	return fmt.Sprintf("%06d", code%1_000_000)
}
