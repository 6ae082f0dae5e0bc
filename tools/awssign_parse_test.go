package tools

import (
	"reflect"
	"strings"
	"testing"
)

// TestParseAWSSign checks the --aws-sign-source values: NAMESPACE=SERVICE,
// services deduplicated per namespace, the embedded source refused.
func TestParseAWSSign(t *testing.T) {
	tests := []struct {
		name    string
		values  []string
		want    map[string][]string
		wantErr string
	}{
		{"none", nil, nil, ""},
		{"grants", []string{"secrets=secretsmanager", " secrets = KMS ", "api=execute-api", "secrets=kms"},
			map[string][]string{"secrets": {"secretsmanager", "kms"}, "api": {"execute-api"}}, ""},
		{"no service", []string{"secrets"}, nil, "want NAMESPACE=SERVICE"},
		{"no namespace", []string{"=kms"}, nil, "want NAMESPACE=SERVICE"},
		{"bad service", []string{"secrets=Secrets Manager"}, nil, "want NAMESPACE=SERVICE"},
		{"the embedded source", []string{"cognito=s3"}, nil, "the embedded cognito source is always signed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseAWSSign(tc.values)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) || !strings.HasPrefix(err.Error(), "--aws-sign-source ") {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("grants %v, want %v", got, tc.want)
			}
		})
	}
}
