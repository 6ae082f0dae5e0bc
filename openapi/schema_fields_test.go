package openapi

import (
	"reflect"
	"slices"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// fieldKind says what annotationOnly must make of an openapi3.Schema field.
type fieldKind int

const (
	// constrains: a schema with the field set is not annotation-only, so
	// an allOf member carrying it is kept, never folded away.
	constrains fieldKind = iota + 1
	// annotates: the field describes and never constrains; folding an
	// allOf member that carries it loses nothing a client checks.
	annotates
	// unconverted: a constraint the converter translates nowhere (value
	// drops it too), so folding the member loses nothing more.
	unconverted
	// internal: kin-openapi's bookkeeping, not a keyword.
	internal
)

// schemaFields classifies every field of kin-openapi's openapi3.Schema.
// When kin-openapi adds a field, TestSchemaFieldsClassified fails until
// the field is classified here and, if it constrains, checked by
// annotationOnly (schema_constraints.go) and converted in schema.go.
var schemaFields = map[string]fieldKind{
	"Extensions": internal, "Origin": internal,

	"OneOf": constrains, "AnyOf": constrains, "AllOf": constrains, "Not": constrains,
	"Type": constrains, "Format": constrains, "Enum": constrains, "Const": constrains,
	"UniqueItems": constrains, "ExclusiveMin": constrains, "ExclusiveMax": constrains,
	"Nullable": constrains, "ReadOnly": constrains, "WriteOnly": constrains,
	"Min": constrains, "Max": constrains, "MultipleOf": constrains,
	"MinLength": constrains, "MaxLength": constrains, "Pattern": constrains,
	"MinItems": constrains, "MaxItems": constrains, "Items": constrains,
	"Required": constrains, "Properties": constrains, "MinProps": constrains, "MaxProps": constrains,
	"AdditionalProperties": constrains, "PrefixItems": constrains, "Contains": constrains,
	"PatternProperties": constrains, "DependentSchemas": constrains, "PropertyNames": constrains,
	"If": constrains, "DependentRequired": constrains, "Always": constrains,

	"Title": annotates, "Description": annotates, "Default": annotates, "Example": annotates,
	"Examples": annotates, "ExternalDocs": annotates, "Deprecated": annotates, "XML": annotates,
	"AllowEmptyValue": annotates, "Discriminator": annotates, "Comment": annotates,
	"ContentMediaType": annotates, "ContentEncoding": annotates, "ContentSchema": annotates,
	"SchemaDialect": annotates, "SchemaID": annotates, "Anchor": annotates, "DynamicAnchor": annotates,
	// Then and Else do nothing without If, which constrains.
	"Then": annotates, "Else": annotates,
	// Defs holds schemas for references; by itself it constrains nothing.
	"Defs": annotates,

	"MinContains": unconverted, "MaxContains": unconverted,
	"UnevaluatedItems": unconverted, "UnevaluatedProperties": unconverted, "DynamicRef": unconverted,
}

// TestSchemaFieldsClassified fails when openapi3.Schema has a field the
// table above does not classify, or the table names one it lacks.
func TestSchemaFieldsClassified(t *testing.T) {
	typ := reflect.TypeFor[openapi3.Schema]()
	var fields []string
	for f := range typ.Fields() {
		fields = append(fields, f.Name)
		if _, ok := schemaFields[f.Name]; !ok {
			t.Errorf("openapi3.Schema.%s is not classified: add it to schemaFields and, if it constrains, to annotationOnly and the converter (schema_constraints.go, schema.go)", f.Name)
		}
	}
	for name := range schemaFields {
		if !slices.Contains(fields, name) {
			t.Errorf("schemaFields names %s, which openapi3.Schema no longer has", name)
		}
	}
}

// TestAnnotationOnlyAgreesWithTable sets each field alone and checks that
// annotationOnly sees exactly the constraining ones.
func TestAnnotationOnlyAgreesWithTable(t *testing.T) {
	typ := reflect.TypeFor[openapi3.Schema]()
	for f := range typ.Fields() {
		kind, ok := schemaFields[f.Name]
		if !ok {
			continue // TestSchemaFieldsClassified reports it
		}
		var s openapi3.Schema
		setNonZero(reflect.ValueOf(&s).Elem().FieldByIndex(f.Index))
		if reflect.ValueOf(s).FieldByIndex(f.Index).IsZero() {
			t.Fatalf("could not set %s", f.Name)
		}
		if got, want := annotationOnly(&s), kind != constrains; got != want {
			t.Errorf("annotationOnly with only %s set = %v, want %v", f.Name, got, want)
		}
	}
}

// setNonZero gives v a non-zero value of its type: pointers to structs,
// slices and maps get an empty element, so schemas do not recurse.
func setNonZero(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		if v.Type().Elem().Kind() != reflect.Struct {
			setNonZero(v.Elem())
		}
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		key := reflect.New(v.Type().Key()).Elem()
		setNonZero(key)
		m.SetMapIndex(key, reflect.New(v.Type().Elem()).Elem())
		v.Set(m)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				setNonZero(v.Field(i))
			}
		}
	case reflect.String:
		v.SetString("x")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64, reflect.Int32:
		v.SetInt(1)
	case reflect.Uint, reflect.Uint64, reflect.Uint32:
		v.SetUint(1)
	case reflect.Float64, reflect.Float32:
		v.SetFloat(1)
	case reflect.Interface:
		v.Set(reflect.ValueOf("x"))
	}
}
