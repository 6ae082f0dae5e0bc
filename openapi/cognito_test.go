package openapi

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
)

func loadCognito(t testing.TB) *Catalog {
	t.Helper()
	return loadFile(t, "cognito-idp.openapi.yaml", Options{Namespace: "cognito"})
}

func TestCognitoToolPaths(t *testing.T) {
	cat := loadCognito(t)
	want, err := os.ReadFile("testdata/cognito-idp.tool-paths.txt")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tool := range cat.Tools {
		got = append(got, string(tool.Path))
	}
	if g, w := strings.Join(got, "\n"), strings.TrimSpace(string(want)); g != w {
		t.Errorf("tool paths differ from the golden list:\ngot:\n%s", g)
	}
	if len(cat.Tools) != 101 || len(cat.Skipped) != 0 {
		t.Errorf("%d tools, %d skipped; want 101, 0", len(cat.Tools), len(cat.Skipped))
	}
}

func TestCognitoNames(t *testing.T) {
	cat := loadCognito(t)
	seen := map[string]bool{}
	for _, tool := range cat.Tools {
		if !nameRE.MatchString(tool.Name) || strings.Contains(tool.Name, "__") || strings.HasSuffix(tool.Name, "_") {
			t.Errorf("bad MCP name %q", tool.Name)
		}
		if seen[tool.Name] {
			t.Errorf("duplicate MCP name %q", tool.Name)
		}
		seen[tool.Name] = true
		if want := "cognito_" + snakeCase(tool.Title); tool.Name != want {
			t.Errorf("name %q, want %q", tool.Name, want)
		}
		if cat.Tool(tool.Name) == nil || cat.Tool(tool.Name).Path != tool.Path {
			t.Errorf("Catalog.Tool(%q) does not find it", tool.Name)
		}
	}
	for name, want := range map[string]string{
		"cognito_admin_create_user":                    "AdminCreateUser",
		"cognito_get_csv_header":                       "GetCSVHeader",
		"cognito_get_ui_customization":                 "GetUICustomization",
		"cognito_admin_set_user_mfa_preference":        "AdminSetUserMFAPreference",
		"cognito_get_user_attribute_verification_code": "GetUserAttributeVerificationCode",
	} {
		if tool := cat.Tool(name); tool == nil || tool.Title != want {
			t.Errorf("Tool(%q) = %v, want %s", name, tool, want)
		}
	}
	if cat.Tool("nope") != nil {
		t.Error("Tool(nope) found something")
	}
}

var tagRE = regexp.MustCompile(`</?[a-zA-Z][a-zA-Z0-9]*(\s[^>]*)?/?>|<!--`)

func TestCognitoSchemasAndDescriptions(t *testing.T) {
	cat := loadCognito(t)
	amz := regexp.MustCompile(`(?i)x-amz-`)
	for _, tool := range cat.Tools {
		compileSchema(t, tool.InputSchema)
		if amz.Match(tool.InputSchema) {
			t.Errorf("%s: input schema mentions X-Amz-*", tool.Name)
		}
		m := schemaMap(t, tool.InputSchema)
		if m["type"] != "object" || m["properties"] == nil {
			t.Errorf("%s: input schema is not an object schema", tool.Name)
		}
		if tool.OutputSchema == nil {
			t.Errorf("%s: no output schema", tool.Name)
		} else {
			compileSchema(t, tool.OutputSchema)
			if schemaMap(t, tool.OutputSchema)["type"] != "object" {
				t.Errorf("%s: output schema is not an object", tool.Name)
			}
		}
		for what, text := range map[string]string{"description": tool.Description, "input schema": string(tool.InputSchema)} {
			if tagRE.MatchString(text) || strings.Contains(text, "&amp;") || strings.Contains(text, "&lt;") || strings.Contains(text, "&#") {
				t.Errorf("%s: %s has HTML left: %q", tool.Name, what, tagRE.FindString(text))
			}
		}
		if strings.TrimSpace(tool.Description) == "" || tool.Description != strings.TrimSpace(tool.Description) {
			t.Errorf("%s: description empty or untrimmed", tool.Name)
		}
		if len(tool.Description) > maxDescription {
			t.Errorf("%s: description over %d bytes", tool.Name, maxDescription)
		}
	}
	if tagRE.MatchString(cat.Description) || cat.Description == "" {
		t.Errorf("catalog description: %q", cat.Description)
	}
}

func TestCognitoPlan(t *testing.T) {
	cat := loadCognito(t)
	tool := cat.Tool("cognito_admin_create_user")
	p := tool.Plan
	if p.Method != "POST" || p.Path != "/" || p.OperationID != "AdminCreateUser" || len(p.Params) != 0 {
		t.Errorf("plan = %+v", p)
	}
	if len(p.Headers) != 1 || p.Headers[0] != (Header{"X-Amz-Target", "AWSCognitoIdentityProviderService.AdminCreateUser"}) {
		t.Errorf("headers = %+v", p.Headers)
	}
	if p.AWS == nil || *p.AWS != (AWS{Target: "AWSCognitoIdentityProviderService.AdminCreateUser", SigningName: "cognito-idp", JSONVersion: "1.1"}) {
		t.Errorf("aws = %+v", p.AWS)
	}
	if b := p.Body; b == nil || b.MediaType != "application/x-amz-json-1.1" || b.Arg != "" || !b.Required ||
		strings.Join(b.Props, ",") != "ClientMetadata,DesiredDeliveryMediums,ForceAliasCreation,MessageAction,TemporaryPassword,UserAttributes,UserPoolId,Username,ValidationData" {
		t.Errorf("body = %+v", b)
	}
	if len(p.Servers) != 4 || p.Servers[1].URL != "https://cognito-idp.{region}.amazonaws.com" ||
		p.Servers[1].Variables[0].Name != "region" || p.Servers[1].Variables[0].Default != "us-east-1" {
		t.Errorf("servers = %+v", p.Servers)
	}
	if _, ok := p.Security[0]["hmac"]; len(p.Security) != 1 || !ok {
		t.Errorf("security = %v, want the document default [{hmac: []}]", p.Security)
	}
	if len(cat.SecuritySchemes) != 1 || !cat.SecuritySchemes[0].AWSSigV4 || cat.SecuritySchemes[0].Param != "Authorization" {
		t.Errorf("schemes = %+v", cat.SecuritySchemes)
	}
	in := schemaMap(t, tool.InputSchema)
	if got := in["required"]; !equalJSON(got, []string{"UserPoolId", "Username"}) {
		t.Errorf("required = %v", got)
	}
	if err := validates(t, tool, `{"UserPoolId":"us-east-1_abc","Username":"alice"}`); err != nil {
		t.Errorf("valid arguments rejected: %v", err)
	}
	if err := validates(t, tool, `{"UserPoolId":"us-east-1_abc"}`); err == nil {
		t.Error("missing Username accepted")
	}
	if err := validates(t, tool, `{"UserPoolId":"us-east-1_abc","Username":"alice","X-Amz-Target":"x"}`); err == nil {
		t.Error("unknown argument accepted")
	}

	// Date-times: inputs take ISO strings or epoch seconds, outputs declare
	// RFC 3339 strings (the executor converts AWS's epoch numbers).
	// Compact output schemas inline DateType where it is used.
	out := string(cat.Tool("cognito_admin_get_user").OutputSchema)
	if !strings.Contains(out, `"UserCreateDate":{"format":"date-time","type":"string"}`) {
		t.Errorf("output DateType not a date-time string: %s", out)
	}
	if strings.Contains(out, `"pattern"`) || strings.Contains(out, `"enum"`) || strings.Contains(out, `"maxLength"`) {
		t.Errorf("output schema keeps value constraints: %s", out)
	}
	if got := string(cat.Tool("cognito_update_user_pool").OutputSchema); got != `{"type":"object"}` {
		t.Errorf("empty result schema = %s", got)
	}
	listJobs := cat.Tool("cognito_list_user_import_jobs")
	if err := validates(t, listJobs, `{"UserPoolId":"us-east-1_abc","MaxResults":1}`); err != nil {
		t.Errorf("list jobs: %v", err)
	}
}

func equalJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// goldenTool is what testdata/cognito.tools.golden.json keeps per tool.
type goldenTool struct {
	Name        string      `json:"name"`
	Path        ToolPath    `json:"path"`
	Annotations Annotations `json:"annotations"`
}

func TestCognitoGolden(t *testing.T) {
	cat := loadCognito(t)
	// One tool per line keeps the file small and its diffs readable.
	got := []byte("[\n")
	for i, tool := range cat.Tools {
		line, err := json.Marshal(goldenTool{tool.Name, tool.Path, tool.Annotations})
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, line...)
		if i < len(cat.Tools)-1 {
			got = append(got, ',')
		}
		got = append(got, '\n')
	}
	got = append(got, "]\n"...)
	const file = "testdata/cognito.tools.golden.json"
	if *update {
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test ./openapi -update)", err)
	}
	if string(got) != string(want) {
		t.Errorf("catalog differs from %s; if intended, run go test ./openapi -update", file)
	}
}

func TestCognitoWarnings(t *testing.T) {
	cat := loadCognito(t)
	for _, w := range cat.Warnings {
		t.Errorf("unexpected warning: %s", w)
	}
}

// The converted document repeats the paginator's body fields as query
// parameters; the JSON protocol reads only the body, so the tools take them
// flat, as body properties, and send no query string.
func TestCognitoPaginatedBodyFlat(t *testing.T) {
	cat := loadCognito(t)
	tests := []struct {
		tool, args string
	}{
		{"cognito_list_user_pools", `{"MaxResults":10,"NextToken":"t"}`},
		{"cognito_list_users", `{"UserPoolId":"us-east-1_abc","Limit":10,"PaginationToken":"t"}`},
		{"cognito_list_groups", `{"UserPoolId":"us-east-1_abc","Limit":10,"NextToken":"t"}`},
		{"cognito_list_users_in_group", `{"UserPoolId":"us-east-1_abc","GroupName":"g","Limit":10,"NextToken":"t"}`},
		{"cognito_admin_list_groups_for_user", `{"UserPoolId":"us-east-1_abc","Username":"alice","Limit":10,"NextToken":"t"}`},
		{"cognito_list_user_pool_clients", `{"UserPoolId":"us-east-1_abc","MaxResults":10,"NextToken":"t"}`},
		{"cognito_list_identity_providers", `{"UserPoolId":"us-east-1_abc","MaxResults":10,"NextToken":"t"}`},
		{"cognito_list_resource_servers", `{"UserPoolId":"us-east-1_abc","MaxResults":10,"NextToken":"t"}`},
		{"cognito_admin_list_user_auth_events", `{"UserPoolId":"us-east-1_abc","Username":"alice","MaxResults":10,"NextToken":"t"}`},
	}
	for _, tt := range tests {
		t.Run(tt.tool, func(t *testing.T) {
			tool := cat.Tool(tt.tool)
			if tool == nil {
				t.Fatal("no such tool")
			}
			if len(tool.Plan.Params) != 0 {
				t.Errorf("params = %+v, want none", tool.Plan.Params)
			}
			if b := tool.Plan.Body; b == nil || b.Arg != "" {
				t.Errorf("body = %+v, want its properties flat", b)
			}
			if err := validates(t, tool, tt.args); err != nil {
				t.Errorf("flat arguments rejected: %v", err)
			}
			if err := validates(t, tool, `{"body":{}}`); err == nil {
				t.Error("a body argument accepted")
			}
		})
	}
	// Outside AWS JSON a query parameter named like a body property stays:
	// TestParameters covers that (the "body" argument beside "id").
}
