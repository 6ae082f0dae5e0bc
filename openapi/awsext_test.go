package openapi

import (
	"slices"
	"strings"
	"testing"
)

// awsExtDoc exercises every extension the loader reads: an unsigned and a
// signed operation, a paginator, a bad paginator, sensitive values in a
// header, in flattened and whole bodies, in lists, maps, a recursive schema
// and a result.
const awsExtDoc = `
openapi: 3.0.0
info: {title: Ext, version: "1", x-aws-signing-name: signer}
servers: [{url: "https://svc.{region}.amazonaws.com", variables: {region: {default: us-east-1}}}]
security: [{hmac: []}]
paths:
  "/#X-Amz-Target=Svc.Login":
    post:
      operationId: Login
      security: []
      x-aws-unsigned: true
      parameters:
        - {name: X-Amz-Target, in: header, required: true, schema: {type: string, enum: [Svc.Login]}}
      requestBody:
        required: true
        content: {application/x-amz-json-1.0: {schema: {$ref: "#/components/schemas/LoginRequest"}}}
      responses:
        "200":
          description: ok
          content: {application/x-amz-json-1.0: {schema: {$ref: "#/components/schemas/LoginResponse"}}}
  "/#X-Amz-Target=Svc.ListThings":
    post:
      operationId: ListThings
      x-aws-pagination: {inputToken: [NextToken], outputToken: [NextToken], limitKey: Max, resultKey: [Things]}
      parameters:
        - {name: X-Amz-Target, in: header, required: true, schema: {type: string, enum: [Svc.ListThings]}}
      requestBody:
        content: {application/x-amz-json-1.0: {schema: {type: object, properties: {NextToken: {type: string}, Max: {type: integer}}}}}
      responses: {"200": {description: ok}}
  "/#X-Amz-Target=Svc.BadPages":
    post:
      operationId: BadPages
      x-aws-pagination: {inputToken: [Marker], outputToken: [Marker]}
      parameters:
        - {name: X-Amz-Target, in: header, required: true, schema: {type: string, enum: [Svc.BadPages]}}
      responses: {"200": {description: ok}}
  /things/{id}:
    put:
      operationId: putThing
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: X-Key, in: header, schema: {type: string, x-sensitive: true}}
      requestBody:
        content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Node"}}}}
      responses: {"200": {description: ok}}
components:
  securitySchemes:
    hmac: {type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authtype: awsSigv4}
  schemas:
    Secret: {type: string, x-sensitive: true}
    LoginRequest:
      type: object
      properties:
        User: {allOf: [{$ref: "#/components/schemas/Name"}, {description: the user, x-sensitive: true}]}
        Password: {$ref: "#/components/schemas/Secret"}
        Attrs: {type: array, items: {type: object, properties: {Name: {type: string}, Value: {$ref: "#/components/schemas/Secret"}}}}
        Meta: {type: object, additionalProperties: {$ref: "#/components/schemas/Secret"}}
        Plain: {type: string}
    Name: {type: string}
    LoginResponse:
      type: object
      properties:
        Result: {type: object, properties: {Token: {$ref: "#/components/schemas/Secret"}, Expires: {type: integer}}}
    Node:
      type: object
      properties:
        Key: {$ref: "#/components/schemas/Secret"}
        Children: {type: array, items: {$ref: "#/components/schemas/Node"}}
`

func TestExtensions(t *testing.T) {
	cat := loadString(t, awsExtDoc)
	tools := map[string]*Tool{}
	for i := range cat.Tools {
		tools[cat.Tools[i].Title] = &cat.Tools[i]
	}

	login := tools["Login"]
	if aws := login.Plan.AWS; aws == nil || !aws.Unsigned || aws.SigningName != "signer" || aws.JSONVersion != "1.0" {
		t.Errorf("Login AWS plan %+v", login.Plan.AWS)
	}
	if len(login.Plan.Security) != 0 {
		t.Errorf("Login security %v, want none", login.Plan.Security)
	}
	if s := login.Sensitive; s == nil ||
		!slices.Equal(s.Args, []string{"Attrs[].Value", "Meta.*", "Password", "User"}) ||
		!slices.Equal(s.Result, []string{"Result.Token"}) {
		t.Errorf("Login sensitive %+v", s)
	}
	if login.Paging != nil {
		t.Errorf("Login paging %+v", login.Paging)
	}

	list := tools["ListThings"]
	if list.Plan.AWS == nil || list.Plan.AWS.Unsigned {
		t.Errorf("ListThings AWS plan %+v", list.Plan.AWS)
	}
	if p := list.Paging; p == nil || !slices.Equal(p.InputTokens, []string{"NextToken"}) ||
		!slices.Equal(p.OutputTokens, []string{"NextToken"}) || p.LimitKey != "Max" || !slices.Equal(p.ResultKeys, []string{"Things"}) {
		t.Errorf("ListThings paging %+v", p)
	}
	if list.Sensitive != nil {
		t.Errorf("ListThings sensitive %+v", list.Sensitive)
	}

	if tools["BadPages"].Paging != nil {
		t.Error("BadPages: a paginator whose token is not an argument was kept")
	}
	if !slices.ContainsFunc(cat.Warnings, func(w string) bool { return strings.Contains(w, "x-aws-pagination names Marker") }) {
		t.Errorf("no warning about BadPages' paginator: %v", cat.Warnings)
	}

	// Not AWS: the header argument and the whole-body argument. A schema
	// that contains itself is walked once.
	put := tools["putThing"]
	if put.Plan.AWS != nil || put.Paging != nil {
		t.Errorf("putThing: AWS %+v, paging %+v", put.Plan.AWS, put.Paging)
	}
	if s := put.Sensitive; s == nil || !slices.Equal(s.Args, []string{"X-Key", "body[].Key"}) || s.Result != nil {
		t.Errorf("putThing sensitive %+v", s)
	}
}

// TestExtensionsAbsent: a document without the extensions loads as before.
func TestExtensionsAbsent(t *testing.T) {
	cat := loadFile(t, "cognito-idp.openapi.yaml", Options{Namespace: "cognito"})
	for _, tool := range cat.Tools {
		if tool.Paging != nil || tool.Sensitive != nil || tool.Plan.AWS.Unsigned {
			t.Fatalf("%s: paging %+v, sensitive %+v, unsigned %v", tool.Path, tool.Paging, tool.Sensitive, tool.Plan.AWS.Unsigned)
		}
	}
}
