package executor

import "github.com/cognito-mcp/cognito-mcp/awsconf"

// anonymousOps are the Cognito user pools operations that AWS serves without
// IAM credentials: the caller proves who it is with an access token, a
// session, a confirmation code or the app client itself. The AWS SDK for Go
// sends them unsigned (their only auth scheme in
// service/cognitoidentityprovider/auth.go is smithy.api#noAuth), and so do we.
// TestAnonymousOpsMatchSDK checks this list against the SDK.
var anonymousOps = map[string]bool{
	"AssociateSoftwareToken":           true,
	"ChangePassword":                   true,
	"CompleteWebAuthnRegistration":     true,
	"ConfirmDevice":                    true,
	"ConfirmForgotPassword":            true,
	"ConfirmSignUp":                    true,
	"DeleteUser":                       true,
	"DeleteUserAttributes":             true,
	"DeleteWebAuthnCredential":         true,
	"ForgetDevice":                     true,
	"ForgotPassword":                   true,
	"GetDevice":                        true,
	"GetTokensFromRefreshToken":        true,
	"GetUser":                          true,
	"GetUserAttributeVerificationCode": true,
	"GetUserAuthFactors":               true,
	"GlobalSignOut":                    true,
	"InitiateAuth":                     true,
	"ListDevices":                      true,
	"ListWebAuthnCredentials":          true,
	"ResendConfirmationCode":           true,
	"RespondToAuthChallenge":           true,
	"RevokeToken":                      true,
	"SetUserMFAPreference":             true,
	"SetUserSettings":                  true,
	"SignUp":                           true,
	"StartWebAuthnRegistration":        true,
	"UpdateAuthEventFeedback":          true,
	"UpdateDeviceStatus":               true,
	"UpdateUserAttributes":             true,
	"VerifySoftwareToken":              true,
	"VerifyUserAttribute":              true,
}

// isAnonymous reports whether an AWS JSON operation is sent unsigned: a
// Cognito user pools operation on the list above. target is the X-Amz-Target
// value ("AWSCognitoIdentityProviderService.SignUp").
func isAnonymous(signingName, target string) bool {
	if signingName != awsconf.CognitoSigningName {
		return false
	}
	op := target
	for i := len(target) - 1; i >= 0; i-- {
		if target[i] == '.' {
			op = target[i+1:]
			break
		}
	}
	return anonymousOps[op]
}
