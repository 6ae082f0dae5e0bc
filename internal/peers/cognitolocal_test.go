package peers

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestCognitoLocalUserFlow walks the calls an administrator makes, checking the
// emulator behaves as the tests of other packages rely on: free-form usernames,
// a welcome message that needs a delivery attribute unless suppressed, and a
// temporary password that leads to NEW_PASSWORD_REQUIRED.
func TestCognitoLocalUserFlow(t *testing.T) {
	t.Parallel()
	base := StartCognitoLocal(t)
	call := func(target string, body map[string]any) (int, map[string]any) {
		t.Helper()
		data, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		req, err := http.NewRequest(http.MethodPost, base+"/", strings.NewReader(string(data)))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-amz-json-1.1")
		req.Header.Set("X-Amz-Target", "AWSCognitoIdentityProviderService."+target)
		return doJSON(t, req)
	}
	mustCall := func(target string, body map[string]any) map[string]any {
		t.Helper()
		status, out := call(target, body)
		if status != http.StatusOK {
			t.Fatalf("%s: status %d: %v", target, status, out)
		}
		return out
	}

	pool := mustCall("CreateUserPool", map[string]any{"PoolName": "flow"})["UserPool"].(map[string]any)["Id"].(string)
	client := mustCall("CreateUserPoolClient", map[string]any{"UserPoolId": pool, "ClientName": "app"})["UserPoolClient"].(map[string]any)["ClientId"].(string)

	status, out := call("AdminCreateUser", map[string]any{"UserPoolId": pool, "Username": "bob"})
	if status != http.StatusBadRequest || out["__type"] != "InvalidParameterException" {
		t.Errorf("AdminCreateUser without a delivery attribute: status %d %v, want 400 InvalidParameterException", status, out)
	}
	mustCall("AdminCreateUser", map[string]any{
		"UserPoolId": pool, "Username": "alice", "MessageAction": "SUPPRESS", "TemporaryPassword": "Temp-Passw0rd!",
	})
	user := mustCall("AdminGetUser", map[string]any{"UserPoolId": pool, "Username": "alice"})
	if user["Username"] != "alice" || user["UserStatus"] != "FORCE_CHANGE_PASSWORD" {
		t.Errorf("AdminGetUser = %v, want alice in FORCE_CHANGE_PASSWORD", user)
	}
	auth := mustCall("InitiateAuth", map[string]any{
		"ClientId": client, "AuthFlow": "USER_PASSWORD_AUTH",
		"AuthParameters": map[string]any{"USERNAME": "alice", "PASSWORD": "Temp-Passw0rd!"},
	})
	if auth["ChallengeName"] != "NEW_PASSWORD_REQUIRED" || auth["Session"] == nil {
		t.Errorf("InitiateAuth for a new user: ChallengeName %v, want NEW_PASSWORD_REQUIRED with a Session", auth["ChallengeName"])
	}
	users := mustCall("ListUsers", map[string]any{"UserPoolId": pool, "Filter": `username = "alice"`})["Users"].([]any)
	if len(users) != 1 {
		t.Errorf("ListUsers with a filter: %d users, want 1", len(users))
	}
}
