package search

import (
	"slices"
	"testing"
)

func TestTerms(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"AdminDisableUser", []string{"admin", "disabl", "user"}},
		{"cognito_admin_disable_user", []string{"cognito", "admin", "disabl", "user"}},
		{"SMSMfaSettings", []string{"sms", "mfa", "setting"}},
		{"MFAOptions TOTP", []string{"mfa", "option", "totp"}},
		{"xAmzTarget.adminCreateUser", []string{"amz", "target", "admin", "creat", "user"}},
		{"StartWebAuthnRegistration", []string{"start", "webauthn", "register"}},
		{"an OAuth IdP", []string{"oauth", "idp"}},
		{"user's e-mail", []string{"user", "email"}},
		{"2FA for S3Bucket", []string{"2fa", "s3", "bucket"}},
		{"Configuration, configure, CONFIG", []string{"config", "config", "config"}},
		{"disabled disabling disables", []string{"disabl", "disabl", "disabl"}},
		{"users clients policies addresses", []string{"user", "client", "policy", "address"}},
		{"settings set", []string{"setting", "set"}},
		{"status access analysis", []string{"status", "access", "analysis"}},
		{"authentication authenticated", []string{"auth", "auth"}},
		{"Über-Größe", []string{"über", "größ"}},
		{"can't sign in; signed-in users; sign-up", []string{"signin", "signin", "user", "signup"}},
		{"GlobalSignOut, signing key", []string{"global", "signout", "sign", "key"}},
		{"set up a domain; SetUserSettings", []string{"setup", "domain", "set", "user", "setting"}},
		{"", nil},
		{"the of a is", nil},
	}
	for _, c := range cases {
		var got []string
		terms(c.in, false, func(s string) { got = append(got, s) })
		if !slices.Equal(got, c.want) {
			t.Errorf("terms(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestTermsKeepStop(t *testing.T) {
	var got []string
	terms("Who is in the group", true, func(s string) { got = append(got, s) })
	if want := []string{"who", "is", "in", "the", "group"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestTokenizerCacheAgrees(t *testing.T) {
	text := "Deactivates a user and revokes all access tokens for the user. WebAuthn IdP e-mail"
	var plain, cached, again []string
	terms(text, false, func(s string) { plain = append(plain, s) })
	tk := &tokenizer{cache: map[string]string{}}
	tk.terms(text, func(s string) { cached = append(cached, s) })
	tk.terms(text, func(s string) { again = append(again, s) })
	if !slices.Equal(plain, cached) || !slices.Equal(plain, again) {
		t.Errorf("cached %q, again %q, want %q", cached, again, plain)
	}
}
