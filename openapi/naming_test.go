package openapi

import (
	"strings"
	"testing"
)

func TestCaseConversion(t *testing.T) {
	tests := []struct{ in, camel, snake string }{
		{"AdminCreateUser", "adminCreateUser", "admin_create_user"},
		{"AWSCognitoIdentityProviderService", "awsCognitoIdentityProviderService", "aws_cognito_identity_provider_service"},
		{"getUserMFAConfig", "getUserMfaConfig", "get_user_mfa_config"},
		{"AdminSetUserMFAPreference", "adminSetUserMfaPreference", "admin_set_user_mfa_preference"},
		{"GetCSVHeader", "getCsvHeader", "get_csv_header"},
		{"GetUICustomization", "getUiCustomization", "get_ui_customization"},
		{"MFA", "mfa", "mfa"},
		{"UI", "ui", "ui"},
		{"OAuth2Token", "oAuth2Token", "o_auth2_token"},
		{"Sha256Hash", "sha256Hash", "sha256_hash"},
		{"AWS4Signer", "aws4Signer", "aws4_signer"},
		{"#X-Amz-Target=AWSCognitoIdentityProviderService.AdminCreateUser", "xAmzTargetAwsCognitoIdentityProviderServiceAdminCreateUser", "x_amz_target_aws_cognito_identity_provider_service_admin_create_user"},
		{"find pets--by  status!", "findPetsByStatus", "find_pets_by_status"},
		{"snake_case_id", "snakeCaseId", "snake_case_id"},
		{"__leading__trailing__", "leadingTrailing", "leading_trailing"},
		{"café-Menü", "cafMen", "caf_men"},
		{"v2", "v2", "v2"},
		{"", "", ""},
		{"!!!", "", ""},
	}
	for _, tt := range tests {
		if got := camelCase(tt.in); got != tt.camel {
			t.Errorf("camelCase(%q) = %q, want %q", tt.in, got, tt.camel)
		}
		if got := snakeCase(tt.in); got != tt.snake {
			t.Errorf("snakeCase(%q) = %q, want %q", tt.in, got, tt.snake)
		}
	}
}

func TestToolGroup(t *testing.T) {
	tests := []struct {
		tags []string
		path string
		want string
	}{
		{[]string{"pet"}, "/pet/{petId}", "pet"},
		{[]string{"User Accounts", "other"}, "/x", "userAccounts"},
		{[]string{"!!"}, "/orders", "orders"},
		{nil, "/api/v2/orders/{id}", "orders"},
		{nil, "/v1/{tenant}/user-groups", "userGroups"},
		{nil, "/V3/Things", "things"},
		{nil, "/#X-Amz-Target=AWSCognitoIdentityProviderService.AdminCreateUser", "xAmzTargetAwsCognitoIdentityProviderServiceAdminCreateUser"},
		{nil, "/", "root"},
		{nil, "/api/v1/{id}", "root"},
		{nil, "/version/list", "version"},
	}
	for _, tt := range tests {
		if got := toolGroup(tt.tags, tt.path); got != tt.want {
			t.Errorf("toolGroup(%v, %q) = %q, want %q", tt.tags, tt.path, got, tt.want)
		}
	}
	if got := derivedLeaf("GET", "/pets/{petId}/photos"); got != "getPetsPetIdPhotos" {
		t.Errorf("derivedLeaf = %q", got)
	}
}

func TestMCPName(t *testing.T) {
	long := "AdminUpdateTheVeryLongOperationNameThatGoesOnAndOnForever"
	tests := []struct {
		ns, id    string
		want      string
		shortened bool
	}{
		{"cognito", "AdminCreateUser", "cognito_admin_create_user", false},
		{"cognito", "GetUserAttributeVerificationCode", "cognito_get_user_attribute_verification_code", false},
		{"petstore", "addPet", "petstore_add_pet", false},
		{"x", "", "x", false},
		{"cognito", long, "cognito_admin_update_the_very_long_operat_" + shortHash("cognito_"+snakeCase(long)), true},
		// A cut that ends on an underscore does not leave "__".
		{"ns", "aaaaaaaaaa_bbbbbbbbbb_cccccccccc_dddd_eeeeeeeeeeeeeeee", "ns_aaaaaaaaaa_bbbbbbbbbb_cccccccccc_dddd_" + shortHash("ns_aaaaaaaaaa_bbbbbbbbbb_cccccccccc_dddd_eeeeeeeeeeeeeeee"), true},
	}
	for _, tt := range tests {
		got, short := mcpName(tt.ns, tt.id)
		if got != tt.want || short != tt.shortened {
			t.Errorf("mcpName(%q, %q) = %q, %v; want %q, %v", tt.ns, tt.id, got, short, tt.want, tt.shortened)
		}
		if !nameRE.MatchString(got) || strings.Contains(got, "__") || strings.HasSuffix(got, "_") {
			t.Errorf("mcpName(%q, %q) = %q is not a safe name", tt.ns, tt.id, got)
		}
	}
	// Shortening is deterministic and keeps distinct long names distinct.
	a, _ := mcpName("cognito", long+"A")
	b, _ := mcpName("cognito", long+"B")
	if a == b || len(a) != maxNameLen {
		t.Errorf("long names: %q and %q", a, b)
	}
	if again, _ := mcpName("cognito", long+"A"); again != a {
		t.Errorf("shortening not deterministic: %q vs %q", a, again)
	}
}

// TestNameCollisions loads operations whose names collide: the one whose
// tool path sorts first keeps the name, the others get a hash suffix, and
// every rename is a warning.
func TestNameCollisions(t *testing.T) {
	doc := `openapi: 3.0.3
info: {title: c, version: "1"}
paths:
  /a:
    get: {operationId: list_items, tags: [b], responses: {"200": {description: ok}}}
  /b:
    get: {operationId: ListItems, tags: [a], responses: {"200": {description: ok}}}
  /c:
    get: {operationId: listItems, tags: [a], responses: {"200": {description: ok}}}
  /long:
    get: {operationId: ` + strings.Repeat("Word", 15) + `, responses: {"200": {description: ok}}}
`
	cat := loadString(t, doc)
	got := map[ToolPath]string{}
	for _, tool := range cat.Tools {
		got[tool.Path] = tool.Name
		if !nameRE.MatchString(tool.Name) || strings.Contains(tool.Name, "__") {
			t.Errorf("bad name %q", tool.Name)
		}
	}
	if got["a.listItems"] != "t_list_items" {
		t.Errorf("a.listItems = %q, want t_list_items", got["a.listItems"])
	}
	if got["a.listItems2"] != "t_list_items_"+shortHash("a.listItems2") {
		t.Errorf("a.listItems2 = %q", got["a.listItems2"])
	}
	if got["b.listItems"] != "t_list_items_"+shortHash("b.listItems") {
		t.Errorf("b.listItems = %q", got["b.listItems"])
	}
	if len(cat.Tools) != 4 {
		t.Fatalf("%d tools", len(cat.Tools))
	}
	warned := strings.Join(cat.Warnings, "\n")
	for _, want := range []string{
		"tool a.listItems2: MCP name t_list_items is taken by a.listItems",
		"tool b.listItems: MCP name t_list_items is taken by a.listItems",
		"GET /c: tool path a.listItems is taken; using a.listItems2",
		"MCP name shortened to",
	} {
		if !strings.Contains(warned, want) {
			t.Errorf("no warning %q in:\n%s", want, warned)
		}
	}
}

func TestMatchGlob(t *testing.T) {
	tests := []struct {
		pattern, s string
		want       bool
	}{
		{"AdminCreateUser", "AdminCreateUser", true},
		{"admincreateuser", "AdminCreateUser", true},
		{"Admin*", "AdminCreateUser", true},
		{"*User", "AdminCreateUser", true},
		{"*Create*", "AdminCreateUser", true},
		{"A*C*U*r", "AdminCreateUser", true},
		{"*", "", true},
		{"Admin", "AdminCreateUser", false},
		{"*Delete*", "AdminCreateUser", false},
		{"a*b*a", "ab", false},
		{"pet.*", "pet.addPet", true},
		{"cognito_list_*", "cognito_list_users", true},
	}
	for _, tt := range tests {
		if got := matchGlob(tt.pattern, tt.s); got != tt.want {
			t.Errorf("matchGlob(%q, %q) = %v", tt.pattern, tt.s, got)
		}
	}
}

func TestIsVersionSegment(t *testing.T) {
	for seg, want := range map[string]bool{"v1": true, "v2": true, "V3": true, "v1beta": true, "v1.2": true, "v": false, "vault": false, "version": false, "1": false} {
		if got := isVersionSegment(seg); got != want {
			t.Errorf("isVersionSegment(%q) = %v", seg, got)
		}
	}
}
