package openapi

import (
	"strings"
	"testing"
)

// TestSchemaCycle: a $ref cycle becomes a $defs cycle and terminates.
func TestSchemaCycle(t *testing.T) {
	cat := loadString(t, `openapi: 3.0.3
info: {title: c, version: "1"}
paths:
  /nodes:
    post:
      operationId: addNode
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Node'}
      responses: {"200": {description: ok}}
components:
  schemas:
    Node:
      type: object
      required: [name]
      properties:
        name: {type: string}
        children: {type: array, items: {$ref: '#/components/schemas/Node'}}
        parent: {$ref: '#/components/schemas/Node'}
        other: {$ref: '#/components/schemas/A'}
    A:
      type: object
      properties:
        b: {$ref: '#/components/schemas/B'}
    B:
      type: object
      properties:
        a: {$ref: '#/components/schemas/A'}
    Unused: {type: string}
`)
	tool := toolByTitle(t, cat, "addNode")
	got := string(tool.InputSchema)
	for _, want := range []string{`"children":{"items":{"$ref":"#/$defs/Node"},"type":"array"}`, `"$defs":{"A":`, `"B":{`, `"Node":{`, `"required":["name"]`} {
		if !strings.Contains(got, want) {
			t.Errorf("input schema lacks %s:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Unused") {
		t.Errorf("unreachable def included: %s", got)
	}
	if tool.Plan.Body.Arg != "" || strings.Join(tool.Plan.Body.Props, ",") != "children,name,other,parent" {
		t.Errorf("body = %+v", tool.Plan.Body)
	}
	if err := validates(t, tool, `{"name":"a","children":[{"name":"b","children":[]}],"other":{"b":{"a":{}}}}`); err != nil {
		t.Errorf("valid tree rejected: %v", err)
	}
	if err := validates(t, tool, `{"name":"a","children":[{"children":[]}]}`); err == nil {
		t.Error("child without name accepted")
	}
}

// TestSchemaNullable: OpenAPI 3.0 nullable becomes a type union with null.
func TestSchemaNullable(t *testing.T) {
	cat := loadString(t, `openapi: 3.0.3
info: {title: n, version: "1"}
paths:
  /x:
    post:
      operationId: setX
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              properties:
                name: {type: string, nullable: true}
                mode: {type: string, enum: [a, b], nullable: true}
                count: {type: integer}
      responses: {"200": {description: ok}}
`)
	tool := toolByTitle(t, cat, "setX")
	got := string(tool.InputSchema)
	for _, want := range []string{`"name":{"type":["string","null"]}`, `"mode":{"enum":["a","b",null],"type":["string","null"]}`, `"count":{"type":"integer"}`} {
		if !strings.Contains(got, want) {
			t.Errorf("input schema lacks %s:\n%s", want, got)
		}
	}
	if strings.Contains(got, "nullable") {
		t.Errorf("nullable kept: %s", got)
	}
	if err := validates(t, tool, `{"name":null,"mode":null,"count":1}`); err != nil {
		t.Errorf("nulls rejected: %v", err)
	}
}

// TestOpenAPI31: type arrays with "null", const, examples and numeric
// exclusive bounds load and convert.
func TestOpenAPI31(t *testing.T) {
	yamlDoc := `openapi: 3.1.0
info: {title: t31, version: "1"}
paths:
  /items/{id}:
    put:
      operationId: putItem
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Item'}
      responses:
        "200":
          description: ok
components:
  schemas:
    Item:
      type: object
      required: [label]
      properties:
        label: {type: [string, "null"], examples: [hello]}
        kind: {const: fixed}
        score: {type: number, exclusiveMinimum: 0, exclusiveMaximum: 10}
`
	jsonDoc := `{"openapi": "3.1.0", "info": {"title": "t31", "version": "1"},
 "paths": {"/items/{id}": {"put": {"operationId": "putItem",
  "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
  "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}},
  "responses": {"200": {"description": "ok"}}}}},
 "components": {"schemas": {"Item": {"type": "object", "required": ["label"], "properties": {
  "label": {"type": ["string", "null"], "examples": ["hello"]},
  "kind": {"const": "fixed"},
  "score": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 10}}}}}}`
	for _, doc := range []string{yamlDoc, jsonDoc} {
		// The converter's own output; compact schemas drop examples
		// (TestCompactKeywords).
		cat := loadStringWith(t, doc, Options{Namespace: "t", Schemas: SchemasVerbose})
		tool := toolByTitle(t, cat, "putItem")
		got := string(tool.InputSchema)
		for _, want := range []string{`"label":{"examples":["hello"],"type":["string","null"]}`, `"kind":{"const":"fixed"}`, `"exclusiveMinimum":0`, `"exclusiveMaximum":10`} {
			if !strings.Contains(got, want) {
				t.Errorf("input schema lacks %s:\n%s", want, got)
			}
		}
		if err := validates(t, tool, `{"id":"1","label":null,"score":5}`); err != nil {
			t.Errorf("valid 3.1 arguments rejected: %v", err)
		}
		if err := validates(t, tool, `{"id":"1","label":"x","score":10}`); err == nil {
			t.Error("exclusive maximum not enforced")
		}
	}
}

// TestSchemaKeywords: OpenAPI-only keywords go, readOnly properties leave
// inputs, examples and formats stay, 3.0 exclusive bounds convert, and a
// pattern JavaScript or Go cannot use moves into the description. It checks
// the converter's own output (SchemasVerbose); TestCompactKeywords checks
// what the compact step takes away from the same document.
func TestSchemaKeywords(t *testing.T) {
	cat := loadStringWith(t, keywordsDoc, Options{Namespace: "t", Schemas: SchemasVerbose})
	tool := toolByTitle(t, cat, "createThing")
	got := string(tool.InputSchema)
	for _, bad := range []string{"discriminator", "xml", "externalDocs", "x-internal", "x-extra", `"id"`, "readOnly", "<b>", "&amp;", "(?<!x)\""} {
		if strings.Contains(got, bad) {
			t.Errorf("input schema keeps %s:\n%s", bad, got)
		}
	}
	for _, want := range []string{
		`"examples":["Rex"]`,
		`The name & title. Must match the pattern: ^[a-z]+(?<!x)$`,
		`"secret":{"format":"password","type":"string","writeOnly":true}`,
		`"exclusiveMinimum":1,"maximum":5`,
		`"when":{"description":"When it happens. ISO 8601 date-time or epoch seconds.","format":"date-time","type":["string","number"]}`,
		`"minItems":1`, `"uniqueItems":true`,
		`"required":["name"]`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("input schema lacks %s:\n%s", want, got)
		}
	}
	if err := validates(t, tool, `{"name":"rex","when":1700000000,"size":5}`); err != nil {
		t.Errorf("epoch date-time rejected: %v", err)
	}
	if err := validates(t, tool, `{"name":"rex","when":"2024-01-02T03:04:05Z","size":1}`); err == nil {
		t.Error("exclusive minimum not enforced")
	}
	var warned bool
	for _, w := range cat.Warnings {
		warned = warned || strings.Contains(w, "createThing body.name: pattern")
	}
	if !warned {
		t.Errorf("no warning for the dropped pattern: %v", cat.Warnings)
	}
}

const keywordsDoc = `openapi: 3.0.3
info: {title: k, version: "1"}
paths:
  /things:
    post:
      operationId: createThing
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Thing'}
      responses:
        "200":
          description: ok
components:
  schemas:
    Thing:
      type: object
      required: [id, name]
      discriminator: {propertyName: name}
      xml: {name: thing}
      externalDocs: {url: "https://example.com"}
      x-internal: true
      properties:
        id: {type: integer, readOnly: true}
        name:
          type: string
          description: <p>The <b>name</b> &amp; title.</p>
          example: Rex
          pattern: '^[a-z]+(?<!x)$'
          x-extra: 1
        secret: {type: string, writeOnly: true, format: password}
        size: {type: number, minimum: 1, exclusiveMinimum: true, maximum: 5}
        when: {type: string, format: date-time, description: When it happens}
        tags: {type: array, items: {type: string}, minItems: 1, uniqueItems: true}
`

// TestOutputSchemaLenient: output schemas of AWS operations keep structure
// and drop value constraints; non-AWS operations get none.
func TestOutputSchemaLenient(t *testing.T) {
	cat := loadString(t, `openapi: 3.0.0
info: {title: aws, version: "1", x-serviceName: demo}
servers:
  - url: https://demo.{region}.amazonaws.com
    variables: {region: {default: us-east-1}}
paths:
  /#X-Amz-Target=Demo.GetThing:
    post:
      operationId: GetThing
      parameters:
        - {name: X-Amz-Target, in: header, required: true, schema: {type: string, enum: [Demo.GetThing]}}
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, properties: {Id: {type: string}}}}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                additionalProperties: false
                required: [Id]
                properties:
                  Id: {type: string, pattern: '^[a-z]+$', maxLength: 3, enum: [abc]}
                  Created: {type: string, format: date-time}
                  Secret: {type: string, writeOnly: true}
                  Size: {type: integer, format: int64, minimum: 1}
                  Kind: {oneOf: [{type: string}, {type: string, maxLength: 2}]}
`)
	tool := toolByTitle(t, cat, "GetThing")
	if tool.Plan.AWS == nil || tool.Plan.AWS.SigningName != "demo" || tool.Plan.Path != "/" {
		t.Fatalf("plan = %+v", tool.Plan)
	}
	got := string(tool.OutputSchema)
	want := `{"properties":{"Created":{"format":"date-time","type":"string"},"Id":{"type":"string"},"Kind":{"anyOf":[{"type":"string"},{"type":"string"}]},"Size":{"type":"integer"}},"required":["Id"],"type":"object"}`
	if got != want {
		t.Errorf("output schema\n got %s\nwant %s", got, want)
	}
	compileSchema(t, tool.OutputSchema)
}
