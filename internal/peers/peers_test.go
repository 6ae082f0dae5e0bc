package peers

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestRoot(t *testing.T) {
	root := Root(t)
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("Root() = %s, which holds no go.mod: %v", root, err)
	}
	if _, err := os.Stat(filepath.Join(root, "internal", "peers", "doc.go")); err != nil {
		t.Fatalf("Root() = %s, not the repository root: %v", root, err)
	}
}

func TestNodeMajor(t *testing.T) {
	tests := []struct {
		version string
		want    int
		ok      bool
	}{
		{"v20.20.2", 20, true},
		{"v22.1.0", 22, true},
		{"x", 0, false},
		{"v8.0.0", 8, true},
		{"", 0, false},
	}
	for _, tt := range tests {
		got, ok := nodeMajor(tt.version)
		if got != tt.want || ok != tt.ok {
			t.Errorf("nodeMajor(%q) = %d, %v; want %d, %v", tt.version, got, ok, tt.want, tt.ok)
		}
	}
}

func TestEnsureNodeModules(t *testing.T) {
	modules := EnsureNodeModules(t)
	if err := checkInstalled(Root(t)); err != nil {
		t.Fatalf("after EnsureNodeModules: %v", err)
	}
	for _, pkg := range []string{"cognito-local", "@stoplight/prism-cli", "@modelcontextprotocol/sdk", "@modelcontextprotocol/client", "@modelcontextprotocol/conformance"} {
		if _, err := os.Stat(filepath.Join(modules, pkg, "package.json")); err != nil {
			t.Errorf("%s is not installed: %v", pkg, err)
		}
	}
}

func TestCheckInstalled(t *testing.T) {
	const lock = `{"lockfileVersion": 3, "packages": {
		"": {"name": "x"},
		"node_modules/a": {"version": "1.0.0", "integrity": "sha512-a"},
		"node_modules/fsevents": {"version": "2.3.3", "integrity": "sha512-f", "optional": true}}}`
	tests := []struct {
		name      string
		installed string // node_modules/.package-lock.json; "" for none
		wantErr   string
	}{
		{"not installed", "", "not installed"},
		{"matches", `{"lockfileVersion": 3, "packages": {"node_modules/a": {"version": "1.0.0", "integrity": "sha512-a"}}}`, ""},
		{"other version", `{"lockfileVersion": 3, "packages": {"node_modules/a": {"version": "1.0.1", "integrity": "sha512-b"}}}`, "node_modules/a is 1.0.1"},
		{"missing", `{"lockfileVersion": 3, "packages": {}}`, "node_modules/a is missing"},
		{"extra", `{"lockfileVersion": 3, "packages": {"node_modules/a": {"version": "1.0.0", "integrity": "sha512-a"}, "node_modules/b": {"version": "1.0.0"}}}`, "node_modules/b is installed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			write(t, filepath.Join(root, "package-lock.json"), lock)
			if tt.installed != "" {
				write(t, filepath.Join(root, "node_modules", ".package-lock.json"), tt.installed)
			}
			err := checkInstalled(root)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("checkInstalled: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("checkInstalled = %v, want an error containing %q", err, tt.wantErr)
			}
		})
	}
}

// TestCIRunInstallsLikeTests keeps .ci/run and EnsureNodeModules installing the
// packages the same way.
func TestCIRunInstallsLikeTests(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(Root(t), ".ci", "run"))
	if err != nil {
		t.Fatal(err)
	}
	want := "npm " + strings.Join(npmCIArgs, " ")
	if !strings.Contains(string(data), want) {
		t.Errorf(".ci/run does not run %q, which EnsureNodeModules runs", want)
	}
}

func TestCognitoLocalOperations(t *testing.T) {
	if !slices.IsSorted(CognitoLocalOperations) {
		t.Error("CognitoLocalOperations is not sorted")
	}
	EnsureNodeModules(t)
	// The emulator's router accepts exactly the keys of its Targets table.
	script := `console.log(JSON.stringify(Object.keys(require("cognito-local/lib/targets/targets.js").Targets).sort()))`
	cmd := exec.Command(Node(t), "-e", script)
	cmd.Dir = Root(t)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("list cognito-local's targets: %v", err)
	}
	var got []string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("read cognito-local's targets: %v\n%s", err, out)
	}
	slices.Sort(got) // JavaScript's sort compares UTF-16 code units; Go's bytes: same for ASCII
	if !slices.Equal(got, CognitoLocalOperations) {
		t.Errorf("cognito-local implements\n%q\nCognitoLocalOperations says\n%q", got, CognitoLocalOperations)
	}
	if len(got) != 50 {
		t.Errorf("cognito-local implements %d operations, want 50", len(got))
	}
}

func TestStartCognitoLocal(t *testing.T) {
	t.Parallel()
	base := StartCognitoLocal(t)

	tests := []struct {
		name       string
		target     string
		body       string
		wantStatus int
		check      func(t *testing.T, body map[string]any)
	}{
		{
			name:       "create user pool",
			target:     "CreateUserPool",
			body:       `{"PoolName": "peers-test"}`,
			wantStatus: http.StatusOK,
			check: func(t *testing.T, body map[string]any) {
				pool, _ := body["UserPool"].(map[string]any)
				if id, _ := pool["Id"].(string); pool["Name"] != "peers-test" || !strings.HasPrefix(id, "local_") {
					t.Errorf("UserPool = %v", pool)
				}
				if _, ok := pool["CreationDate"].(float64); !ok {
					t.Errorf("CreationDate = %#v, want epoch seconds as a number", pool["CreationDate"])
				}
				if names, _ := pool["UsernameAttributes"].([]any); len(names) != 0 {
					t.Errorf("UsernameAttributes = %v, want none as AWS does by default", names)
				}
			},
		},
		{
			name:       "missing pool",
			target:     "DescribeUserPool",
			body:       `{"UserPoolId": "local_nope"}`,
			wantStatus: http.StatusBadRequest,
			check: func(t *testing.T, body map[string]any) {
				if body["__type"] != "ResourceNotFoundException" {
					t.Errorf("__type = %v, want ResourceNotFoundException", body["__type"])
				}
			},
		},
		{
			name:       "unsupported operation",
			target:     "ListUserImportJobs",
			body:       `{}`,
			wantStatus: http.StatusInternalServerError,
			check: func(t *testing.T, body map[string]any) {
				if body["__type"] != "CognitoLocal#Unsupported" {
					t.Errorf("__type = %v, want CognitoLocal#Unsupported", body["__type"])
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodPost, base+"/", strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/x-amz-json-1.1")
			req.Header.Set("X-Amz-Target", "AWSCognitoIdentityProviderService."+tt.target)
			status, body := doJSON(t, req)
			if status != tt.wantStatus {
				t.Fatalf("%s: status %d, want %d; body %v", tt.target, status, tt.wantStatus, body)
			}
			tt.check(t, body)
		})
	}
}

func TestStartPrism(t *testing.T) {
	t.Parallel()
	base := StartPrism(t, filepath.Join(Root(t), "openapi", "testdata", "petstore.openapi.yaml"))

	tests := []struct {
		name       string
		apiKey     string
		wantStatus int
	}{
		{"with api key", "special-key", http.StatusOK},
		{"without api key", "", http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodGet, base+"/store/inventory", nil)
			if err != nil {
				t.Fatal(err)
			}
			if tt.apiKey != "" {
				req.Header.Set("api_key", tt.apiKey)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			io.Copy(io.Discard, resp.Body)
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("GET /store/inventory: status %d, want %d (sl-violations: %s)",
					resp.StatusCode, tt.wantStatus, resp.Header.Get("sl-violations"))
			}
		})
	}
}

func doJSON(t *testing.T, req *http.Request) (int, map[string]any) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var body map[string]any
	if err := json.Unmarshal(data, &body); err != nil {
		t.Fatalf("%s: status %d, body is not a JSON object: %v\n%s", req.Header.Get("X-Amz-Target"), resp.StatusCode, err, data)
	}
	return resp.StatusCode, body
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestGitHubOpenAPI(t *testing.T) {
	data, err := os.ReadFile(GitHubOpenAPI(t))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		OpenAPI string         `json:"openapi"`
		Paths   map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") || len(doc.Paths) < 500 {
		t.Errorf("openapi %q with %d paths, want a 3.x document with GitHub's paths", doc.OpenAPI, len(doc.Paths))
	}
}
