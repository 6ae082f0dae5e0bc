package search

import (
	"slices"
	"testing"
)

func TestParamNames(t *testing.T) {
	cases := []struct {
		name, schema string
		want         []string
	}{
		{"flat", `{"type":"object","properties":{"UserPoolId":{"type":"string"},"Username":{"type":"string"}}}`,
			[]string{"UserPoolId", "Username"}},
		{"nested and arrays", `{"type":"object","properties":{
			"SmsConfiguration":{"type":"object","properties":{"SnsCallerArn":{"type":"string"}}},
			"UserAttributes":{"type":"array","items":{"type":"object","properties":{"Name":{},"Value":{}}}}}}`,
			[]string{"Name", "SmsConfiguration", "SnsCallerArn", "UserAttributes", "Value"}},
		{"refs into $defs", `{"type":"object","properties":{"Policies":{"$ref":"#/$defs/P"}},
			"$defs":{"P":{"type":"object","properties":{"PasswordPolicy":{"type":"object"}}}}}`,
			[]string{"PasswordPolicy", "Policies"}},
		{"recursive type", `{"$ref":"#/definitions/Node","definitions":{"Node":{"type":"object",
			"properties":{"Child":{"$ref":"#/definitions/Node"},"Label":{"type":"string"}}}}}`,
			[]string{"Child", "Label"}},
		{"enum values", `{"type":"object","properties":{"AuthFlow":{"type":"string",
			"enum":["USER_PASSWORD_AUTH","REFRESH_TOKEN_AUTH","a sentence, not a word",""]}}}`,
			[]string{"AuthFlow", "REFRESH_TOKEN_AUTH", "USER_PASSWORD_AUTH"}},
		{"combinators", `{"anyOf":[{"properties":{"A":{}}},{"allOf":[{"properties":{"B":{}}}]}],
			"additionalProperties":{"properties":{"C":{}}}}`,
			[]string{"A", "B", "C"}},
		{"not json", `{"type":`, nil},
		{"empty", `{}`, nil},
	}
	for _, c := range cases {
		if got := ParamNames([]byte(c.schema)); !slices.Equal(got, c.want) {
			t.Errorf("%s: ParamNames = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestParamNamesDepth(t *testing.T) {
	schema := `{"properties":{"L1":{"properties":{"L2":{"properties":{"L3":{"properties":{"L4":{"properties":{"L5":{"properties":{"L6":{}}}}}}}}}}}}}`
	got := ParamNames([]byte(schema))
	if want := []string{"L1", "L2", "L3", "L4", "L5"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestParamNamesCognito(t *testing.T) {
	for _, d := range cognitoDocs(t) {
		if d.Name == "cognito_admin_create_user" {
			for _, p := range []string{"UserPoolId", "Username", "UserAttributes", "Name", "MessageAction", "SUPPRESS"} {
				if !slices.Contains(d.Params, p) {
					t.Errorf("%s: params %q lack %q", d.Name, d.Params, p)
				}
			}
			return
		}
	}
	t.Fatal("cognito_admin_create_user not in the catalog")
}
