package botocore

import "encoding/json"

// schemaTypes maps botocore shape types to OpenAPI types. Timestamps are
// date-time strings and blobs plain (base64) strings, as APIs.guru writes
// them.
var schemaTypes = map[string]string{
	"structure": "object",
	"list":      "array",
	"map":       "object",
	"string":    "string",
	"integer":   "integer",
	"long":      "integer",
	"float":     "number",
	"double":    "number",
	"boolean":   "boolean",
	"timestamp": "string",
	"blob":      "string",
}

// schemaOf is the component schema of one shape. input marks a shape that
// is an operation's input: it gets its name as title, as APIs.guru does.
func schemaOf(name string, s shape, input bool) map[string]any {
	out := map[string]any{}
	if s.Document {
		// A document is any JSON value.
		annotate(out, s)
		return out
	}
	out["type"] = schemaTypes[s.Type]
	switch s.Type {
	case "structure":
		props := map[string]any{}
		for mn, m := range s.Members {
			props[mn] = memberSchema(m)
		}
		out["properties"] = props
		if len(s.Required) > 0 {
			out["required"] = s.Required
		}
		if s.Union {
			// Exactly one member is set.
			out["minProperties"] = 1
			out["maxProperties"] = 1
		}
		if input {
			out["title"] = name
		}
	case "list":
		out["items"] = ref("schemas", s.Member.Shape)
		bound(out, "minItems", s.Min)
		bound(out, "maxItems", s.Max)
	case "map":
		out["additionalProperties"] = ref("schemas", s.Value.Shape)
		bound(out, "minProperties", s.Min)
		bound(out, "maxProperties", s.Max)
	case "string":
		bound(out, "minLength", s.Min)
		bound(out, "maxLength", s.Max)
		if s.Pattern != "" {
			out["pattern"] = s.Pattern
		}
		if len(s.Enum) > 0 {
			out["enum"] = s.Enum
		}
	case "integer", "long", "float", "double":
		bound(out, "minimum", s.Min)
		bound(out, "maximum", s.Max)
	case "timestamp":
		out["format"] = "date-time"
	case "blob":
		// Bounds count bytes, the JSON value is their base64: no bounds.
	}
	annotate(out, s)
	return out
}

// annotate adds a shape's documentation, deprecation and sensitivity.
func annotate(out map[string]any, s shape) {
	if d := withDeprecation(s.Documentation, s.DeprecatedMessage); d != "" {
		out["description"] = d
	}
	if s.Deprecated {
		out["deprecated"] = true
	}
	if s.Sensitive {
		out["x-sensitive"] = true
	}
}

func bound(out map[string]any, key string, n *json.Number) {
	if n != nil {
		out[key] = *n
	}
}

// memberSchema refers to a member's shape. A member with documentation,
// deprecation or its own sensitivity is written as APIs.guru writes a
// documented member: allOf the shape and an annotation.
func memberSchema(m member) map[string]any {
	note := map[string]any{}
	if d := withDeprecation(m.Documentation, m.DeprecatedMessage); d != "" {
		note["description"] = d
	}
	if m.Deprecated {
		note["deprecated"] = true
	}
	if m.Sensitive {
		note["x-sensitive"] = true
	}
	if len(note) == 0 {
		return ref("schemas", m.Shape)
	}
	return map[string]any{"allOf": []any{ref("schemas", m.Shape), note}}
}
