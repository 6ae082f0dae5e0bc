package openapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name, doc string
		opts      Options
		want      string
	}{
		{"plain text", "hello world", Options{}, "not an OpenAPI document: no openapi or swagger field"},
		{"empty", "", Options{}, "not an OpenAPI document: no openapi or swagger field"},
		{"yaml list", "- a\n- b\n", Options{}, "not an OpenAPI document: no openapi or swagger field"},
		{"other yaml", "name: x\nversion: 2\n", Options{}, "not an OpenAPI document: no openapi or swagger field"},
		{"other json", `{"name": "x"}`, Options{}, "not an OpenAPI document: no openapi or swagger field"},
		{"broken yaml", "openapi: 3.0.0\npaths: [\n  x: y", Options{}, "parse YAML: line 4: did not find expected ',' or ']'"},
		{"broken json", `{"openapi": "3.0.0", "paths": {`, Options{}, "parse JSON: unexpected end of JSON input"},
		{"broken swagger", "swagger: '2.0'\npaths: [", Options{}, "parse YAML: line 3: did not find expected node content"},
		{"wrong shape", "openapi: 3.0.0\ninfo: {title: x, version: '1'}\npaths: 5\n", Options{}, "parse YAML: "},
		{"no paths", "openapi: 3.0.0\ninfo: {title: x, version: '1'}\npaths: {}\n", Options{}, "the document has no paths"},
		{"unresolvable ref", `openapi: 3.0.0
info: {title: x, version: '1'}
paths:
  /a:
    get:
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Nope'}}}
`, Options{}, `resolve $ref: `},
		{"external ref refused", `openapi: 3.0.0
info: {title: x, version: '1'}
paths:
  /a:
    get:
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: 'other.yaml#/Thing'}}}
`, Options{}, `resolve $ref: `},
		{"bad namespace", "openapi: 3.0.0", Options{Namespace: "Bad_NS"}, `namespace "Bad_NS": want 1-24 lowercase letters and digits`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.opts.Namespace == "" {
				tt.opts.Namespace = "t"
			}
			cat, err := Load([]byte(tt.doc), tt.opts)
			if err == nil {
				t.Fatalf("no error; catalog %+v", cat)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
		})
	}
}

// TestExternalRefs: with ReadRef, relative $refs resolve against Location
// through the caller's reader, and only through it.
func TestExternalRefs(t *testing.T) {
	doc := `openapi: 3.0.0
info: {title: x, version: '1'}
paths:
  /a:
    post:
      operationId: makeA
      requestBody:
        content: {application/json: {schema: {$ref: 'schemas/thing.yaml#/Thing'}}}
      responses: {'200': {description: ok}}
`
	var asked []string
	opts := Options{
		Namespace: "t",
		Location:  &url.URL{Scheme: "https", Host: "example.com", Path: "/api/openapi.yaml"},
		ReadRef: func(u *url.URL) ([]byte, error) {
			asked = append(asked, u.String())
			if u.Path != "/api/schemas/thing.yaml" {
				return nil, errors.New("not found")
			}
			return []byte("Thing:\n  type: object\n  properties:\n    size: {type: integer}\n"), nil
		},
	}
	cat, err := Load([]byte(doc), opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(asked) == 0 || asked[0] != "https://example.com/api/schemas/thing.yaml" {
		t.Errorf("ReadRef asked for %v", asked)
	}
	if tool := cat.Tool("t_make_a"); tool == nil || strings.Join(tool.Plan.Body.Props, ",") != "size" {
		t.Errorf("external schema not used: %+v", cat.Tools)
	}
}

// TestDeterministic: loading twice gives byte-identical JSON.
func TestDeterministic(t *testing.T) {
	for _, file := range []string{"cognito-idp.openapi.yaml", "petstore.openapi.yaml", "petstore.swagger2.json"} {
		a, err := json.Marshal(loadFile(t, file, Options{Namespace: "x"}))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(loadFile(t, file, Options{Namespace: "x"}))
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two loads differ", file)
		}
		var round Catalog
		if err := json.Unmarshal(a, &round); err != nil {
			t.Fatal(err)
		}
		c, _ := json.Marshal(&round)
		if !bytes.Equal(a, c) {
			t.Errorf("%s: catalog does not round-trip through JSON", file)
		}
	}
}

// TestJSONAndYAML: the same document as JSON and as YAML loads the same.
func TestJSONAndYAML(t *testing.T) {
	yamlDoc := "openapi: 3.0.3\ninfo: {title: j, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses: {'200': {description: ok}}\n"
	jsonDoc := `{"openapi":"3.0.3","info":{"title":"j","version":"1"},"paths":{"/a":{"get":{"operationId":"getA","responses":{"200":{"description":"ok"}}}}}}`
	a, _ := json.Marshal(loadString(t, yamlDoc))
	b, _ := json.Marshal(loadString(t, jsonDoc))
	if !bytes.Equal(a, b) {
		t.Errorf("YAML and JSON differ:\n%s\n%s", a, b)
	}

	// Larger documents, the JSON written by kin-openapi from the YAML: JSON
	// takes a faster decoder, which must not change the result.
	for _, file := range []string{"cognito-idp.openapi.yaml", "petstore.openapi.yaml"} {
		data, err := os.ReadFile("testdata/" + file)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := openapi3.NewLoader().LoadFromData(data)
		if err != nil {
			t.Fatal(err)
		}
		asJSON, err := doc.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		fromYAML, err := Load(data, Options{Namespace: "x"})
		if err != nil {
			t.Fatal(err)
		}
		fromJSON, err := Load(asJSON, Options{Namespace: "x"})
		if err != nil {
			t.Fatal(err)
		}
		a, _ := json.Marshal(fromYAML)
		b, _ := json.Marshal(fromJSON)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: YAML and JSON catalogs differ", file)
		}
	}
}

func TestIncludeExclude(t *testing.T) {
	data, err := os.ReadFile("testdata/petstore.openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		include, exclude []string
		want             string
	}{
		{[]string{"addPet"}, nil, "petstore_add_pet"},
		{[]string{"pet.get*"}, nil, "petstore_get_pet_by_id"},
		{[]string{"petstore_*_order*"}, nil, "petstore_delete_order,petstore_get_order_by_id,petstore_place_order"},
		{[]string{"*user*"}, []string{"*delete*", "loginuser"}, "petstore_create_user,petstore_create_users_with_list_input,petstore_get_user_by_name,petstore_logout_user,petstore_update_user"},
		{nil, []string{"*"}, ""},
	}
	for _, tt := range tests {
		cat, err := Load(data, Options{Namespace: "petstore", Include: tt.include, Exclude: tt.exclude})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, tool := range cat.Tools {
			names = append(names, tool.Name)
		}
		if got := strings.Join(names, ","); got != tt.want {
			t.Errorf("include %v exclude %v: %s, want %s", tt.include, tt.exclude, got, tt.want)
		}
		if cat.Tools == nil {
			t.Error("Tools is nil, want empty")
		}
	}
}

// TestParameters: names shared by two locations, fixed and signing
// headers, path-level parameters, styles, and unexpressible paths.
func TestParameters(t *testing.T) {
	cat := loadString(t, `openapi: 3.0.3
info: {title: p, version: "1"}
servers:
  - url: https://{tenant}.example.com/{base}
    variables: {tenant: {default: acme, enum: [acme, other]}}
paths:
  /v1/items/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
      - {name: trace, in: header, schema: {type: string}}
    post:
      operationId: updateItem
      servers: [{url: /relative}]
      parameters:
        - {name: id, in: query, schema: {type: array, items: {type: integer}}, style: pipeDelimited, explode: false}
        - {name: id, in: header, schema: {type: string}}
        - {name: X-Api-Version, in: header, required: true, schema: {type: string, enum: ["2024-01-01"]}}
        - {name: X-Amz-Date, in: header, schema: {type: string}}
        - {name: Content-Type, in: header, schema: {type: string}}
        - {name: filter, in: query, content: {application/json: {schema: {type: object, properties: {a: {type: string}}}}}}
        - {name: session, in: cookie, schema: {type: string}}
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {id: {type: string}, note: {type: string}}}
      responses: {"200": {description: ok}}
  /v1/broken/{missing}:
    get:
      operationId: getBroken
      responses: {"200": {description: ok}}
  /:
    get:
      responses: {"200": {description: ok}}
`)
	if len(cat.Tools) != 2 || len(cat.Skipped) != 1 {
		t.Fatalf("tools %d, skipped %+v", len(cat.Tools), cat.Skipped)
	}
	if s := cat.Skipped[0]; s.Method != "GET" || s.Path != "/v1/broken/{missing}" || s.Reason != "path parameter {missing} is not declared" {
		t.Errorf("skipped = %+v", s)
	}
	// Without an operationId, the leaf comes from the method and path words,
	// the MCP name and title from that leaf, the description from both.
	root := cat.Tool("t_get")
	if root == nil || root.Path != "root.get" || root.Title != "get" || root.Description != "GET /" || root.Plan.OperationID != "" {
		t.Errorf("root tool = %+v", root)
	}
	tool := cat.Tool("t_update_item")
	if tool == nil || tool.Path != "items.updateItem" {
		t.Fatalf("tools = %+v", cat.Tools)
	}
	want := []Param{
		{Name: "id", Arg: "id", In: InPath, Required: true, Style: "simple", Type: "string"},
		{Name: "trace", Arg: "trace", In: InHeader, Style: "simple", Type: "string"},
		{Name: "id", Arg: "id_query", In: InQuery, Style: "pipeDelimited", Type: "array"},
		{Name: "id", Arg: "id_header", In: InHeader, Style: "simple", Type: "string"},
		{Name: "filter", Arg: "filter", In: InQuery, Style: "form", Explode: true, Type: "object"},
		{Name: "session", Arg: "session", In: InCookie, Style: "form", Explode: true, Type: "string"},
	}
	if !equalJSON(tool.Plan.Params, want) {
		t.Errorf("params:\n got %+v\nwant %+v", tool.Plan.Params, want)
	}
	if !equalJSON(tool.Plan.Headers, []Header{{"X-Api-Version", "2024-01-01"}}) {
		t.Errorf("headers = %+v", tool.Plan.Headers)
	}
	// The body has an "id" like a parameter: it stays one argument.
	if b := tool.Plan.Body; b == nil || b.Arg != "body" || b.MediaType != "application/json" {
		t.Errorf("body = %+v", b)
	}
	in := string(tool.InputSchema)
	for _, bad := range []string{"X-Amz", "X-Api-Version", "Content-Type"} {
		if strings.Contains(in, bad) {
			t.Errorf("input schema mentions %s: %s", bad, in)
		}
	}
	if err := validates(t, tool, `{"id":"a","id_query":[1,2],"id_header":"h","filter":{"a":"b"},"body":{"id":"x"}}`); err != nil {
		t.Errorf("valid arguments rejected: %v", err)
	}
	if !equalJSON(tool.Plan.Servers, []Server{{URL: "/relative"}}) {
		t.Errorf("servers = %+v", tool.Plan.Servers)
	}
	if !equalJSON(cat.Servers[0].Variables, []ServerVariable{{Name: "tenant", Default: "acme", Enum: []string{"acme", "other"}}}) {
		t.Errorf("server variables = %+v", cat.Servers[0].Variables)
	}
	if !strings.Contains(strings.Join(cat.Warnings, "\n"), "server https://{tenant}.example.com/{base}: variable {base} has no definition") {
		t.Errorf("warnings = %v", cat.Warnings)
	}
}

// TestValidationWarnings: what kin-openapi's validation rejects beyond the
// essentials is reported, not fatal.
func TestValidationWarnings(t *testing.T) {
	cat := loadString(t, `openapi: 3.0.3
info: {title: v, version: "1"}
paths:
  /a:
    get:
      operationId: getA
      parameters:
        - {name: q, in: query, schema: {type: string, pattern: '(?<=x)y'}}
      responses: {"200": {description: ok}}
    post:
      operationId: getA
      responses: {"200": {description: ok}}
`)
	if len(cat.Tools) != 2 {
		t.Fatalf("%d tools", len(cat.Tools))
	}
	all := strings.Join(cat.Warnings, "\n")
	if !strings.Contains(all, "document does not validate") || !strings.Contains(all, "pattern") {
		t.Errorf("warnings = %v", cat.Warnings)
	}
}

// TestFormBody: a form body is flattened like a JSON one, and the media
// type preference is JSON, +json, form, multipart, then the rest.
func TestFormBody(t *testing.T) {
	cat := loadString(t, `openapi: 3.0.3
info: {title: f, version: "1"}
paths:
  /login:
    post:
      operationId: login
      requestBody:
        required: true
        content:
          text/plain: {schema: {type: string}}
          multipart/form-data: {schema: {type: object, properties: {file: {type: string, format: binary}}}}
          application/x-www-form-urlencoded:
            schema: {type: object, required: [user], properties: {user: {type: string}, remember: {type: boolean}}}
      responses: {"200": {description: ok}}
  /events:
    post:
      operationId: postEvent
      requestBody:
        content:
          application/cloudevents+json: {schema: {type: object, properties: {id: {type: string}}}}
          application/xml: {schema: {type: object}}
      responses: {"200": {description: ok}}
`)
	login := cat.Tool("t_login")
	if b := login.Plan.Body; b == nil || b.MediaType != "application/x-www-form-urlencoded" || b.Arg != "" ||
		strings.Join(b.Props, ",") != "remember,user" || !b.Required {
		t.Errorf("login body = %+v", b)
	}
	if !strings.Contains(string(login.InputSchema), `"required":["user"]`) {
		t.Errorf("login schema = %s", login.InputSchema)
	}
	if b := cat.Tool("t_post_event").Plan.Body; b == nil || b.MediaType != "application/cloudevents+json" || b.Required {
		t.Errorf("postEvent body = %+v", b)
	}
}

// TestSecurity: an operation's own requirements, none ([]), or the
// document's default (nil) survive a JSON round trip; schemes are sorted
// and an apiKey parameter is left to the scheme only where it applies.
func TestSecurity(t *testing.T) {
	cat := loadString(t, `openapi: 3.0.3
info: {title: s, version: "1"}
security: [{key: []}]
paths:
  /a:
    get:
      operationId: getA
      parameters: [{name: X-Key, in: header, schema: {type: string}}]
      responses: {"200": {description: ok}}
    post:
      operationId: postA
      security: []
      parameters: [{name: X-Key, in: header, schema: {type: string}}]
      responses: {"200": {description: ok}}
    put:
      operationId: putA
      security: [{oauth: [write]}, {basic: []}]
      responses: {"200": {description: ok}}
components:
  securitySchemes:
    oauth:
      type: oauth2
      flows: {clientCredentials: {tokenUrl: "https://auth.example.com/token", scopes: {write: w}}}
    key: {type: apiKey, in: header, name: X-Key, description: "<p>The key</p>"}
    basic: {type: http, scheme: Basic}
`)
	raw, err := json.Marshal(cat)
	if err != nil {
		t.Fatal(err)
	}
	var round Catalog
	if err := json.Unmarshal(raw, &round); err != nil {
		t.Fatal(err)
	}
	get, post, put := round.Tool("t_get_a"), round.Tool("t_post_a"), round.Tool("t_put_a")
	if _, ok := get.Plan.Security[0]["key"]; len(get.Plan.Security) != 1 || !ok || len(get.Plan.Params) != 0 {
		t.Errorf("getA: security %v, params %v; want document default, key filled by the scheme", get.Plan.Security, get.Plan.Params)
	}
	if post.Plan.Security == nil || len(post.Plan.Security) != 0 || len(post.Plan.Params) != 1 {
		t.Errorf("postA: security %v, params %v; want none and X-Key asked for", post.Plan.Security, post.Plan.Params)
	}
	if !equalJSON(put.Plan.Security, []SecurityRequirement{{"oauth": {"write"}}, {"basic": {}}}) {
		t.Errorf("putA security = %v", put.Plan.Security)
	}
	want := []SecurityScheme{
		{Name: "basic", Type: "http", Scheme: "basic"},
		{Name: "key", Type: "apiKey", In: "header", Param: "X-Key", Description: "The key"},
		{Name: "oauth", Type: "oauth2", TokenURL: "https://auth.example.com/token"},
	}
	if !equalJSON(round.SecuritySchemes, want) {
		t.Errorf("schemes = %+v", round.SecuritySchemes)
	}
}

// TestSecurityWithoutDefault: an operation without its own requirements
// in a document without a default needs no auth ([]), so no credential is
// sent with it.
func TestSecurityWithoutDefault(t *testing.T) {
	for _, tc := range []struct{ name, security string }{
		{"no default", ""},
		{"empty default", "security: []\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cat := loadString(t, `openapi: 3.0.3
info: {title: s, version: "1"}
`+tc.security+`paths:
  /a:
    get:
      operationId: getA
      responses: {"200": {description: ok}}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
`)
			raw, err := json.Marshal(cat.Tool("t_get_a").Plan)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(raw), `"security":[]`) {
				t.Errorf("plan %s, want security []", raw)
			}
		})
	}
}
