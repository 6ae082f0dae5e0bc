package openapi

import (
	"net/http"
	"testing"
)

// seedAnnotations is the reviewed classification of the 101 operations of
// the seed catalog: r = readOnly, d = destructive, i = idempotent, "-" = not.
var seedAnnotations = map[string]string{
	"AddCustomAttributes":              "---",
	"AdminAddUserToGroup":              "--i",
	"AdminConfirmSignUp":               "---",
	"AdminCreateUser":                  "---",
	"AdminDeleteUser":                  "-di",
	"AdminDeleteUserAttributes":        "-di",
	"AdminDisableProviderForUser":      "-di",
	"AdminDisableUser":                 "-di",
	"AdminEnableUser":                  "--i",
	"AdminForgetDevice":                "-di",
	"AdminGetDevice":                   "r-i",
	"AdminGetUser":                     "r-i",
	"AdminInitiateAuth":                "---",
	"AdminLinkProviderForUser":         "--i",
	"AdminListDevices":                 "r-i",
	"AdminListGroupsForUser":           "r-i",
	"AdminListUserAuthEvents":          "r-i",
	"AdminRemoveUserFromGroup":         "-di",
	"AdminResetUserPassword":           "-d-",
	"AdminRespondToAuthChallenge":      "---",
	"AdminSetUserMFAPreference":        "-di",
	"AdminSetUserPassword":             "-di",
	"AdminSetUserSettings":             "-di",
	"AdminUpdateAuthEventFeedback":     "-di",
	"AdminUpdateDeviceStatus":          "-di",
	"AdminUpdateUserAttributes":        "-d-",
	"AdminUserGlobalSignOut":           "-di",
	"AssociateSoftwareToken":           "---",
	"ChangePassword":                   "-d-",
	"ConfirmDevice":                    "---",
	"ConfirmForgotPassword":            "---",
	"ConfirmSignUp":                    "---",
	"CreateGroup":                      "---",
	"CreateIdentityProvider":           "---",
	"CreateResourceServer":             "---",
	"CreateUserImportJob":              "---",
	"CreateUserPool":                   "---",
	"CreateUserPoolClient":             "---",
	"CreateUserPoolDomain":             "---",
	"DeleteGroup":                      "-di",
	"DeleteIdentityProvider":           "-di",
	"DeleteResourceServer":             "-di",
	"DeleteUser":                       "-di",
	"DeleteUserAttributes":             "-di",
	"DeleteUserPool":                   "-di",
	"DeleteUserPoolClient":             "-di",
	"DeleteUserPoolDomain":             "-di",
	"DescribeIdentityProvider":         "r-i",
	"DescribeResourceServer":           "r-i",
	"DescribeRiskConfiguration":        "r-i",
	"DescribeUserImportJob":            "r-i",
	"DescribeUserPool":                 "r-i",
	"DescribeUserPoolClient":           "r-i",
	"DescribeUserPoolDomain":           "r-i",
	"ForgetDevice":                     "-di",
	"ForgotPassword":                   "---",
	"GetCSVHeader":                     "r-i",
	"GetDevice":                        "r-i",
	"GetGroup":                         "r-i",
	"GetIdentityProviderByIdentifier":  "r-i",
	"GetSigningCertificate":            "r-i",
	"GetUICustomization":               "r-i",
	"GetUser":                          "r-i",
	"GetUserAttributeVerificationCode": "---",
	"GetUserPoolMfaConfig":             "r-i",
	"GlobalSignOut":                    "-di",
	"InitiateAuth":                     "---",
	"ListDevices":                      "r-i",
	"ListGroups":                       "r-i",
	"ListIdentityProviders":            "r-i",
	"ListResourceServers":              "r-i",
	"ListTagsForResource":              "r-i",
	"ListUserImportJobs":               "r-i",
	"ListUserPoolClients":              "r-i",
	"ListUserPools":                    "r-i",
	"ListUsers":                        "r-i",
	"ListUsersInGroup":                 "r-i",
	"ResendConfirmationCode":           "---",
	"RespondToAuthChallenge":           "---",
	"RevokeToken":                      "-di",
	"SetRiskConfiguration":             "-di",
	"SetUICustomization":               "-di",
	"SetUserMFAPreference":             "-di",
	"SetUserPoolMfaConfig":             "-di",
	"SetUserSettings":                  "-di",
	"SignUp":                           "---",
	"StartUserImportJob":               "---",
	"StopUserImportJob":                "-di",
	"TagResource":                      "--i",
	"UntagResource":                    "-di",
	"UpdateAuthEventFeedback":          "-di",
	"UpdateDeviceStatus":               "-di",
	"UpdateGroup":                      "-di",
	"UpdateIdentityProvider":           "-di",
	"UpdateResourceServer":             "-di",
	"UpdateUserAttributes":             "-d-",
	"UpdateUserPool":                   "-di",
	"UpdateUserPoolClient":             "-di",
	"UpdateUserPoolDomain":             "-di",
	"VerifySoftwareToken":              "---",
	"VerifyUserAttribute":              "---",
}

// TestCognitoAnnotations checks the classification of every operation of the
// seed catalog.
func TestCognitoAnnotations(t *testing.T) {
	want := seedAnnotations
	cat := loadCognito(t)
	if len(want) != 101 || len(cat.Tools) != len(want) {
		t.Fatalf("%d tools, %d table rows", len(cat.Tools), len(want))
	}
	for _, tool := range cat.Tools {
		w, ok := want[tool.Title]
		if !ok {
			t.Errorf("%s: not in the table", tool.Title)
			continue
		}
		if got := hintString(tool.Annotations); got != w {
			t.Errorf("%s: %s, want %s", tool.Title, got, w)
		}
		if !tool.Annotations.OpenWorld {
			t.Errorf("%s: openWorld not set", tool.Title)
		}
	}
}

func hintString(a Annotations) string {
	b := []byte("---")
	if a.ReadOnly {
		b[0] = 'r'
	}
	if a.Destructive {
		b[1] = 'd'
	}
	if a.Idempotent {
		b[2] = 'i'
	}
	return string(b)
}

func TestAnnotateByMethod(t *testing.T) {
	tests := []struct {
		method, id string
		aws        bool
		want       string
	}{
		{http.MethodGet, "findPetsByStatus", false, "r-i"},
		{http.MethodGet, "createThing", false, "r-i"}, // the method wins
		{http.MethodHead, "headThing", false, "r-i"},
		{http.MethodDelete, "deletePet", false, "-di"},
		{http.MethodDelete, "logout", false, "-di"},
		{http.MethodPut, "updatePet", false, "-di"},
		{http.MethodPut, "uploadFile", false, "--i"},
		{http.MethodPost, "addPet", false, "---"},
		{http.MethodPost, "updatePetWithForm", false, "-di"},
		{http.MethodPost, "searchPets", false, "r-i"},
		{http.MethodPatch, "patchPet", false, "---"},
		{http.MethodPost, "postPetsPetId", false, "---"},
		{http.MethodPost, "ListUsers", true, "r-i"},
		{http.MethodPost, "AdminUserGlobalSignOut", true, "-di"},
		{http.MethodPost, "GlobalSignOut", true, "-di"},
		{http.MethodPost, "AdminGetUser", true, "r-i"},
		{http.MethodPost, "Admin", true, "---"},
		{http.MethodPost, "", true, "---"},
	}
	for _, tt := range tests {
		a := annotate(tt.method, tt.id, tt.aws)
		if got := hintString(a); got != tt.want || !a.OpenWorld {
			t.Errorf("annotate(%s, %q, %v) = %s, want %s", tt.method, tt.id, tt.aws, got, tt.want)
		}
	}
}
