package openapi

import (
	"encoding/json"
	"strings"
)

// CountOperations counts the operations of a JSON document (OpenAPI 3 or
// Swagger 2.0) without decoding it into types: the methods of each path
// item. It reports false for anything that is not a JSON object with a
// paths object, such as YAML, which only a full load can count. It costs a
// small part of a load, so a caller can refuse a document too large to
// load before loading it.
func CountOperations(data []byte) (int, bool) {
	if !looksJSON(data) {
		return 0, false
	}
	var top struct {
		Paths map[string]methodCount `json:"paths"`
	}
	if json.Unmarshal(data, &top) != nil || top.Paths == nil {
		return 0, false
	}
	n := 0
	for _, m := range top.Paths {
		n += int(m)
	}
	return n, true
}

// methodCount is the number of operations of a path item. It decodes
// from the item's JSON without keeping any of it: a 30 MB document is
// counted without copying its operations.
type methodCount int

func (m *methodCount) UnmarshalJSON(item []byte) error {
	var keys map[string]skipped
	if json.Unmarshal(item, &keys) != nil {
		*m = 0 // not an object: no operations, as before
		return nil
	}
	*m = 0
	for k := range keys {
		if k == strings.ToLower(k) && isMethod(k) { // kin-openapi reads lowercase methods only
			*m++
		}
	}
	return nil
}

// skipped decodes any JSON value by ignoring it.
type skipped struct{}

func (*skipped) UnmarshalJSON([]byte) error { return nil }
