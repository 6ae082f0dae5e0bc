package openapi_test

import (
	"fmt"
	"log"

	"github.com/cognito-mcp/cognito-mcp/openapi"
)

func ExampleLoad() {
	doc := `openapi: 3.0.3
info: {title: Pets, version: "1"}
servers: [{url: "https://pets.example.com/v1"}]
paths:
  /pets/{petId}:
    get:
      tags: [pet]
      operationId: getPetById
      description: <p>Returns a single pet &amp; its <b>owner</b>.</p>
      parameters:
        - {name: petId, in: path, required: true, schema: {type: integer}}
      responses: {"200": {description: ok}}
`
	cat, err := openapi.Load([]byte(doc), openapi.Options{Namespace: "pets", PathPrefix: "pets"})
	if err != nil {
		log.Fatal(err)
	}
	t := cat.Tools[0]
	fmt.Println(t.Name, t.Path, t.Title)
	fmt.Println(t.Description)
	fmt.Println(string(t.InputSchema))
	fmt.Println(t.Plan.Method, t.Plan.Path, t.Plan.Params[0].In, t.Plan.Params[0].Style)
	fmt.Printf("%+v\n", t.Annotations)
	// Output:
	// pets_get_pet_by_id pets.pet.getPetById getPetById
	// Returns a single pet & its owner.
	// {"additionalProperties":false,"properties":{"petId":{"type":"integer"}},"required":["petId"],"type":"object"}
	// GET /pets/{petId} path simple
	// {ReadOnly:true Destructive:false Idempotent:true OpenWorld:true}
}
