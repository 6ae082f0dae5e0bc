package listing

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/server"

	"github.com/cognito-mcp/cognito-mcp/inventory"
	"github.com/cognito-mcp/cognito-mcp/registry"
	"github.com/cognito-mcp/cognito-mcp/tools"
)

func newRegistry(t *testing.T) *registry.Registry {
	t.Helper()
	reg, err := registry.New(context.Background(), registry.Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

// TestRowsSearchMode: the listed rows come first (control, then meta),
// then the operations the meta-tools reach; the table says so.
func TestRowsSearchMode(t *testing.T) {
	reg := newRegistry(t)
	inv := inventory.Options{Mode: inventory.Search, ReadOnly: true, Control: tools.ControlTools(), Meta: tools.MetaTools(true)}
	rows := Rows(reg.Snapshot(), inv)
	listed := 0
	for i, r := range rows {
		if r.Listed {
			listed++
			if i >= listed || r.Kind == "operation" {
				t.Errorf("row %d %+v: listed rows come first and hold no operation", i, r)
			}
		} else if r.Kind != "operation" || !r.ReadOnly || r.Source != "cognito" {
			t.Errorf("reached row %+v", r)
		}
	}
	var out bytes.Buffer
	if err := Print(&out, rows, false); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	if !strings.HasPrefix(text, "NAME") || !strings.Contains(text, "Not listed, reached through the meta-tools:") ||
		!strings.HasSuffix(text, " operations reached through the meta-tools\n") || !strings.Contains(text, "(2 control, 3 meta) listed;") {
		t.Errorf("table:\n%s", text)
	}
	out.Reset()
	var back []Row
	if err := Print(&out, rows, true); err != nil || json.Unmarshal(out.Bytes(), &back) != nil || len(back) != len(rows) {
		t.Errorf("JSON: %v, %d rows back of %d", err, len(back), len(rows))
	}
}

// TestKind: the KIND column.
func TestKind(t *testing.T) {
	for _, tc := range []struct {
		r    Row
		want string
	}{
		{Row{Kind: "control", ReadOnly: true}, "control"},
		{Row{Kind: "meta"}, "meta"},
		{Row{Kind: "operation", ReadOnly: true}, "read-only"},
		{Row{Kind: "operation", Destructive: true}, "destructive"},
		{Row{Kind: "operation"}, "write"},
	} {
		if got := kind(tc.r); got != tc.want {
			t.Errorf("kind(%+v) = %q, want %q", tc.r, got, tc.want)
		}
	}
}

// TestMeasure measures a real mcp-go server holding the control tools and
// the Cognito operations, in pages of 50.
func TestMeasure(t *testing.T) {
	reg := newRegistry(t)
	srv := server.NewMCPServer("t", "1", server.WithToolCapabilities(true), server.WithPaginationLimit(50), server.WithInstructions("hello"))
	tools.NewSync(srv, reg, tools.SyncOptions{})
	st, err := Measure(context.Background(), srv)
	if err != nil {
		t.Fatal(err)
	}
	p := st.Parts
	if st.Tools != 133 || st.Pages != 3 || st.InstructionsBytes != 5 || st.TokenEstimator != "bytes/4" ||
		st.ModelBytes >= st.ServedBytes || st.ModelTokens != st.ModelBytes/4 || st.ServedTokens != st.ServedBytes/4 ||
		p.PropertyDescriptions >= p.InputSchemas || p.InputSchemas+p.Descriptions+p.NamesAndTitles > st.ServedBytes {
		t.Errorf("inconsistent stats %+v", st)
	}
	if len(st.Largest) != 10 || st.Largest[0].Bytes < st.Largest[9].Bytes {
		t.Errorf("largest %+v", st.Largest)
	}
	var out bytes.Buffer
	if err := PrintStats(&out, st); err != nil || !strings.Contains(out.String(), "instructions:           5 bytes (initialize)") {
		t.Errorf("PrintStats: %v\n%s", err, out.String())
	}
}

// TestDescriptionBytes counts schema descriptions, not properties named
// "description" nor data.
func TestDescriptionBytes(t *testing.T) {
	schema := `{"description":"ab","properties":{"description":{"type":"string","description":"c"}},"enum":[{"description":"x"}]}`
	want := 2 * len(`"description":,`)
	want += len(`"ab"`) + len(`"c"`)
	if got := descriptionBytes(json.RawMessage(schema)); got != want {
		t.Errorf("descriptionBytes = %d, want %d", got, want)
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 402426: "402,426", 1234567: "1,234,567"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}
