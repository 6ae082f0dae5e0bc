package openapi

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// pathDecoder decodes path items into what kin-openapi's UnmarshalJSON
// methods give, for less. kin-openapi decodes a path item once into its
// fields and again whole for its extensions, and each operation the same
// way, so every byte of a path is decoded four times or more; here each
// field of an item and of its operations is decoded once. And large
// documents repeat their parameters and request bodies: Microsoft Graph's
// 38,473 parameters are 1,412 distinct ones. Each distinct one (the same
// JSON text) is decoded once, and the operations that have it share the
// decoded value, as they share a component they refer to. Loading never
// changes one after resolving its references, which does the same to equal
// values. An item or operation with a field this decoder does not know
// goes to kin-openapi as it is.
type pathDecoder struct {
	params map[string]*openapi3.ParameterRef
	bodies map[string]*openapi3.RequestBodyRef
}

func newPathDecoder() *pathDecoder {
	return &pathDecoder{params: map[string]*openapi3.ParameterRef{}, bodies: map[string]*openapi3.RequestBodyRef{}}
}

// operationFields are the path item fields that hold an operation, but
// those of OpenAPI 3.2, which go to kin-openapi.
var operationFields = map[string]func(*openapi3.PathItem) **openapi3.Operation{
	"get": func(p *openapi3.PathItem) **openapi3.Operation { return &p.Get }, "put": func(p *openapi3.PathItem) **openapi3.Operation { return &p.Put },
	"post": func(p *openapi3.PathItem) **openapi3.Operation { return &p.Post }, "delete": func(p *openapi3.PathItem) **openapi3.Operation { return &p.Delete },
	"options": func(p *openapi3.PathItem) **openapi3.Operation { return &p.Options }, "head": func(p *openapi3.PathItem) **openapi3.Operation { return &p.Head },
	"patch": func(p *openapi3.PathItem) **openapi3.Operation { return &p.Patch }, "trace": func(p *openapi3.PathItem) **openapi3.Operation { return &p.Trace },
}

// item decodes one path item.
func (d *pathDecoder) item(raw []byte) (*openapi3.PathItem, error) {
	fields, ok := objectFields(raw, func(k string) bool {
		return k == "summary" || k == "description" || k == "servers" || k == "parameters" || operationFields[k] != nil
	})
	if !ok {
		var item openapi3.PathItem
		if err := json.Unmarshal(raw, &item); err != nil {
			return nil, err
		}
		return &item, nil
	}
	item := &openapi3.PathItem{}
	for k, v := range fields {
		var err error
		switch k {
		case "summary":
			err = json.Unmarshal(v, &item.Summary)
		case "description":
			err = json.Unmarshal(v, &item.Description)
		case "servers":
			err = json.Unmarshal(v, &item.Servers)
		case "parameters":
			item.Parameters, err = d.parameters(v)
		default:
			if field := operationFields[k]; field != nil {
				*field(item), err = d.operation(v)
			} else {
				item.Extensions, err = addExtension(item.Extensions, k, v)
			}
		}
		if err != nil {
			return nil, err
		}
	}
	return item, nil
}

// operation decodes one operation; nil for null.
func (d *pathDecoder) operation(raw []byte) (*openapi3.Operation, error) {
	if isNull(raw) {
		return nil, nil
	}
	fields, ok := objectFields(raw, func(k string) bool {
		switch k {
		case "tags", "summary", "description", "operationId", "parameters", "requestBody",
			"responses", "callbacks", "deprecated", "security", "servers", "externalDocs":
			return true
		}
		return false
	})
	if !ok || isNull(fields["responses"]) { // an explicit null that kin-openapi notes
		op := &openapi3.Operation{}
		if err := json.Unmarshal(raw, op); err != nil {
			return nil, err
		}
		return op, nil
	}
	op := &openapi3.Operation{}
	for k, v := range fields {
		var err error
		switch k {
		case "tags":
			err = json.Unmarshal(v, &op.Tags)
		case "summary":
			err = json.Unmarshal(v, &op.Summary)
		case "description":
			err = json.Unmarshal(v, &op.Description)
		case "operationId":
			err = json.Unmarshal(v, &op.OperationID)
		case "parameters":
			op.Parameters, err = d.parameters(v)
		case "requestBody":
			op.RequestBody, err = d.body(v)
		case "responses":
			err = json.Unmarshal(v, &op.Responses)
		case "callbacks":
			err = json.Unmarshal(v, &op.Callbacks)
		case "deprecated":
			err = json.Unmarshal(v, &op.Deprecated)
		case "security":
			err = json.Unmarshal(v, &op.Security)
		case "servers":
			err = json.Unmarshal(v, &op.Servers)
		case "externalDocs":
			err = json.Unmarshal(v, &op.ExternalDocs)
		default:
			op.Extensions, err = addExtension(op.Extensions, k, v)
		}
		if err != nil {
			return nil, err
		}
	}
	return op, nil
}

// parameters decodes a list of parameters, each distinct one once.
func (d *pathDecoder) parameters(raw []byte) (openapi3.Parameters, error) {
	var list []json.RawMessage
	if err := json.Unmarshal(raw, &list); err != nil || list == nil {
		return nil, err
	}
	out := make(openapi3.Parameters, len(list))
	for i, p := range list {
		r, ok := d.params[string(p)]
		if !ok {
			if err := json.Unmarshal(p, &r); err != nil {
				return nil, err
			}
			d.params[string(p)] = r
		}
		out[i] = r
	}
	return out, nil
}

// body decodes a request body, each distinct one once.
func (d *pathDecoder) body(raw []byte) (*openapi3.RequestBodyRef, error) {
	if r, ok := d.bodies[string(raw)]; ok {
		return r, nil
	}
	var r *openapi3.RequestBodyRef
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, err
	}
	d.bodies[string(raw)] = r
	return r, nil
}

// objectFields splits a JSON object into its fields, and reports false
// when it is not an object or has a field that is neither known nor an
// extension (x-...).
func objectFields(raw []byte, known func(string) bool) (map[string]json.RawMessage, bool) {
	var fields map[string]json.RawMessage
	if json.Unmarshal(raw, &fields) != nil || fields == nil {
		return nil, false
	}
	for k := range fields {
		if !known(k) && !strings.HasPrefix(k, "x-") {
			return nil, false
		}
	}
	return fields, true
}

// addExtension decodes an extension's value into ext.
func addExtension(ext map[string]any, k string, raw []byte) (map[string]any, error) {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, err
	}
	if ext == nil {
		ext = map[string]any{}
	}
	ext[k] = v
	return ext, nil
}

func isNull(raw []byte) bool {
	return bytes.Equal(bytes.TrimSpace(raw), []byte("null"))
}
