package tools

import (
	"encoding/json"

	"github.com/cognito-mcp/cognito-mcp/openapi"
)

// The arguments of the control tools. Their input schemas (below) are
// what jsonschema.For makes of these types: a field without omitempty is
// required.

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
	// Auth values are decoded by registry.SecretRef; the schema describes
	// them as secretRefArg (controlschema_test.go).
	Auth    map[string]json.RawMessage `json:"auth,omitempty"`
	Headers map[string]string          `json:"headers,omitempty"`
	Include []string                   `json:"include,omitempty"`
	Exclude []string                   `json:"exclude,omitempty"`
	Replace bool                       `json:"replace,omitempty"`
}

func (a *previewArgs) setSpec(s string) { a.Spec = s }
func (a *addArgs) setSpec(s string)     { a.Spec = s }

type listArgs struct{}

type removeArgs struct {
	Namespace string `json:"namespace"`
}

var (
	previewSpecTool = openapi.Tool{
		Name:  "openapi_preview_spec",
		Path:  "openapi.previewSpec",
		Title: "previewSpec",
		Description: "Look at an OpenAPI document without changing anything: title, version, servers, security schemes, " +
			"operation count, the exact tools openapi_add_source would register (MCP names, tool paths, annotations, required inputs; a page at a time), " +
			"warnings (skipped operations, relative or templated servers needing baseUrl, shortened names) and how many bytes the tools would add to tools/list.",
		InputSchema: json.RawMessage(previewSchema),
		Annotations: openapi.Annotations{ReadOnly: true, Idempotent: true, OpenWorld: true},
	}
	addSourceTool = openapi.Tool{
		Name:  "openapi_add_source",
		Path:  "openapi.addSource",
		Title: "addSource",
		Description: "Add an OpenAPI document as a source: each operation becomes a tool <namespace>_<operation> at once, " +
			"saved across restarts. Preview it first with openapi_preview_spec. " +
			"Never pass secrets: auth names the environment variable or file holding each.",
		InputSchema: json.RawMessage(addSchema),
		Annotations: openapi.Annotations{OpenWorld: true},
	}
	listSourcesTool = openapi.Tool{
		Name:        "openapi_list_sources",
		Path:        "openapi.listSources",
		Title:       "listSources",
		Description: "List the OpenAPI sources whose operations are tools: the embedded Cognito source and the added ones, with origin, tool count, base URL and auth references (never secrets), plus saved sources that failed to load.",
		InputSchema: json.RawMessage(listSchema),
		Annotations: openapi.Annotations{ReadOnly: true, Idempotent: true},
	}
	removeSourceTool = openapi.Tool{
		Name:        "openapi_remove_source",
		Path:        "openapi.removeSource",
		Title:       "removeSource",
		Description: "Remove an added source and all its tools, also from the saved state. The embedded Cognito source cannot be removed.",
		InputSchema: json.RawMessage(removeSchema),
		Annotations: openapi.Annotations{Destructive: true, Idempotent: true},
	}
)

// The control tools' input schemas, written out so that start-up does not
// generate them by reflection; TestControlSchemasGenerated proves each is
// what jsonschema.For makes of its argument type.
const (
	previewSchema = `{"type":"object","properties":{"spec":{"type":"string","description":"The OpenAPI document (3.0, 3.1 or Swagger 2.0; JSON or YAML): an http(s) URL, or its text. Local paths and file:// URLs only under directories the server allows."},"namespace":{"type":"string","description":"Namespace the tools would get; omitted: one is suggested from the title.","pattern":"^[a-z][a-z0-9]{0,15}$"},"baseUrl":{"type":"string","description":"Base URL for calls, replacing the document's servers."},"include":{"type":"array","items":{"type":"string"},"description":"Only these operations (operationIds, tool paths or MCP names; * is a wildcard)."},"exclude":{"type":"array","items":{"type":"string"},"description":"Leave these operations out (operationIds, tool paths or MCP names; * is a wildcard)."},"offset":{"type":"integer","description":"First tool to list: nextOffset of the previous result."},"limit":{"type":"integer","description":"Tools to list, 1-1000 (default 100)."}},"required":["spec"],"additionalProperties":false}`
	addSchema     = `{"type":"object","properties":{"namespace":{"type":"string","description":"Short name prefixing the source's tools, e.g. \"petstore\" (\"openapi\" and \"cognito\" are reserved).","pattern":"^[a-z][a-z0-9]{0,15}$"},"spec":{"type":"string","description":"The OpenAPI document (3.0, 3.1 or Swagger 2.0; JSON or YAML): an http(s) URL, or its text. Local paths and file:// URLs only under directories the server allows."},"baseUrl":{"type":"string","description":"Base URL for calls (e.g. https://api.example.com/v1), replacing the document's servers; needed when they are relative or templated."},"auth":{"type":"object","description":"Credentials per security scheme, by its name (securitySchemes in the preview). Each value says where the secret comes from, never the secret: {\"env\": \"VAR\"} or {\"file\": \"/absolute/path\"}. apiKey: the key; http bearer, oauth2, openIdConnect: an access token; http basic: \"username:password\"; oauth2 with a client-credentials flow may instead use {\"clientId\": {\"env\": \"ID_VAR\"}, \"clientSecret\": {\"env\": \"SECRET_VAR\"}, \"scopes\": [\"...\"]}.","additionalProperties":{"type":"object","properties":{"env":{"type":"string","description":"Environment variable holding the secret."},"file":{"type":"string","description":"Absolute path of a file holding the secret."},"clientId":{"type":"object","description":"The oauth2 client id: {\"env\": ...} or {\"file\": ...}."},"clientSecret":{"type":"object","description":"The oauth2 client secret: {\"env\": ...} or {\"file\": ...}."},"scopes":{"type":"array","items":{"type":"string"},"description":"oauth2 scopes to request."}},"additionalProperties":false}},"headers":{"type":"object","description":"Extra headers sent with every call. Not for credentials: use auth.","additionalProperties":{"type":"string"}},"include":{"type":"array","items":{"type":"string"},"description":"Only these operations (operationIds, tool paths or MCP names; * is a wildcard)."},"exclude":{"type":"array","items":{"type":"string"},"description":"Leave these operations out (operationIds, tool paths or MCP names; * is a wildcard)."},"replace":{"type":"boolean","description":"Replace an existing source with this namespace. Default false: an existing namespace is an error."}},"required":["namespace","spec"],"additionalProperties":false}`
	listSchema    = `{"type":"object","properties":{},"additionalProperties":false}`
	removeSchema  = `{"type":"object","properties":{"namespace":{"type":"string","description":"Namespace of the source to remove, as openapi_list_sources shows it."}},"required":["namespace"],"additionalProperties":false}`
)
