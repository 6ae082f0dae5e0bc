package openapi

import (
	"encoding/json"
	"strings"
)

// Catalog is everything a loaded OpenAPI document offers: what it describes
// and one Tool per operation. A Catalog is immutable once Load returns it and
// round-trips through encoding/json, so it can be precomputed and cached.
type Catalog struct {
	Title       string   `json:"title"`
	Version     string   `json:"version"`
	Description string   `json:"description,omitempty"`
	Servers     []Server `json:"servers,omitempty"`
	// SecuritySchemes lists the document's schemes, sorted by Name.
	SecuritySchemes []SecurityScheme `json:"securitySchemes,omitempty"`
	// Tools are sorted by Path, so output built from them is stable.
	Tools []Tool `json:"tools"`
	// Skipped lists operations that produced no tool, with the reason.
	Skipped []Skipped `json:"skipped,omitempty"`
	// Warnings are things a person adding the document should know:
	// unresolved server variables, shortened names, dropped patterns.
	Warnings []string `json:"warnings,omitempty"`
	// Notes hold text the tools' descriptions share, said once; a
	// description refers to one as "(note <ID>)". See Note.
	Notes []Note `json:"notes,omitempty"`
}

// Tool is one operation as an MCP tool: its identity, what the model sees,
// and the Plan the executor follows to turn arguments into a request.
type Tool struct {
	// Name is the compact MCP name: [a-z0-9_], no "__", at most 48 bytes.
	Name string `json:"name"`
	// Path is the upstream catalog identity, e.g. "pet.addPet".
	Path ToolPath `json:"path"`
	// Title is the operationId (or the derived leaf when there is none).
	Title       string `json:"title"`
	Description string `json:"description"`
	// InputSchema is a self-contained JSON Schema 2020-12 object.
	InputSchema json.RawMessage `json:"inputSchema"`
	// OutputSchema is set only when results are known to conform to it.
	OutputSchema json.RawMessage `json:"outputSchema,omitempty"`
	Annotations  Annotations     `json:"annotations"`
	Plan         Plan            `json:"plan"`
	// Paging is set for list operations the document gives a paginator
	// (x-aws-pagination).
	Paging *Paging `json:"paging,omitempty"`
	// Sensitive lists the argument and result fields whose values logs
	// must mask (x-sensitive); nil when the document marks none.
	Sensitive *Sensitive `json:"sensitive,omitempty"`
}

// ToolPath is a tool's upstream identity: "group.leaf", prefixed with the
// source namespace for added sources ("petstore.pet.addPet").
type ToolPath string

// Group is everything before the last dot.
func (p ToolPath) Group() string {
	if i := strings.LastIndexByte(string(p), '.'); i >= 0 {
		return string(p[:i])
	}
	return ""
}

// Leaf is the part after the last dot.
func (p ToolPath) Leaf() string {
	return string(p[strings.LastIndexByte(string(p), '.')+1:])
}

// Annotations are the MCP tool hints.
type Annotations struct {
	ReadOnly    bool `json:"readOnly"`
	Destructive bool `json:"destructive"`
	Idempotent  bool `json:"idempotent"`
	OpenWorld   bool `json:"openWorld"`
}

// Location says where a parameter travels.
type Location string

// The parameter locations of OpenAPI.
const (
	InPath   Location = "path"
	InQuery  Location = "query"
	InHeader Location = "header"
	InCookie Location = "cookie"
)

// Plan is how the executor builds the HTTP request for one call.
type Plan struct {
	OperationID string `json:"operationId,omitempty"`
	Method      string `json:"method"`
	// Path is the wire path template relative to the server URL, without any
	// fragment: "/" for Cognito, "/pet/{petId}" for the Petstore.
	Path string `json:"path"`
	// Params are the path, query, header and cookie parameters the model
	// supplies, in document order.
	Params []Param `json:"params,omitempty"`
	// Headers are fixed headers filled in from the document (a required
	// header with a single allowed value, such as X-Amz-Target).
	Headers []Header `json:"headers,omitempty"`
	Body    *Body    `json:"body,omitempty"`
	// Servers are the operation's effective servers (operation, path item,
	// then document level).
	Servers []Server `json:"servers,omitempty"`
	// Security lists alternative requirements; each maps scheme names to
	// scopes. It is the operation's own, else the document's default; empty
	// means the operation needs no auth.
	Security []SecurityRequirement `json:"security"`
	// AWS is set for operations of an AWS JSON protocol service.
	AWS *AWS `json:"aws,omitempty"`
}

// Param is one path, query, header or cookie parameter.
type Param struct {
	Name string   `json:"name"` // as sent on the wire
	Arg  string   `json:"arg"`  // the property name in the tool arguments
	In   Location `json:"in"`
	// Required as the document declares it (path parameters always are).
	Required bool `json:"required,omitempty"`
	// Style and Explode as the document declares them, defaults filled in
	// per OpenAPI 3 (form/true for query and cookie, simple/false otherwise).
	Style   string `json:"style"`
	Explode bool   `json:"explode,omitempty"`
	// Type is the schema type of the parameter: "array", "object", or a
	// scalar type; it decides how Style applies.
	Type string `json:"type,omitempty"`
}

// Header is a fixed header sent with every call of an operation.
type Header struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Body describes the request body.
type Body struct {
	// MediaType is what is sent as Content-Type: "application/json",
	// "application/x-www-form-urlencoded", "multipart/form-data", or
	// "application/x-amz-json-1.1" for AWS JSON operations.
	MediaType string `json:"mediaType"`
	Required  bool   `json:"required,omitempty"`
	// Arg is the argument that holds the whole body ("body"). Empty when the
	// body's properties are flattened into the top-level arguments; then
	// Props lists them and the body is those arguments that are not Params.
	Arg   string   `json:"arg,omitempty"`
	Props []string `json:"props,omitempty"`
}

// Server is an OpenAPI server with its variables.
type Server struct {
	URL         string           `json:"url"`
	Description string           `json:"description,omitempty"`
	Variables   []ServerVariable `json:"variables,omitempty"`
}

// ServerVariable is one {name} in a server URL.
type ServerVariable struct {
	Name    string   `json:"name"`
	Default string   `json:"default"`
	Enum    []string `json:"enum,omitempty"`
}

// SchemeKind is the type of a security scheme, as OpenAPI names it.
type SchemeKind string

// The kinds of security schemes.
const (
	SchemeAPIKey        SchemeKind = "apiKey"
	SchemeHTTP          SchemeKind = "http" // Scheme says which: HTTPBasic, HTTPBearer...
	SchemeOAuth2        SchemeKind = "oauth2"
	SchemeOpenIDConnect SchemeKind = "openIdConnect"
)

// HTTPScheme is the HTTP authentication scheme of an http security
// scheme, lowercased: "basic", "bearer", or another IANA scheme name.
type HTTPScheme string

// The HTTP authentication schemes sources use.
const (
	HTTPBasic  HTTPScheme = "basic"
	HTTPBearer HTTPScheme = "bearer"
)

// SecurityScheme is a security scheme as the document declares it.
type SecurityScheme struct {
	Name   string     `json:"name"`             // key under components.securitySchemes
	Type   SchemeKind `json:"type"`             // apiKey, http, oauth2, openIdConnect
	In     string     `json:"in,omitempty"`     // apiKey: header, query, cookie
	Param  string     `json:"param,omitempty"`  // apiKey: the header/query/cookie name
	Scheme HTTPScheme `json:"scheme,omitempty"` // http: bearer, basic
	// TokenURL is the oauth2 client-credentials token endpoint, if any.
	TokenURL    string `json:"tokenUrl,omitempty"`
	Description string `json:"description,omitempty"`
	// AWSSigV4 is set when the scheme is AWS Signature Version 4.
	AWSSigV4 bool `json:"awsSigV4,omitempty"`
}

// SecurityRequirement maps scheme names to required scopes.
type SecurityRequirement map[string][]string

// AWS holds what an AWS JSON protocol call needs beyond the generic plan.
type AWS struct {
	// Target is the X-Amz-Target value, e.g.
	// "AWSCognitoIdentityProviderService.AdminCreateUser".
	Target string `json:"target"`
	// SigningName is the SigV4 service name, e.g. "cognito-idp".
	SigningName string `json:"signingName"`
	// JSONVersion is "1.1" or "1.0": Content-Type application/x-amz-json-<v>.
	JSONVersion string `json:"jsonVersion"`
	// Unsigned is set for operations AWS serves without SigV4, as the
	// document says (x-aws-unsigned).
	Unsigned bool `json:"unsigned,omitempty"`
}

// Skipped is an operation that produced no tool.
type Skipped struct {
	Method string `json:"method"`
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// Tool returns the tool with the given MCP name, or nil.
func (c *Catalog) Tool(name string) *Tool {
	for i := range c.Tools {
		if c.Tools[i].Name == name {
			return &c.Tools[i]
		}
	}
	return nil
}
