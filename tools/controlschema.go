package tools

import (
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/google/jsonschema-go/jsonschema"

	"github.com/cognito-mcp/cognito-mcp/openapi"
	"github.com/cognito-mcp/cognito-mcp/registry"
)

// The arguments of the control tools. Their input schemas are generated
// from these types: a field without omitempty is required; descriptions
// are in controlDescriptions.

type previewArgs struct {
	Spec      string   `json:"spec"`
	Namespace string   `json:"namespace,omitempty"`
	BaseURL   string   `json:"baseUrl,omitempty"`
	Include   []string `json:"include,omitempty"`
	Exclude   []string `json:"exclude,omitempty"`
	Offset    int      `json:"offset,omitempty"`
	Limit     int      `json:"limit,omitempty"`
}

type addArgs struct {
	Namespace string `json:"namespace"`
	Spec      string `json:"spec"`
	BaseURL   string `json:"baseUrl,omitempty"`
	// Auth values are decoded by registry.SecretRef; secretRefArg
	// describes them in the schema.
	Auth    map[string]json.RawMessage `json:"auth,omitempty"`
	Headers map[string]string          `json:"headers,omitempty"`
	Include []string                   `json:"include,omitempty"`
	Exclude []string                   `json:"exclude,omitempty"`
	Replace bool                       `json:"replace,omitempty"`
}

func (a *previewArgs) setSpec(s string) { a.Spec = s }
func (a *addArgs) setSpec(s string)     { a.Spec = s }

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

type listArgs struct{}

type removeArgs struct {
	Namespace string `json:"namespace"`
}

const specDescription = "The OpenAPI document (3.0, 3.1 or Swagger 2.0; JSON or YAML): an http(s) URL, or its text. Local paths and file:// URLs only under directories the server allows."

const filterDescription = "(operationIds, tool paths or MCP names; * is a wildcard)."

// namespacePattern is what the registry accepts as a namespace.
const namespacePattern = "^[a-z][a-z0-9]{0,15}$"

var (
	previewSpecTool = openapi.Tool{
		Name:  "openapi_preview_spec",
		Path:  "openapi.previewSpec",
		Title: "previewSpec",
		Description: "Look at an OpenAPI document without changing anything: title, version, servers, security schemes, " +
			"operation count, the exact tools openapi_add_source would register (MCP names, tool paths, annotations, required inputs; a page at a time), " +
			"warnings (skipped operations, relative or templated servers needing baseUrl, shortened names) and how many bytes the tools would add to tools/list.",
		InputSchema: inputSchema[previewArgs](map[string]string{
			"spec":      specDescription,
			"namespace": "Namespace the tools would get; omitted: one is suggested from the title.",
			"baseUrl":   "Base URL for calls, replacing the document's servers.",
			"include":   "Only these operations " + filterDescription,
			"exclude":   "Leave these operations out " + filterDescription,
			"offset":    "First tool to list: nextOffset of the previous result.",
			"limit":     fmt.Sprintf("Tools to list, 1-%d (default %d).", registry.MaxPreviewLimit, registry.DefaultPreviewLimit),
		}),
		Annotations: openapi.Annotations{ReadOnly: true, Idempotent: true, OpenWorld: true},
	}
	addSourceTool = openapi.Tool{
		Name:  "openapi_add_source",
		Path:  "openapi.addSource",
		Title: "addSource",
		Description: "Add an OpenAPI document as a source: each operation becomes a tool <namespace>_<operation> at once, " +
			"saved across restarts. Preview it first with openapi_preview_spec. " +
			"Never pass secrets: auth names the environment variable or file holding each.",
		InputSchema: inputSchema[addArgs](map[string]string{
			"namespace": `Short name prefixing the source's tools, e.g. "petstore" ("openapi" and "cognito" are reserved).`,
			"spec":      specDescription,
			"baseUrl":   "Base URL for calls (e.g. https://api.example.com/v1), replacing the document's servers; needed when they are relative or templated.",
			"auth": `Credentials per security scheme, by its name (securitySchemes in the preview). ` +
				`Each value says where the secret comes from, never the secret: {"env": "VAR"} or {"file": "/absolute/path"}. ` +
				`apiKey: the key; http bearer, oauth2, openIdConnect: an access token; http basic: "username:password"; ` +
				`oauth2 with a client-credentials flow may instead use {"clientId": {"env": "ID_VAR"}, "clientSecret": {"env": "SECRET_VAR"}, "scopes": ["..."]}.`,
			"headers": "Extra headers sent with every call. Not for credentials: use auth.",
			"include": "Only these operations " + filterDescription,
			"exclude": "Leave these operations out " + filterDescription,
			"replace": "Replace an existing source with this namespace. Default false: an existing namespace is an error.",
		}),
		Annotations: openapi.Annotations{OpenWorld: true},
	}
	listSourcesTool = openapi.Tool{
		Name:        "openapi_list_sources",
		Path:        "openapi.listSources",
		Title:       "listSources",
		Description: "List the OpenAPI sources whose operations are tools: the embedded Cognito source and the added ones, with origin, tool count, base URL and auth references (never secrets), plus saved sources that failed to load.",
		InputSchema: inputSchema[listArgs](nil),
		Annotations: openapi.Annotations{ReadOnly: true, Idempotent: true},
	}
	removeSourceTool = openapi.Tool{
		Name:        "openapi_remove_source",
		Path:        "openapi.removeSource",
		Title:       "removeSource",
		Description: "Remove an added source and all its tools, also from the saved state. The embedded Cognito source cannot be removed.",
		InputSchema: inputSchema[removeArgs](map[string]string{
			"namespace": "Namespace of the source to remove, as openapi_list_sources shows it.",
		}),
		Annotations: openapi.Annotations{Destructive: true, Idempotent: true},
	}
)

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
