package main

import (
	"io"
	"strings"
	"testing"

	"github.com/cognito-mcp/cognito-mcp/registry"
)

func TestMaxSpecBytes(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		want    int64
		wantErr string
	}{
		{"default", nil, nil, registry.DefaultMaxDocumentBytes, ""},
		{"flag", []string{"--max-spec-bytes", "4096"}, nil, 4096, ""},
		{"env twin", nil, map[string]string{"COGNITO_MCP_MAX_SPEC_BYTES": "8192"}, 8192, ""},
		{"too small", []string{"--max-spec-bytes", "10"}, nil, 0, "want at least 1024"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := parseConfig("", tc.args, func(k string) string { return tc.env[k] }, io.Discard, io.Discard)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := cfg.registryOptions("dir", nil).MaxDocumentBytes; got != tc.want {
				t.Errorf("MaxDocumentBytes = %d, want %d", got, tc.want)
			}
		})
	}
}
