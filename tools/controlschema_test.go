package tools

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"testing"

	"github.com/google/jsonschema-go/jsonschema"

	"github.com/cognito-mcp/cognito-mcp/openapi"
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

// TestControlSchemasGenerated proves each written-out control schema is
// what jsonschema.For makes of the tool's argument type, with the
// schema's own property descriptions: a field added, renamed or made
// optional in the type fails here until the schema says the same.
func TestControlSchemasGenerated(t *testing.T) {
	for _, c := range []struct {
		tool *openapi.Tool
		gen  func(map[string]string) json.RawMessage
	}{
		{&previewSpecTool, inputSchema[previewArgs]},
		{&addSourceTool, inputSchema[addArgs]},
		{&listSourcesTool, inputSchema[listArgs]},
		{&removeSourceTool, inputSchema[removeArgs]},
	} {
		var s struct {
			Properties map[string]struct {
				Description string `json:"description"`
			} `json:"properties"`
		}
		if err := json.Unmarshal(c.tool.InputSchema, &s); err != nil {
			t.Fatalf("%s: %v", c.tool.Name, err)
		}
		descriptions := map[string]string{}
		for name, p := range s.Properties {
			descriptions[name] = p.Description
		}
		if got := c.gen(descriptions); string(got) != string(c.tool.InputSchema) {
			t.Errorf("%s: the schema is not its type's; generated:\n%s", c.tool.Name, got)
		}
	}
}

// secretRefArg is the schema of one auth entry of addArgs.
type secretRefArg struct {
	Env          string       `json:"env,omitempty" jsonschema:"Environment variable holding the secret."`
	File         string       `json:"file,omitempty" jsonschema:"Absolute path of a file holding the secret."`
	ClientID     secretSource `json:"clientId,omitzero" jsonschema:"The oauth2 client id: {\"env\": ...} or {\"file\": ...}."`
	ClientSecret secretSource `json:"clientSecret,omitzero" jsonschema:"The oauth2 client secret: {\"env\": ...} or {\"file\": ...}."`
	Scopes       []string     `json:"scopes,omitempty" jsonschema:"oauth2 scopes to request."`
}

// secretSource is {"env": ...} or {"file": ...}: an object in the schema.
type secretSource struct{}

// namespacePattern is what the registry accepts as a namespace.
const namespacePattern = "^[a-z][a-z0-9]{0,15}$"

// schemaTypes are the types whose schema is not the default translation:
// lists are never null, an auth entry is a secretRefArg, a secret source
// is an object.
var schemaTypes = map[reflect.Type]*jsonschema.Schema{
	reflect.TypeFor[[]string](): {Type: "array", Items: &jsonschema.Schema{Type: "string"}},
	reflect.TypeFor[json.RawMessage](): func() *jsonschema.Schema {
		s, err := jsonschema.For[secretRefArg](&jsonschema.ForOptions{TypeSchemas: map[reflect.Type]*jsonschema.Schema{
			reflect.TypeFor[[]string]():     {Type: "array", Items: &jsonschema.Schema{Type: "string"}},
			reflect.TypeFor[secretSource](): {Type: "object"},
		}})
		if err != nil {
			panic(err)
		}
		return s
	}(),
}

// inputSchema generates the input schema of a control tool from its
// argument type, with a description per property. The namespace property
// gets the registry's pattern, except in removeSource, which names an
// existing source. It panics on a description of no property, so a
// renamed field fails at start-up and in every test.
func inputSchema[T any](descriptions map[string]string) json.RawMessage {
	s, err := jsonschema.For[T](&jsonschema.ForOptions{TypeSchemas: schemaTypes})
	if err != nil {
		panic(fmt.Sprintf("control tool schema of %T: %v", *new(T), err))
	}
	if s.Properties == nil {
		s.Properties = map[string]*jsonschema.Schema{}
	}
	for name, d := range descriptions {
		p, ok := s.Properties[name]
		if !ok {
			panic(fmt.Sprintf("control tool schema of %T: no property %q to describe", *new(T), name))
		}
		p.Description = d
	}
	if p, ok := s.Properties["namespace"]; ok && reflect.TypeFor[T]() != reflect.TypeFor[removeArgs]() {
		p.Pattern = namespacePattern
	}
	b, err := json.Marshal(s)
	if err != nil {
		panic(fmt.Sprintf("control tool schema of %T: %v", *new(T), err))
	}
	return b
}
