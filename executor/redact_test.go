package executor

import (
	"strings"
	"testing"
)

func TestRedactJSON(t *testing.T) {
	in := `{"Username":"alice","Password":"p1","TemporaryPassword":"p2","ProposedPassword":"p3","PreviousPassword":"p4",
"AccessToken":"t1","RefreshToken":"t2","IdToken":"t3","Session":"s1","SecretHash":"h1","ClientSecret":"c1","SecretCode":"c2",
"Authorization":"Bearer x1","Cookie":"k=v1","X-Amz-Security-Token":"t4","AuthenticationResult":{"AccessToken":"t5","ExpiresIn":3600},
"ChallengeResponses":{"PASSWORD":"p5","USERNAME":"alice","SECRET_HASH":"h2"},"list":[{"api_key":"k1"}],"Limit":10}`
	out := string(redactJSON([]byte(in)))
	for _, secret := range []string{"p1", "p2", "p3", "p4", "t1", "t2", "t3", "s1", "h1", "c1", "c2", "x1", "v1", "t4", "t5", "p5", "h2", "k1"} {
		if strings.Contains(out, `"`+secret+`"`) || strings.Contains(out, secret+`"`) {
			t.Errorf("%q survives redaction: %s", secret, out)
		}
	}
	for _, kept := range []string{`"Username":"alice"`, `"USERNAME":"alice"`, `"ExpiresIn":3600`, `"Limit":10`} {
		if !strings.Contains(out, kept) {
			t.Errorf("%s was lost: %s", kept, out)
		}
	}
	if got := string(redactJSON([]byte("password=hunter2"))); strings.Contains(got, "hunter2") {
		t.Errorf("non-JSON text kept: %s", got)
	}
}

func TestIsSecretName(t *testing.T) {
	for name, want := range map[string]bool{
		"Password": true, "TemporaryPassword": true, "AccessToken": true, "Session": true, "SecretHash": true,
		"ClientSecret": true, "Authorization": true, "cookie": true, "X-Amz-Security-Token": true, "PaginationToken": true,
		"Username": false, "UserPoolId": false, "ClientId": false, "Name": false, "Value": false,
	} {
		if got := isSecretName(name); got != want {
			t.Errorf("isSecretName(%s) = %v", name, got)
		}
	}
}
