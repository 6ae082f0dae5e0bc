package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
)

// runCmd runs the program in process with a clean environment.
func runCmd(t *testing.T, env map[string]string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	if env == nil {
		env = map[string]string{}
	}
	if _, ok := env["XDG_STATE_HOME"]; !ok {
		env["XDG_STATE_HOME"] = t.TempDir()
	}
	var out, errb bytes.Buffer
	err = run(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), err
}

func TestToolsCommand(t *testing.T) {
	out, _, err := runCmd(t, nil, "tools")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 103 || !strings.HasPrefix(lines[0], "NAME") || lines[102] != "101 tools" {
		t.Fatalf("tools table: %d lines, first %q, last %q", len(lines), lines[0], lines[len(lines)-1])
	}
	if !strings.Contains(out, "cognito_admin_delete_user ") || !strings.Contains(out, "xAmzTargetAwsCognitoIdentityProviderServiceAdminDeleteUser.adminDeleteUser") {
		t.Errorf("table lacks AdminDeleteUser's name or path")
	}
	for _, l := range lines[1:102] {
		if f := strings.Fields(l); len(f) != 3 || !map[string]bool{"read-only": true, "destructive": true, "write": true}[f[2]] {
			t.Errorf("row %q: want name, path, kind", l)
		}
	}

	out, _, err = runCmd(t, map[string]string{"COGNITO_MCP_READ_ONLY": "true"}, "tools", "--json", "--tool-names", "path")
	if err != nil {
		t.Fatal(err)
	}
	var entries []catalogEntry
	if err := json.Unmarshal([]byte(out), &entries); err != nil {
		t.Fatalf("tools --json: %v", err)
	}
	if len(entries) == 0 || len(entries) >= 101 {
		t.Fatalf("read-only JSON catalog has %d tools", len(entries))
	}
	for _, e := range entries {
		if !e.ReadOnly || e.Name != string(e.Path) || e.Source != "cognito" || e.Description == "" {
			t.Errorf("entry %+v", e)
		}
	}
}

func TestHelpVersionAndBadFlags(t *testing.T) {
	out, _, err := runCmd(t, nil, "--version")
	if err != nil || !strings.HasPrefix(out, "cognito-mcp devel (commit ") || !strings.Contains(out, ", built ") {
		t.Errorf("--version: %q, %v", out, err)
	}
	out, _, err = runCmd(t, nil, "--help")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"--tool-names", "COGNITO_MCP_TOOL_NAMES", "--http host:port", "COGNITO_MCP_HTTP", "cognito-mcp tools"} {
		if !strings.Contains(out, want) {
			t.Errorf("--help lacks %q", want)
		}
	}
	_, stderr, err := runCmd(t, nil, "--no-such-flag")
	if !errors.Is(err, errUsage) || !strings.Contains(stderr, "no-such-flag") || !strings.Contains(stderr, "--help") {
		t.Errorf("unknown flag: err %v, stderr %q", err, stderr)
	}
	_, _, err = runCmd(t, nil, "--tool-names", "fancy")
	if err == nil || !strings.Contains(err.Error(), "want compact or path") {
		t.Errorf("bad --tool-names: %v", err)
	}
	_, _, err = runCmd(t, map[string]string{"COGNITO_MCP_READ_ONLY": "maybe"})
	if err == nil || !strings.Contains(err.Error(), "COGNITO_MCP_READ_ONLY") {
		t.Errorf("bad env value: %v", err)
	}
}

// TestREADMEDocumentsEveryFlag keeps the README's table in step with the
// flags: every flag and its variable must appear there.
func TestREADMEDocumentsEveryFlag(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	out, _, err := runCmd(t, nil, "--help")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(out, "\n") {
		l = strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(l, "--"):
			flag := strings.Fields(l)[0]
			if !bytes.Contains(readme, []byte("`"+flag)) {
				t.Errorf("README does not document %s", flag)
			}
		case strings.HasPrefix(l, "env "):
			if v := strings.TrimPrefix(l, "env "); !bytes.Contains(readme, []byte(v)) {
				t.Errorf("README does not document %s", v)
			}
		}
	}
	if !bytes.Contains(readme, []byte(authTokenEnv)) {
		t.Errorf("README does not document %s", authTokenEnv)
	}
}
