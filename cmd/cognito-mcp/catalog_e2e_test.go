package main

import (
	"bytes"
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/cognito-mcp/cognito-mcp/registry"
	"github.com/cognito-mcp/cognito-mcp/tools"
)

var compactName = regexp.MustCompile(`^[a-z0-9_]{1,48}$`)

// goldenPaths is the upstream catalog's list of the 101 Cognito tool paths
// of the seed document.
func goldenPaths(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile("../../openapi/testdata/cognito-idp.tool-paths.txt")
	if err != nil {
		t.Fatal(err)
	}
	return strings.Fields(string(b))
}

// embeddedPaths are the tool paths of the embedded Cognito catalog, sorted:
// the seed's 101 and the 28 operations added since.
func embeddedPaths(t *testing.T) []string {
	t.Helper()
	cat, err := registry.Cognito()
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, tool := range cat.Tools {
		paths = append(paths, string(tool.Path))
	}
	slices.Sort(paths)
	return paths
}

// notIn lists the elements of want that are not in got.
func notIn(want, got []string) []string {
	var out []string
	for _, w := range want {
		if !slices.Contains(got, w) {
			out = append(out, w)
		}
	}
	return out
}

// cognitoTools keeps the tools of the embedded source (not the control tools).
func cognitoTools(all []mcp.Tool) []mcp.Tool {
	var out []mcp.Tool
	for _, tl := range all {
		if !strings.HasPrefix(toolPath(tl), "openapi.") {
			out = append(out, tl)
		}
	}
	return out
}

func toolPath(tl mcp.Tool) string {
	if tl.Meta == nil {
		return ""
	}
	p, _ := tl.Meta.AdditionalFields[tools.MetaToolPath].(string)
	return p
}

func TestStdioCatalog(t *testing.T) {
	for _, protocol := range []string{protocolPinned, ""} {
		name := protocol
		if name == "" {
			name = "negotiated"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := startStdio(t, protocol, baseEnv(t))
			if protocol != "" && srv.init.ProtocolVersion != protocol {
				t.Errorf("protocol %q, want %q", srv.init.ProtocolVersion, protocol)
			}
			if srv.init.ServerInfo.Name != "cognito-mcp" || srv.init.ServerInfo.Version == "" {
				t.Errorf("server info %+v", srv.init.ServerInfo)
			}
			all := srv.listAll(t)
			cog := cognitoTools(all)
			if len(cog) != 129 {
				t.Fatalf("%d Cognito tools, want 129", len(cog))
			}
			var paths []string
			for _, tl := range cog {
				if !compactName.MatchString(tl.Name) || strings.Contains(tl.Name, "__") {
					t.Errorf("name %q is not compact", tl.Name)
				}
				paths = append(paths, toolPath(tl))
				checkToolDefinition(t, tl)
			}
			slices.Sort(paths)
			if want := embeddedPaths(t); !slices.Equal(paths, want) {
				t.Errorf("tool paths in _meta differ from the embedded catalog's")
			}
			if missing := notIn(goldenPaths(t), paths); len(missing) > 0 {
				t.Errorf("the seed's tool paths %v are gone", missing)
			}
		})
	}
}

func TestStdioCatalogPathNames(t *testing.T) {
	t.Parallel()
	srv := startStdio(t, protocolPinned, baseEnv(t), "--tool-names", "path")
	cog := cognitoTools(srv.listAll(t))
	var names []string
	for _, tl := range cog {
		names = append(names, tl.Name)
		if tl.Name != toolPath(tl) {
			t.Errorf("name %q differs from its tool path %q", tl.Name, toolPath(tl))
		}
	}
	slices.Sort(names)
	if want := embeddedPaths(t); !slices.Equal(names, want) {
		t.Errorf("got %d names, want the %d paths of the embedded catalog; first difference: %v", len(names), len(want), firstDiff(names, want))
	}
	if missing := notIn(goldenPaths(t), names); len(missing) > 0 {
		t.Errorf("the seed's tool paths %v are gone", missing)
	}
}

func TestStdioCatalogEnvTwin(t *testing.T) {
	t.Parallel()
	srv := startStdio(t, protocolPinned, baseEnv(t, "COGNITO_MCP_TOOL_NAMES=path", "COGNITO_MCP_READ_ONLY=true"))
	cog := cognitoTools(srv.listAll(t))
	if len(cog) == 0 || len(cog) >= 129 {
		t.Fatalf("read-only via env gave %d tools", len(cog))
	}
	for _, tl := range cog {
		if tl.Name != toolPath(tl) {
			t.Errorf("COGNITO_MCP_TOOL_NAMES=path ignored: %q", tl.Name)
		}
		if tl.Annotations.ReadOnlyHint == nil || !*tl.Annotations.ReadOnlyHint {
			t.Errorf("%s is not read-only but COGNITO_MCP_READ_ONLY=true", tl.Name)
		}
	}
}

// TestStdioListStable checks that tools/list is byte-identical between runs,
// so hosts' prompt caches hit.
func TestStdioListStable(t *testing.T) {
	t.Parallel()
	var first []byte
	for i := range 2 {
		srv := startStdio(t, protocolPinned, baseEnv(t))
		b, err := json.Marshal(srv.listAll(t))
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = b
		} else if !bytes.Equal(first, b) {
			t.Fatal("tools/list differs between two runs")
		}
	}
}

var (
	signingHeader = regexp.MustCompile(`(?i)x-amz-(target|date|signature|credential|algorithm|security-token|signedheaders|content-sha256)`)
	htmlTag       = regexp.MustCompile(`</?[a-zA-Z][^>]*>|&[a-z]+;|&#[0-9]+;`)
)

// checkToolDefinition asserts what every Cognito tool must satisfy on the wire.
func checkToolDefinition(t *testing.T, tl mcp.Tool) {
	t.Helper()
	raw, err := json.Marshal(tl)
	if err != nil {
		t.Fatal(err)
	}
	var wire struct {
		Title       string          `json:"title"`
		Description string          `json:"description"`
		InputSchema json.RawMessage `json:"inputSchema"`
		Annotations map[string]any  `json:"annotations"`
	}
	if err := json.Unmarshal(raw, &wire); err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(wire.Description) == "" || htmlTag.MatchString(wire.Description) {
		t.Errorf("%s: description is empty or not plain text: %.80q", tl.Name, wire.Description)
	}
	if wire.Title == "" {
		t.Errorf("%s: no title", tl.Name)
	}
	if signingHeader.Match(wire.InputSchema) {
		t.Errorf("%s: input schema mentions a signing header", tl.Name)
	}
	for _, hint := range []string{"readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"} {
		if _, ok := wire.Annotations[hint]; !ok {
			t.Errorf("%s: annotation %s missing", tl.Name, hint)
		}
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(wire.InputSchema))
	if err != nil {
		t.Fatalf("%s: input schema is not JSON: %v", tl.Name, err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource("mem://"+tl.Name, doc); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Compile("mem://" + tl.Name); err != nil {
		t.Errorf("%s: input schema does not compile as JSON Schema 2020-12: %v", tl.Name, err)
	}
}

func firstDiff(a, b []string) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return a[i] + " vs " + b[i]
		}
	}
	return "lengths differ"
}
