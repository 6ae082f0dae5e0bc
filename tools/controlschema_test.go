package tools

import (
	"encoding/json"
	"maps"
	"slices"
	"testing"
)

// TestControlSchemas: the generated input schemas have the properties,
// required lists, types and descriptions clients have always seen.
func TestControlSchemas(t *testing.T) {
	type prop struct {
		Type        string          `json:"type"`
		Pattern     string          `json:"pattern"`
		Description string          `json:"description"`
		Items       json.RawMessage `json:"items"`
	}
	type schema struct {
		Type                 string          `json:"type"`
		Properties           map[string]prop `json:"properties"`
		Required             []string        `json:"required"`
		AdditionalProperties *bool           `json:"additionalProperties"`
	}
	for _, tc := range []struct {
		name       string
		properties []string
		required   []string
	}{
		{"openapi_add_source", []string{"auth", "baseUrl", "exclude", "headers", "include", "namespace", "replace", "spec"}, []string{"namespace", "spec"}},
		{"openapi_list_sources", nil, nil},
		{"openapi_preview_spec", []string{"baseUrl", "exclude", "include", "limit", "namespace", "offset", "spec"}, []string{"spec"}},
		{"openapi_remove_source", []string{"namespace"}, []string{"namespace"}},
	} {
		var def []byte
		for _, tl := range ControlTools() {
			if tl.Name == tc.name {
				def = tl.InputSchema
			}
		}
		var s schema
		if err := json.Unmarshal(def, &s); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if s.Type != "object" || s.Properties == nil || s.AdditionalProperties == nil || *s.AdditionalProperties {
			t.Errorf("%s: %s", tc.name, def)
		}
		if got := slices.Sorted(maps.Keys(s.Properties)); !slices.Equal(got, tc.properties) {
			t.Errorf("%s: properties %v, want %v", tc.name, got, tc.properties)
		}
		if !slices.Equal(s.Required, tc.required) {
			t.Errorf("%s: required %v, want %v", tc.name, s.Required, tc.required)
		}
		for name, p := range s.Properties {
			if p.Description == "" || p.Type == "" {
				t.Errorf("%s.%s has no type or description: %+v", tc.name, name, p)
			}
			if (name == "include" || name == "exclude") && (p.Type != "array" || string(p.Items) != `{"type":"string"}`) {
				t.Errorf("%s.%s: %+v", tc.name, name, p)
			}
		}
		if ns, ok := s.Properties["namespace"]; ok && (ns.Pattern != "") != (tc.name != "openapi_remove_source") {
			t.Errorf("%s.namespace pattern %q", tc.name, ns.Pattern)
		}
	}
}
