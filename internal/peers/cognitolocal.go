package peers

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// CognitoLocalOperations lists, sorted, the Cognito user pools operations
// cognito-local 5.3.0 implements. Every other operation answers HTTP 500 with
// {"__type": "CognitoLocal#Unsupported"}.
//
// The emulator checks no signature and no token signature: operations taking an
// AccessToken only decode it (its client_id and sub, or username for
// ChangePassword, pick the user). Operations taking a ClientId need a user pool
// client; the InitiateAuth flows are USER_PASSWORD_AUTH and REFRESH_TOKEN(_AUTH),
// the AdminInitiateAuth ones ADMIN_USER_PASSWORD_AUTH and REFRESH_TOKEN(_AUTH).
var CognitoLocalOperations = []string{
	"AddCustomAttributes",
	"AdminAddUserToGroup",
	"AdminConfirmSignUp",
	"AdminCreateUser",
	"AdminDeleteUser",
	"AdminDeleteUserAttributes",
	"AdminDisableUser",
	"AdminEnableUser",
	"AdminGetUser",
	"AdminInitiateAuth",
	"AdminListGroupsForUser",
	"AdminRemoveUserFromGroup",
	"AdminSetUserPassword",
	"AdminUpdateUserAttributes",
	"AssociateSoftwareToken",
	"ChangePassword",
	"ConfirmForgotPassword",
	"ConfirmSignUp",
	"CreateGroup",
	"CreateUserPool",
	"CreateUserPoolClient",
	"DeleteGroup",
	"DeleteUser",
	"DeleteUserAttributes",
	"DeleteUserPool",
	"DeleteUserPoolClient",
	"DescribeUserPool",
	"DescribeUserPoolClient",
	"ForgotPassword",
	"GetGroup",
	"GetUser",
	"GetUserAttributeVerificationCode",
	"GetUserPoolMfaConfig",
	"InitiateAuth",
	"ListGroups",
	"ListUserPoolClients",
	"ListUserPools",
	"ListUsers",
	"ListUsersInGroup",
	"RespondToAuthChallenge",
	"RevokeToken",
	"SetUserMFAPreference",
	"SetUserPoolMfaConfig",
	"SignUp",
	"UpdateGroup",
	"UpdateUserAttributes",
	"UpdateUserPool",
	"UpdateUserPoolClient",
	"VerifySoftwareToken",
	"VerifyUserAttribute",
}

// cognitoLocalConfig is written to the emulator's .cognito/config.json. It makes
// new user pools behave as AWS does when CreateUserPool names no
// UsernameAttributes: usernames are free-form. (cognito-local's own default makes
// every pool use email addresses as usernames and stores users under their sub.)
const cognitoLocalConfig = `{"UserPoolDefaults": {"UsernameAttributes": []}}` + "\n"

// StartCognitoLocal runs cognito-local, a Cognito user pools emulator, on a free
// 127.0.0.1 port with an empty database in a temporary directory until the test
// ends, and returns its base URL, "http://127.0.0.1:PORT".
//
// Calls are AWS JSON 1.1: POST / with Content-Type application/x-amz-json-1.1
// (other content types leave the body unread) and X-Amz-Target
// AWSCognitoIdentityProviderService.<Operation>. Errors answer 400 with
// {"__type": "<Code>Exception", "message": ...}; unsupported operations 500 (see
// CognitoLocalOperations). Tokens it issues name http://127.0.0.1:PORT/<poolId>
// as their issuer.
func StartCognitoLocal(tb testing.TB) string {
	tb.Helper()
	script := binScript(tb, "cognito-local", "cognito-local")
	dir := tb.TempDir()
	// cognito-local reads .cognito/config.json and keeps its database in
	// .cognito/db, both relative to its working directory.
	if err := os.MkdirAll(filepath.Join(dir, ".cognito", "db"), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".cognito", "config.json"), []byte(cognitoLocalConfig), 0o644); err != nil {
		tb.Fatal(err)
	}
	return peer{
		name: "cognito-local",
		dir:  dir,
		command: func(port int) ([]string, []string) {
			// HOST and PORT are where it listens, and its default token issuer.
			return []string{script}, []string{"HOST=127.0.0.1", "PORT=" + strconv.Itoa(port)}
		},
		// CODE would fix every temporary password, DEBUG and
		// COGNITO_LOCAL_DEVMODE make it log request bodies.
		unset: []string{"CODE", "DEBUG", "COGNITO_LOCAL_DEVMODE"},
		ready: func(ctx context.Context, base string) bool {
			return answers(ctx, base+"/health", func(status int) bool { return status == http.StatusOK })
		},
	}.start(tb)
}
