package inventory

import (
	"bytes"
	"log/slog"
	"slices"
	"strings"
	"testing"

	"github.com/cognito-mcp/cognito-mcp/openapi"
	"github.com/cognito-mcp/cognito-mcp/registry"
)

func tool(name, path string, readOnly bool) openapi.Tool {
	return openapi.Tool{Name: name, Path: openapi.ToolPath(path), Annotations: openapi.Annotations{ReadOnly: readOnly}}
}

// snapshot has two sources in namespace order, and two control tools.
func fixture() (*registry.Snapshot, []*openapi.Tool) {
	cognito := &registry.Source{Namespace: "cognito", Builtin: true, Catalog: &openapi.Catalog{Tools: []openapi.Tool{
		tool("cognito_list_users", "idp.listUsers", true),
		tool("cognito_admin_delete_user", "idp.adminDeleteUser", false),
	}}}
	pets := &registry.Source{Namespace: "pets", Catalog: &openapi.Catalog{Tools: []openapi.Tool{
		tool("pets_get_pet", "pets.pet.getPet", true),
		tool("pets_add_pet", "pets.pet.addPet", false),
	}}}
	add := tool("openapi_add_source", "openapi.addSource", false)
	list := tool("openapi_list_sources", "openapi.listSources", true)
	return &registry.Snapshot{Sources: []*registry.Source{cognito, pets}}, []*openapi.Tool{&add, &list}
}

func names(entries []Entry) []string {
	var out []string
	for _, e := range entries {
		out = append(out, e.Name)
	}
	return out
}

func TestSelect(t *testing.T) {
	snap, control := fixture()
	for _, tc := range []struct {
		name string
		opts Options
		want []string
	}{
		{"everything in order", Options{Control: control},
			[]string{"openapi_add_source", "openapi_list_sources", "cognito_list_users", "cognito_admin_delete_user", "pets_get_pet", "pets_add_pet"}},
		{"read-only", Options{Control: control, ReadOnly: true},
			[]string{"openapi_list_sources", "cognito_list_users", "pets_get_pet"}},
		{"include by name", Options{Control: control, Include: []string{"pets_*", "openapi_list_*"}},
			[]string{"openapi_list_sources", "pets_get_pet", "pets_add_pet"}},
		{"include by path", Options{Include: []string{"idp.*"}},
			[]string{"cognito_list_users", "cognito_admin_delete_user"}},
		{"exclude by name and path", Options{Control: control, Exclude: []string{"*delete*", "pets.pet.add*", "openapi.*"}},
			[]string{"cognito_list_users", "pets_get_pet"}},
		{"include, exclude and read-only", Options{ReadOnly: true, Include: []string{"pets_*", "cognito_*"}, Exclude: []string{"cognito_*"}},
			[]string{"pets_get_pet"}},
		{"path names", Options{Names: PathNames, Include: []string{"pets.*"}},
			[]string{"pets.pet.getPet", "pets.pet.addPet"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := names(Select(snap, tc.opts)); !slices.Equal(got, tc.want) {
				t.Errorf("Select = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestSelectEntries(t *testing.T) {
	snap, control := fixture()
	entries := Select(snap, Options{Control: control})
	if entries[0].Source != nil || entries[0].Tool != control[0] {
		t.Errorf("control entry %+v", entries[0])
	}
	if e := entries[2]; e.Source != snap.Sources[0] || e.Tool != &snap.Sources[0].Catalog.Tools[0] {
		t.Errorf("source entry %+v", e)
	}
}

func TestSelectNameTaken(t *testing.T) {
	snap, control := fixture()
	// A source whose tool takes a control tool's name, and one that takes
	// another source's: the first comes first, the later one is left out.
	snap.Sources[1].Catalog.Tools = append(snap.Sources[1].Catalog.Tools,
		tool("openapi_add_source", "pets.x.addSource", false),
		tool("cognito_list_users", "pets.x.listUsers", true))
	var log bytes.Buffer
	got := names(Select(snap, Options{Control: control, Logger: slog.New(slog.NewTextHandler(&log, nil))}))
	want := []string{"openapi_add_source", "openapi_list_sources", "cognito_list_users", "cognito_admin_delete_user", "pets_get_pet", "pets_add_pet"}
	if !slices.Equal(got, want) {
		t.Errorf("Select = %v, want %v", got, want)
	}
	if n := strings.Count(log.String(), "tool name taken"); n != 2 {
		t.Errorf("%d collisions logged, want 2: %s", n, log.String())
	}
	if !strings.Contains(log.String(), "path=pets.x.listUsers") {
		t.Errorf("log does not name the path: %s", log.String())
	}
}

func TestCheckPatterns(t *testing.T) {
	if err := CheckPatterns([]string{"cognito_*", "openapi.?dd*"}); err != nil {
		t.Error(err)
	}
	if err := CheckPatterns([]string{"ok", "[unclosed"}); err == nil || !strings.Contains(err.Error(), "[unclosed") {
		t.Errorf("bad pattern: %v", err)
	}
}

func TestSelectSearchMode(t *testing.T) {
	snap, control := fixture()
	search := tool("openapi_search_tools", "openapi.searchTools", true)
	call := tool("openapi_call_tool", "openapi.callTool", false)
	meta := []*openapi.Tool{&search, &call}
	for _, tc := range []struct {
		name          string
		opts          Options
		listed, reach []string
	}{
		{"everything", Options{Mode: Search, Control: control, Meta: meta},
			[]string{"openapi_add_source", "openapi_list_sources", "openapi_search_tools", "openapi_call_tool"},
			[]string{"cognito_list_users", "cognito_admin_delete_user", "pets_get_pet", "pets_add_pet"}},
		// Read-only mode and patterns narrow what the meta-tools reach,
		// never the meta-tools themselves.
		{"read-only", Options{Mode: Search, Control: control, Meta: meta, ReadOnly: true},
			[]string{"openapi_list_sources", "openapi_search_tools", "openapi_call_tool"},
			[]string{"cognito_list_users", "pets_get_pet"}},
		{"include", Options{Mode: Search, Control: control, Meta: meta, Include: []string{"pets_*"}},
			[]string{"openapi_search_tools", "openapi_call_tool"},
			[]string{"pets_get_pet", "pets_add_pet"}},
		// Code mode lists its meta-tools the same way; scripts reach
		// what Reachable gives.
		{"code", Options{Mode: Code, Control: control, Meta: meta, ReadOnly: true},
			[]string{"openapi_list_sources", "openapi_search_tools", "openapi_call_tool"},
			[]string{"cognito_list_users", "pets_get_pet"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			listed := Select(snap, tc.opts)
			if got := names(listed); !slices.Equal(got, tc.listed) {
				t.Errorf("Select = %v, want %v", got, tc.listed)
			}
			for _, e := range listed {
				if want := map[bool]Kind{true: Meta, false: Control}[strings.Contains(e.Name, "_tool")]; e.Kind != want || e.Source != nil {
					t.Errorf("%s: kind %v, source %v", e.Name, e.Kind, e.Source)
				}
			}
			reach := Reachable(snap, tc.opts)
			if got := names(reach); !slices.Equal(got, tc.reach) {
				t.Errorf("Reachable = %v, want %v", got, tc.reach)
			}
			for _, e := range reach {
				if e.Kind != Operation || e.Source == nil {
					t.Errorf("%s: kind %v, source %v", e.Name, e.Kind, e.Source)
				}
			}
		})
	}
}

func TestRefusal(t *testing.T) {
	del := tool("cognito_admin_delete_user", "idp.adminDeleteUser", false)
	for _, tc := range []struct {
		opts Options
		want string
	}{
		{Options{}, ""},
		{Options{ReadOnly: true}, "read-only"},
		{Options{Include: []string{"pets_*"}}, "include"},
		{Options{Include: []string{"idp.*"}}, ""},
		{Options{Exclude: []string{"*delete*"}}, "exclude"},
	} {
		got := tc.opts.Refusal(&del, del.Name)
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("%+v: Refusal = %q, want one naming %q", tc.opts, got, tc.want)
		}
	}
}

func TestParseMode(t *testing.T) {
	for s, want := range map[string]Mode{"": Full, "full": Full, "search": Search, "code": Code} {
		if m, err := ParseMode(s); err != nil || m != want {
			t.Errorf("ParseMode(%q) = %v, %v", s, m, err)
		}
	}
	if _, err := ParseMode("all"); err == nil || !strings.Contains(err.Error(), "want full, search or code") {
		t.Errorf("ParseMode(all): %v", err)
	}
	for _, m := range []Mode{Full, Search, Code} {
		if back, err := ParseMode(m.String()); err != nil || back != m {
			t.Errorf("ParseMode(%v.String()) = %v, %v", m, back, err)
		}
	}
}
