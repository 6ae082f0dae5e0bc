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
		Paths map[string]json.RawMessage `json:"paths"`
	}
	if json.Unmarshal(data, &top) != nil || top.Paths == nil {
		return 0, false
	}
	n := 0
	for _, raw := range top.Paths {
		var item map[string]json.RawMessage
		if json.Unmarshal(raw, &item) != nil {
			continue
		}
		for k := range item {
			if k == strings.ToLower(k) && isMethod(k) { // kin-openapi reads lowercase methods only
				n++
			}
		}
	}
	return n, true
}
