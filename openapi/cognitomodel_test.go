package openapi

import (
	"encoding/json"
	"maps"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// The Cognito document generated from AWS's current model (package
// botocore, go generate ./registry), and the model it was generated from.
const (
	cognitoModelDoc = "../registry/embedded/cognito-idp.openapi.json"
	cognitoModel    = "../registry/embedded/botocore/cognito-idp-2016-04-18.service-2.json"
)

// cognitoModelCatalog loads the generated document once; tests only read
// the catalog.
var cognitoModelCatalog = sync.OnceValues(func() (*Catalog, error) {
	data, err := os.ReadFile(cognitoModelDoc)
	if err != nil {
		return nil, err
	}
	return Load(data, Options{Namespace: "cognito"})
})

func loadCognitoModel(t testing.TB) *Catalog {
	t.Helper()
	cat, err := cognitoModelCatalog()
	if err != nil {
		t.Fatalf("load %s: %v", cognitoModelDoc, err)
	}
	return cat
}

// botoModel is what these tests read of a botocore model.
type botoModel struct {
	Metadata struct {
		TargetPrefix string `json:"targetPrefix"`
	} `json:"metadata"`
	Operations map[string]struct {
		Input struct {
			Shape string `json:"shape"`
		} `json:"input"`
	} `json:"operations"`
	Shapes map[string]botoShape `json:"shapes"`
}

type botoShape struct {
	Type    string `json:"type"`
	Members map[string]struct {
		Shape string `json:"shape"`
	} `json:"members"`
	Member *struct {
		Shape string `json:"shape"`
	} `json:"member"`
	Value *struct {
		Shape string `json:"shape"`
	} `json:"value"`
}

func readBotoModel(t testing.TB) *botoModel {
	t.Helper()
	data, err := os.ReadFile(cognitoModel)
	if err != nil {
		t.Fatal(err)
	}
	var m botoModel
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return &m
}

// newAnnotations classifies the 28 operations the seed catalog lacks.
var newAnnotations = map[string]string{
	"AddUserPoolClientSecret":              "---",
	"AdminGetUserAuthFactors":              "r-i",
	"CompleteWebAuthnRegistration":         "---",
	"CreateManagedLoginBranding":           "---",
	"CreateTerms":                          "---",
	"CreateUserPoolReplica":                "---",
	"DeleteManagedLoginBranding":           "-di",
	"DeleteTerms":                          "-di",
	"DeleteUserPoolClientSecret":           "-di",
	"DeleteUserPoolReplica":                "-di",
	"DeleteWebAuthnCredential":             "-di",
	"DescribeManagedLoginBranding":         "r-i",
	"DescribeManagedLoginBrandingByClient": "r-i",
	"DescribeTerms":                        "r-i",
	"GetLogDeliveryConfiguration":          "r-i",
	"GetProvisionedLimit":                  "r-i",
	"GetTokensFromRefreshToken":            "-d-",
	"GetUserAuthFactors":                   "r-i",
	"ListTerms":                            "r-i",
	"ListUserPoolClientSecrets":            "r-i",
	"ListUserPoolReplicas":                 "r-i",
	"ListWebAuthnCredentials":              "r-i",
	"SetLogDeliveryConfiguration":          "-di",
	"StartWebAuthnRegistration":            "---",
	"UpdateManagedLoginBranding":           "-di",
	"UpdateProvisionedLimit":               "-di",
	"UpdateTerms":                          "-di",
	"UpdateUserPoolReplica":                "-di",
}

// unsignedOps are the operations AWS serves without SigV4: the 26 of the
// seed catalog and six new ones (the executor sends them unsigned).
var unsignedOps = []string{
	"AssociateSoftwareToken", "ChangePassword", "ConfirmDevice", "ConfirmForgotPassword",
	"ConfirmSignUp", "DeleteUser", "DeleteUserAttributes", "ForgetDevice", "ForgotPassword",
	"GetDevice", "GetUser", "GetUserAttributeVerificationCode", "GlobalSignOut",
	"InitiateAuth", "ListDevices", "ResendConfirmationCode", "RespondToAuthChallenge",
	"RevokeToken", "SetUserMFAPreference", "SetUserSettings", "SignUp",
	"UpdateAuthEventFeedback", "UpdateDeviceStatus", "UpdateUserAttributes",
	"VerifySoftwareToken", "VerifyUserAttribute",
	// New in the current model.
	"StartWebAuthnRegistration", "CompleteWebAuthnRegistration", "ListWebAuthnCredentials",
	"DeleteWebAuthnCredential", "GetUserAuthFactors", "GetTokensFromRefreshToken",
}

func TestCognitoModelTools(t *testing.T) {
	cat := loadCognitoModel(t)
	seed := loadCognito(t)
	if len(cat.Tools) != 129 || len(cat.Skipped) != 0 {
		t.Fatalf("%d tools, %d skipped; want 129 and 0", len(cat.Tools), len(cat.Skipped))
	}
	golden, err := os.ReadFile("testdata/cognito-idp.tool-paths.txt")
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[ToolPath]*Tool{}
	names := map[string]bool{}
	for i := range cat.Tools {
		tool := &cat.Tools[i]
		byPath[tool.Path] = tool
		if !nameRE.MatchString(tool.Name) || strings.Contains(tool.Name, "__") || names[tool.Name] {
			t.Errorf("%s: MCP name %q is not a unique [a-z0-9_]{1,48} name", tool.Path, tool.Name)
		}
		names[tool.Name] = true
	}
	seedPaths := strings.Fields(string(golden))
	if len(seedPaths) != 101 {
		t.Fatalf("golden list has %d paths", len(seedPaths))
	}
	for _, p := range seedPaths {
		if byPath[ToolPath(p)] == nil {
			t.Errorf("seed tool path %s is gone", p)
		}
	}
	// The same tools keep the same MCP names.
	for _, old := range seed.Tools {
		if tool := byPath[old.Path]; tool != nil && tool.Name != old.Name {
			t.Errorf("%s: MCP name %s, was %s", old.Path, tool.Name, old.Name)
		}
	}
	// The new operations get paths by the same algorithm.
	m := readBotoModel(t)
	var added []string
	for _, op := range slices.Sorted(maps.Keys(m.Operations)) {
		want := ToolPath(camelCase("#X-Amz-Target="+m.Metadata.TargetPrefix+"."+op) + "." + camelCase(op))
		tool := byPath[want]
		if tool == nil {
			t.Errorf("%s: no tool at %s", op, want)
			continue
		}
		if tool.Title != op {
			t.Errorf("%s: title %s, want %s", want, tool.Title, op)
		}
		if !slices.Contains(seedPaths, string(want)) {
			added = append(added, op)
		}
	}
	if !slices.Equal(added, slices.Sorted(maps.Keys(newAnnotations))) {
		t.Errorf("new operations %v,\nwant %v", added, slices.Sorted(maps.Keys(newAnnotations)))
	}
	if byPath["xAmzTargetAwsCognitoIdentityProviderServiceGetTokensFromRefreshToken.getTokensFromRefreshToken"] == nil {
		t.Error("no tool for GetTokensFromRefreshToken at the expected path")
	}
}

func TestCognitoModelAnnotations(t *testing.T) {
	want := maps.Clone(seedAnnotations)
	maps.Copy(want, newAnnotations)
	cat := loadCognitoModel(t)
	if len(want) != 129 || len(cat.Tools) != len(want) {
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

func TestCognitoModelUnsigned(t *testing.T) {
	cat := loadCognitoModel(t)
	var got []string
	for _, tool := range cat.Tools {
		if tool.Plan.AWS == nil {
			t.Fatalf("%s: not an AWS JSON operation", tool.Path)
		}
		if tool.Plan.AWS.SigningName != "cognito-idp" || tool.Plan.AWS.JSONVersion != "1.1" {
			t.Errorf("%s: signing name %q, JSON %q", tool.Path, tool.Plan.AWS.SigningName, tool.Plan.AWS.JSONVersion)
		}
		if tool.Plan.AWS.Unsigned {
			got = append(got, tool.Title)
			if len(tool.Plan.Security) != 0 {
				t.Errorf("%s: unsigned but security %v", tool.Title, tool.Plan.Security)
			}
		}
	}
	if want := slices.Sorted(slices.Values(unsignedOps)); !slices.Equal(got, want) || len(got) != 32 {
		t.Errorf("unsigned operations:\n%v\nwant the 32:\n%v", got, want)
	}
}

// TestCognitoModelNewMembers finds the members the current model adds to
// the structures the 101 seed operations take as input (diffing the seed
// document against the model) and checks each is an argument of every tool
// that reaches it.
func TestCognitoModelNewMembers(t *testing.T) {
	seedDoc, err := openapi3.NewLoader().LoadFromFile("testdata/cognito-idp.openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	seedSchemas := seedDoc.Components.Schemas
	m := readBotoModel(t)
	cat := loadCognitoModel(t)
	seed := loadCognito(t)

	type added struct{ shape, member string }
	found := map[added]bool{}
	for _, old := range seed.Tools {
		op := old.Title
		tool := findTitle(cat, op)
		if tool == nil {
			t.Fatalf("%s: no tool", op)
		}
		// Walk the model from the input, keeping the argument path.
		type step struct{ shape, path string }
		queue := []step{{m.Operations[op].Input.Shape, ""}}
		seen := map[string]bool{}
		for len(queue) > 0 {
			st := queue[0]
			queue = queue[1:]
			if seen[st.shape] {
				continue
			}
			seen[st.shape] = true
			s := m.Shapes[st.shape]
			switch s.Type {
			case "list":
				queue = append(queue, step{s.Member.Shape, st.path + "[]"})
			case "map":
				queue = append(queue, step{s.Value.Shape, joinPath(st.path, "*")})
			case "structure":
				oldShape := seedSchemas[st.shape]
				for _, name := range slices.Sorted(maps.Keys(s.Members)) {
					path := joinPath(st.path, name)
					queue = append(queue, step{s.Members[name].Shape, path})
					if oldShape == nil || oldShape.Value.Properties[name] != nil {
						continue // a new shape, or a member the seed had
					}
					found[added{st.shape, name}] = true
					if !schemaHas(t, tool.InputSchema, path) {
						t.Errorf("%s: argument %s (new member %s.%s) missing", op, path, st.shape, name)
					}
				}
			}
		}
	}
	if len(found) != 31 {
		t.Errorf("%d new input members, want 31: %v", len(found), found)
	}
	for _, want := range []added{
		{"InitiateAuthRequest", "Session"}, {"AdminInitiateAuthRequest", "Session"},
		{"ConfirmSignUpRequest", "Session"}, {"SetUserMFAPreferenceRequest", "EmailMfaSettings"},
		{"SetUserMFAPreferenceRequest", "WebAuthnMfaSettings"}, {"CreateUserPoolRequest", "UserPoolTier"},
		{"UpdateUserPoolClientRequest", "RefreshTokenRotation"}, {"CreateUserPoolDomainRequest", "ManagedLoginVersion"},
	} {
		if !found[want] {
			t.Errorf("%s.%s not found among the new members", want.shape, want.member)
		}
	}
}

func TestCognitoModelEnums(t *testing.T) {
	cat := loadCognitoModel(t)
	for _, tt := range []struct {
		op, path string
		values   []string
	}{
		{"InitiateAuth", "AuthFlow", []string{"USER_AUTH"}},
		{"AdminInitiateAuth", "AuthFlow", []string{"USER_AUTH"}},
		{"RespondToAuthChallenge", "ChallengeName", []string{"SELECT_CHALLENGE", "EMAIL_OTP", "SMS_OTP", "PASSWORD", "PASSWORD_SRP", "WEB_AUTHN"}},
		{"CreateUserPoolClient", "ExplicitAuthFlows[]", []string{"ALLOW_USER_AUTH"}},
		{"UpdateUserPoolClient", "ExplicitAuthFlows[]", []string{"ALLOW_USER_AUTH"}},
	} {
		tool := findTitle(cat, tt.op)
		s := schemaAt(t, tool.InputSchema, tt.path)
		enum, _ := s["enum"].([]any)
		for _, v := range tt.values {
			if !slices.Contains(enum, any(v)) {
				t.Errorf("%s %s: enum %v lacks %s", tt.op, tt.path, enum, v)
			}
		}
	}
}

func TestCognitoModelValidation(t *testing.T) {
	cat := loadCognitoModel(t)
	seed := loadCognito(t)
	for _, tt := range []struct{ op, args string }{
		{"InitiateAuth", `{"AuthFlow":"USER_AUTH","ClientId":"x"}`},
		{"ConfirmSignUp", `{"ClientId":"x","Username":"u","ConfirmationCode":"123456","Session":"` + strings.Repeat("s", 20) + `"}`},
	} {
		var args any
		if err := json.Unmarshal([]byte(tt.args), &args); err != nil {
			t.Fatal(err)
		}
		if err := compileSchema(t, findTitle(cat, tt.op).InputSchema).Validate(args); err != nil {
			t.Errorf("%s %s: %v", tt.op, tt.args, err)
		}
		// The seed catalog refused both.
		if err := compileSchema(t, findTitle(seed, tt.op).InputSchema).Validate(args); err == nil {
			t.Errorf("%s %s: the seed catalog accepts it too; the test proves nothing", tt.op, tt.args)
		}
	}
}

func TestCognitoModelNoPasswordFormat(t *testing.T) {
	for _, c := range []struct {
		cat  *Catalog
		want bool
	}{
		{loadFile(t, "../"+cognitoModelDoc, Options{Namespace: "cognito", Schemas: SchemasVerbose}), false},
		// The seed document marks them password; only the verbose schemas
		// keep that format (compaction drops it).
		{loadFile(t, "cognito-idp.openapi.yaml", Options{Namespace: "cognito", Schemas: SchemasVerbose}), true},
	} {
		var n int
		for _, tool := range c.cat.Tools {
			if strings.Contains(string(tool.InputSchema), `"format":"password"`) || strings.Contains(string(tool.OutputSchema), `"format":"password"`) {
				n++
			}
		}
		if (n > 0) != c.want {
			t.Errorf("%s: %d tools with format password", c.cat.Title, n)
		}
	}
}

func TestCognitoModelPagingAndSensitive(t *testing.T) {
	cat := loadCognitoModel(t)
	var paged []string
	for _, tool := range cat.Tools {
		if tool.Paging != nil {
			paged = append(paged, tool.Title)
		}
	}
	wantPaged := []string{"AdminListGroupsForUser", "AdminListUserAuthEvents", "ListGroups", "ListIdentityProviders",
		"ListResourceServers", "ListUserPoolClients", "ListUserPools", "ListUsers", "ListUsersInGroup"}
	if !slices.Equal(paged, wantPaged) {
		t.Errorf("paged tools %v, want %v", paged, wantPaged)
	}
	// The description of a paginated tool ends with one sentence that
	// names the token argument; no other description says "Paginated".
	for _, tool := range cat.Tools {
		note := ""
		if p := tool.Paging; p != nil {
			note = "\n\nPaginated: pass " + p.OutputTokens[0] + " from the previous result as " + p.InputTokens[0] + "."
		}
		if !strings.HasSuffix(tool.Description, note) || strings.Count(tool.Description, "Paginated:") != strings.Count(note, "Paginated:") {
			t.Errorf("%s: description ends %q, want the note %q", tool.Title, tool.Description[max(0, len(tool.Description)-100):], note)
		}
		if len(tool.Description) > maxDescription {
			t.Errorf("%s: description of %d bytes", tool.Title, len(tool.Description))
		}
	}
	if d := findTitle(cat, "ListUsers").Description; !strings.HasSuffix(d, "\n\nPaginated: pass PaginationToken from the previous result as PaginationToken.") {
		t.Errorf("ListUsers description ends %q", d[len(d)-100:])
	}
	if p := findTitle(cat, "ListUsers").Paging; p == nil || !slices.Equal(p.InputTokens, []string{"PaginationToken"}) ||
		!slices.Equal(p.OutputTokens, []string{"PaginationToken"}) || p.LimitKey != "Limit" || !slices.Equal(p.ResultKeys, []string{"Users"}) {
		t.Errorf("ListUsers paging %+v", p)
	}
	s := findTitle(cat, "InitiateAuth").Sensitive
	if s == nil || !slices.Equal(s.Args, []string{"AuthParameters", "ClientId", "Session", "UserContextData"}) ||
		!slices.Contains(s.Result, "AuthenticationResult.AccessToken") || !slices.Contains(s.Result, "Session") {
		t.Errorf("InitiateAuth sensitive %+v", s)
	}
	if s := findTitle(cat, "AdminCreateUser").Sensitive; s == nil || !slices.Contains(s.Args, "UserAttributes[].Value") ||
		!slices.Contains(s.Args, "TemporaryPassword") || !slices.Contains(s.Result, "User.Username") {
		t.Errorf("AdminCreateUser sensitive %+v", s)
	}
}

func findTitle(cat *Catalog, title string) *Tool {
	for i := range cat.Tools {
		if cat.Tools[i].Title == title {
			return &cat.Tools[i]
		}
	}
	return nil
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// schemaAt resolves an argument path ("A.B", "A[]", "A.*") in a tool's
// input schema, following local $refs and allOf, or fails the test.
func schemaAt(t testing.TB, raw json.RawMessage, path string) map[string]any {
	t.Helper()
	s, ok := lookup(t, raw, path)
	if !ok {
		t.Fatalf("no %s in %s", path, raw)
	}
	return s
}

// schemaHas reports whether the argument path exists in the input schema.
func schemaHas(t testing.TB, raw json.RawMessage, path string) bool {
	t.Helper()
	_, ok := lookup(t, raw, path)
	return ok
}

func lookup(t testing.TB, raw json.RawMessage, path string) (map[string]any, bool) {
	t.Helper()
	var root map[string]any
	if err := json.Unmarshal(raw, &root); err != nil {
		t.Fatal(err)
	}
	// deref follows $ref and folds allOf into the candidates to search.
	var deref func(s map[string]any, depth int) []map[string]any
	deref = func(s map[string]any, depth int) []map[string]any {
		if s == nil || depth > 32 {
			return nil
		}
		out := []map[string]any{s}
		if r, ok := s["$ref"].(string); ok {
			target := any(root)
			for _, seg := range strings.Split(strings.TrimPrefix(r, "#/"), "/") {
				m, _ := target.(map[string]any)
				target = m[seg]
			}
			m, _ := target.(map[string]any)
			out = append(out, deref(m, depth+1)...)
		}
		for _, key := range []string{"allOf", "anyOf", "oneOf"} {
			list, _ := s[key].([]any)
			for _, e := range list {
				m, _ := e.(map[string]any)
				out = append(out, deref(m, depth+1)...)
			}
		}
		return out
	}
	// merged joins the keywords of every candidate, the first one winning.
	merged := func(cands []map[string]any) map[string]any {
		out := map[string]any{}
		for _, c := range cands {
			for k, v := range c {
				if _, ok := out[k]; !ok {
					out[k] = v
				}
			}
		}
		return out
	}
	cur := deref(root, 0)
	for _, seg := range splitPath(path) {
		var next []map[string]any
		for _, c := range cur {
			var child map[string]any
			switch seg {
			case "[]":
				child, _ = c["items"].(map[string]any)
			case "*":
				child, _ = c["additionalProperties"].(map[string]any)
			default:
				props, _ := c["properties"].(map[string]any)
				child, _ = props[seg].(map[string]any)
			}
			next = append(next, deref(child, 0)...)
		}
		if len(next) == 0 {
			return nil, false
		}
		cur = next
	}
	return merged(cur), true
}

// splitPath splits "A.B[].C.*" into A, B, [], C, *.
func splitPath(path string) []string {
	var out []string
	for _, part := range strings.Split(path, ".") {
		n := 0
		for strings.HasSuffix(part, "[]") {
			part = strings.TrimSuffix(part, "[]")
			n++
		}
		if part != "" {
			out = append(out, part)
		}
		for ; n > 0; n-- {
			out = append(out, "[]")
		}
	}
	return out
}
