package executor

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/cognito-mcp/cognito-mcp/internal/cognitotest"
)

// coercionInput asks for an integer, a number, booleans (one through a
// $ref, one nested in an array of objects, one beside a string) and a
// string that looks like a number.
const coercionInput = `{
  "type": "object",
  "properties": {
    "UserPoolId": {"type": "string"},
    "Limit": {"type": "integer", "minimum": 1, "maximum": 60},
    "Ratio": {"type": "number"},
    "Enabled": {"$ref": "#/$defs/Flag"},
    "Either": {"type": ["boolean", "string"]},
    "Code": {"type": "string"},
    "Rules": {"type": "array", "items": {"type": "object", "properties": {
      "Priority": {"allOf": [{"$ref": "#/$defs/Priority"}, {"description": "order"}]},
      "On": {"type": "boolean"}}}}
  },
  "additionalProperties": false,
  "$defs": {"Flag": {"type": "boolean"}, "Priority": {"type": "integer"}}
}`

func TestCoerceStringsTheSchemaWantsAsScalars(t *testing.T) {
	up := cognitotest.NewStub(t, cognitotest.Answer{Status: 200, Body: `{}`})
	e := New(Options{AWS: cognitotest.Config(up.URL)})
	tool := cognitotest.CognitoTool("ListUsers", coercionInput, "")
	args := map[string]any{
		"UserPoolId": "123", "Limit": "10", "Ratio": "1.5", "Enabled": "true",
		"Either": "false", "Code": "007",
		"Rules": []any{map[string]any{"Priority": "-3", "On": "false"}, map[string]any{"Priority": 4.0}},
	}
	wantSuccess(t, e.callT(context.Background(), tool, nil, args))
	reqs := up.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests", len(reqs))
	}
	var got map[string]any
	if err := json.Unmarshal(reqs[0].Body, &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"UserPoolId": "123", "Limit": 10.0, "Ratio": 1.5, "Enabled": true,
		"Either": "false", "Code": "007",
		"Rules": []any{map[string]any{"Priority": -3.0, "On": false}, map[string]any{"Priority": 4.0}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("sent %s\nwant %v", reqs[0].Body, want)
	}
	// The caller's arguments are left as they were.
	if args["Limit"] != "10" || args["Rules"].([]any)[0].(map[string]any)["On"] != "false" {
		t.Errorf("arguments modified: %v", args)
	}
}

func TestCoerceLeavesOtherStringsToValidation(t *testing.T) {
	up := cognitotest.NewStub(t, cognitotest.Answer{Status: 200, Body: `{}`})
	e := New(Options{AWS: cognitotest.Config(up.URL)})
	tool := cognitotest.CognitoTool("ListUsers", coercionInput, "")
	tests := []struct {
		args map[string]any
		want string
	}{
		{map[string]any{"Limit": "ten"}, "/Limit: must be of type integer, not string"},
		{map[string]any{"Limit": "1.5"}, "/Limit: must be of type integer, not string"},
		{map[string]any{"Limit": " 10"}, "/Limit: must be of type integer, not string"},
		{map[string]any{"Limit": "010"}, "/Limit: must be of type integer, not string"},
		{map[string]any{"Limit": "100"}, "/Limit: must be <= 60"},
		{map[string]any{"Ratio": "1e"}, "/Ratio: must be of type number, not string"},
		{map[string]any{"Ratio": "NaN"}, "/Ratio: must be of type number, not string"},
		{map[string]any{"Enabled": "True"}, "/Enabled: must be of type boolean, not string"},
		{map[string]any{"Enabled": "1"}, "/Enabled: must be of type boolean, not string"},
		{map[string]any{"Rules": []any{map[string]any{"On": "yes"}}}, "/Rules/0/On: must be of type boolean, not string"},
	}
	for _, tc := range tests {
		wantError(t, e.callT(context.Background(), tool, nil, tc.args), tc.want, "nothing was sent")
	}
	if n := len(up.Requests()); n != 0 {
		t.Errorf("%d requests sent with invalid arguments", n)
	}
}

func TestCoerceKeepsLargeIntegersExact(t *testing.T) {
	d := schemaDoc{}
	got, ok := d.coerce(map[string]any{"type": "integer"}, "9007199254740993")
	if !ok || got != json.Number("9007199254740993") {
		t.Errorf("coerce = %v, %v", got, ok)
	}
}
