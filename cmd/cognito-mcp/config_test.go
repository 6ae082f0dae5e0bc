package main

import (
	"io"
	"slices"
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
			cfg := parseCase(t, tc.args, tc.env, tc.wantErr)
			if cfg == nil {
				return
			}
			if got := cfg.registryOptions("dir", nil).MaxDocumentBytes; got != tc.want {
				t.Errorf("MaxDocumentBytes = %d, want %d", got, tc.want)
			}
		})
	}
}

func TestIncludeExclude(t *testing.T) {
	tests := []struct {
		name             string
		args             []string
		env              map[string]string
		include, exclude []string
		wantErr          string
	}{
		{"none", nil, nil, nil, nil, ""},
		{"repeated flags", []string{"--include", "cognito_list_*", "--include", "openapi.*", "--exclude", "*delete*"}, nil,
			[]string{"cognito_list_*", "openapi.*"}, []string{"*delete*"}, ""},
		{"env twins, comma-separated", nil, map[string]string{"COGNITO_MCP_INCLUDE": "cognito_*, pets_*", "COGNITO_MCP_EXCLUDE": "*delete*"},
			[]string{"cognito_*", "pets_*"}, []string{"*delete*"}, ""},
		{"bad pattern", []string{"--exclude", "[oops"}, nil, nil, nil, "--exclude"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := parseCase(t, tc.args, tc.env, tc.wantErr)
			if cfg == nil {
				return
			}
			inv := cfg.inventory()
			if !slices.Equal(inv.Include, tc.include) || !slices.Equal(inv.Exclude, tc.exclude) {
				t.Errorf("include %q exclude %q, want %q %q", inv.Include, inv.Exclude, tc.include, tc.exclude)
			}
		})
	}
}

// parseCase parses args with env as the server's command line. With
// wantErr it checks that the error names it and returns nil.
func parseCase(t *testing.T, args []string, env map[string]string, wantErr string) *config {
	t.Helper()
	cfg, err := parseConfig("", args, func(k string) string { return env[k] }, io.Discard, io.Discard)
	if wantErr != "" {
		if err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Fatalf("err = %v, want %q", err, wantErr)
		}
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}
