package schemagen

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

const sampleSchema = `{
  "type": "object",
  "additionalProperties": false,
  "required": ["Id", "Kind", "Tags"],
  "properties": {
    "Id": {"$ref": "#/$defs/IdType", "description": "The id."},
    "Kind": {"enum": ["A", "B"], "type": "string"},
    "Fixed": {"const": "f"},
    "Count": {"type": "integer", "minimum": 1, "maximum": 60},
    "Ratio": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
    "Step": {"type": "number", "multipleOf": 0.25},
    "When": {"type": ["string", "number"], "format": "date-time"},
    "Email": {"type": "string", "pattern": "[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+@[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+", "maxLength": 64},
    "Tags": {"type": "array", "minItems": 1, "maxItems": 3, "uniqueItems": true, "items": {"type": "string", "minLength": 2}},
    "Meta": {"type": "object", "additionalProperties": {"type": "string", "maxLength": 4}},
    "Nested": {"type": "object", "required": ["Name"], "properties": {"Name": {"type": "string", "minLength": 1, "maxLength": 8}, "Flag": {"type": "boolean"}}},
    "Maybe": {"type": ["string", "null"]},
    "Tree": {"$ref": "#/$defs/Node"}
  },
  "$defs": {
    "IdType": {"type": "string", "minLength": 3, "maxLength": 55, "pattern": "[\\w-]+_[0-9a-zA-Z]+"},
    "Node": {"type": "object", "properties": {"Child": {"$ref": "#/$defs/Node"}, "Label": {"type": "string"}}}
  }
}`

func compileSchema(t *testing.T, raw string) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource("mem:///s.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("mem:///s.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestIntentMatchesValidator: on a schema using every keyword the
// generator knows, each instance is accepted exactly when it is meant to be.
func TestIntentMatchesValidator(t *testing.T) {
	var schema map[string]any
	if err := json.Unmarshal([]byte(sampleSchema), &schema); err != nil {
		t.Fatal(err)
	}
	compiled := compileSchema(t, sampleSchema)
	instances := Generate(schema)
	names := map[string]bool{}
	valid := 0
	for _, in := range instances {
		names[in.Name] = true
		raw, err := json.Marshal(in.Value)
		if err != nil {
			t.Fatalf("%s: %v", in.Name, err)
		}
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		err = compiled.Validate(v)
		if (err == nil) != in.Valid {
			t.Errorf("%s: meant valid=%v, validator says %v for %s", in.Name, in.Valid, err, raw)
		}
		if in.Valid {
			valid++
		}
	}
	for _, want := range []string{
		"valid: every property", "valid: required properties only",
		"/: missing required Id", "/: extra property", "/Id: minLength-1", "/Id: maxLength+1",
		"/Id: pattern mismatch", "/Id: type integer", "/Kind: out of enum", "/Kind: enum B",
		"/Fixed: not const", "/Count: below minimum", "/Count: above maximum", "/Count: fraction",
		"/Ratio: at exclusiveMinimum", "/Ratio: at exclusiveMaximum", "/Step: not a multiple",
		"/When: date-time as epoch seconds", "/Tags: minItems-1", "/Tags: maxItems+1",
		"/Tags: duplicate items", "/Tags/0: minLength-1", "/Meta/zzExtraProperty: maxLength+1",
		"/Nested: missing required Name", "/Nested/Name: maxLength+1", "/Nested/Flag: type string",
		"/Maybe: type integer", "/Tree/Child/Child/Label: type integer",
	} {
		if !names[want] {
			t.Errorf("no instance %q", want)
		}
	}
	if valid == 0 || valid == len(instances) {
		t.Errorf("%d of %d instances valid; want both kinds", valid, len(instances))
	}
}

// TestDeterministic: the same schema gives the same instances.
func TestDeterministic(t *testing.T) {
	var schema map[string]any
	if err := json.Unmarshal([]byte(sampleSchema), &schema); err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(Generate(schema))
	b, _ := json.Marshal(Generate(schema))
	if !bytes.Equal(a, b) {
		t.Error("two runs differ")
	}
}

func TestSample(t *testing.T) {
	for _, tt := range []struct{ pattern, want string }{
		{`[\w-]+_[0-9a-zA-Z]+`, "a_a"},
		{`^[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?$`, "a"},
		{`arn:[\w+=/,.@-]+:[0-9]+`, "arn:a:0"},
		{`[\S]+`, "a"},
	} {
		re := compile(tt.pattern)
		if re == nil {
			t.Fatalf("pattern %s does not compile", tt.pattern)
		}
		if got := sample(re.syntax, 1); got != tt.want || !re.MatchString(got) {
			t.Errorf("sample(%s) = %q, want %q", tt.pattern, got, tt.want)
		}
	}
}
