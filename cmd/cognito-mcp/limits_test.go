package main

import (
	"io"
	"reflect"
	"testing"
)

func TestAWSSignSource(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		want    map[string][]string
		wantErr string
	}{
		{"default: only the embedded source", nil, nil, nil, ""},
		{"flags", []string{"--aws-sign-source", "secrets=secretsmanager", "--aws-sign-source", "secrets=kms", "--aws-sign-source", "api=execute-api"}, nil,
			map[string][]string{"secrets": {"secretsmanager", "kms"}, "api": {"execute-api"}}, ""},
		{"env twin", nil, map[string]string{"COGNITO_MCP_AWS_SIGN_SOURCE": "secrets=secretsmanager, api=execute-api"},
			map[string][]string{"secrets": {"secretsmanager"}, "api": {"execute-api"}}, ""},
		{"no service", []string{"--aws-sign-source", "secrets"}, nil, nil, "want NAMESPACE=SERVICE"},
		{"bad service", []string{"--aws-sign-source", "secrets=Secrets Manager"}, nil, nil, "want NAMESPACE=SERVICE"},
		{"the embedded source", []string{"--aws-sign-source", "cognito=s3"}, nil, nil, "embedded"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := parseCase(t, tc.args, tc.env, tc.wantErr)
			if cfg == nil {
				return
			}
			if !reflect.DeepEqual(cfg.awsSign, tc.want) {
				t.Errorf("grants %v, want %v", cfg.awsSign, tc.want)
			}
		})
	}
}

// TestCallTimeoutDefault: the default ends a call before the hosts' 60 s.
func TestCallTimeoutDefault(t *testing.T) {
	cfg, err := parseConfig("", nil, func(string) string { return "" }, io.Discard, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.callTimeout <= 0 || cfg.callTimeout >= 60e9 {
		t.Errorf("--call-timeout default %s, want below 60s", cfg.callTimeout)
	}
}
