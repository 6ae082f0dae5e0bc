package openapi

import (
	"fmt"
	"slices"

	"github.com/getkin/kin-openapi/openapi3"
)

// annotationOnly reports a schema that constrains nothing: only
// description, title, default, example or deprecated are set. Every field of
// openapi3.Schema is classified in schema_fields_test.go, which fails when
// kin-openapi adds one nobody classified or this list misses a constraint.
func annotationOnly(s *openapi3.Schema) bool {
	return s.Type == nil && s.Format == "" && s.Enum == nil && s.Const == nil &&
		s.Items == nil && s.Properties == nil && s.Required == nil &&
		s.AllOf == nil && s.AnyOf == nil && s.OneOf == nil && s.Not == nil &&
		s.Pattern == "" && s.Min == nil && s.Max == nil && s.MinLength == 0 && s.MaxLength == nil &&
		s.MinItems == 0 && s.MaxItems == nil && s.MinProps == 0 && s.MaxProps == nil &&
		s.MultipleOf == nil && !s.ExclusiveMin.IsSet() && !s.ExclusiveMax.IsSet() && !s.UniqueItems &&
		s.AdditionalProperties.Has == nil && s.AdditionalProperties.Schema == nil &&
		!s.Nullable && !s.ReadOnly && !s.WriteOnly && s.Always == nil &&
		s.PrefixItems == nil && s.Contains == nil && s.PatternProperties == nil &&
		s.PropertyNames == nil && s.If == nil && s.DependentRequired == nil && s.DependentSchemas == nil
}

// constraints copies the value constraints an input schema keeps.
func (c *converter) constraints(s *openapi3.Schema, out map[string]any, desc *string, where string) {
	if len(s.Enum) > 0 {
		enum := slices.Clone(s.Enum)
		if s.Nullable && !slices.Contains(enum, nil) {
			enum = append(enum, nil)
		}
		out["enum"] = enum
	}
	if s.Const != nil {
		out["const"] = s.Const
	}
	if s.Default != nil {
		out["default"] = s.Default
	}
	switch {
	case len(s.Examples) > 0:
		out["examples"] = s.Examples
	case s.Example != nil:
		out["examples"] = []any{s.Example}
	}
	if s.Min != nil {
		out["minimum"] = *s.Min
	}
	if s.Max != nil {
		out["maximum"] = *s.Max
	}
	if b := s.ExclusiveMin; b.Value != nil {
		out["exclusiveMinimum"] = *b.Value
	} else if b.Bool != nil && *b.Bool && s.Min != nil {
		delete(out, "minimum")
		out["exclusiveMinimum"] = *s.Min
	}
	if b := s.ExclusiveMax; b.Value != nil {
		out["exclusiveMaximum"] = *b.Value
	} else if b.Bool != nil && *b.Bool && s.Max != nil {
		delete(out, "maximum")
		out["exclusiveMaximum"] = *s.Max
	}
	if s.MultipleOf != nil {
		out["multipleOf"] = *s.MultipleOf
	}
	if s.MinLength > 0 {
		out["minLength"] = s.MinLength
	}
	if s.MaxLength != nil {
		out["maxLength"] = *s.MaxLength
	}
	if p := s.Pattern; p != "" {
		if c.portablePattern(p) {
			out["pattern"] = p
		} else {
			*desc = joinText(*desc, "Must match the pattern: "+p)
			c.warn(fmt.Sprintf("schema %s: pattern %q dropped: JavaScript clients or Go's regexp cannot use it", where, p))
		}
	}
	if s.MinItems > 0 {
		out["minItems"] = s.MinItems
	}
	if s.MaxItems != nil {
		out["maxItems"] = *s.MaxItems
	}
	if s.UniqueItems {
		out["uniqueItems"] = true
	}
	if s.MinProps > 0 {
		out["minProperties"] = s.MinProps
	}
	if s.MaxProps != nil {
		out["maxProperties"] = *s.MaxProps
	}
	if s.ContentMediaType != "" {
		out["contentMediaType"] = s.ContentMediaType
	}
	if s.ContentEncoding != "" {
		out["contentEncoding"] = s.ContentEncoding
	}
}
