package openapi

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"
)

// encodingJSON is what encoding/json writes for v with HTML escaping off,
// as schemas were written before they were kept as nodes.
func encodingJSON(t testing.TB, v any) string {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return string(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}

// TestNormalizeWritesAsEncodingJSON: a value the converter builds, once
// normalized, is written byte for byte as encoding/json writes the value
// itself, and normalizing what decoding that JSON gives changes nothing.
func TestNormalizeWritesAsEncodingJSON(t *testing.T) {
	var nilSlice []string
	var nilMap map[string]any
	values := []any{
		map[string]any{
			"description": "a & b <c> \"q\" \\ \n\t\r\b\f \x01 \u2028 \u2029 é \ufffd end",
			"type":        []string{"string", "null"},
			"minLength":   uint64(3),
			"minimum":     1e21,
			"maximum":     -1e-7,
			"multipleOf":  0.5,
			"enum":        []any{float64(1), "x", nil, true, map[string]any{"k": []any{}}},
			"required":    nilSlice,
			"properties":  map[string]any{"b": map[string]any{}, "a": map[string]any{"not": map[string]any{}}},
			"default":     nilMap,
			"const":       int64(-5),
			"dependentRequired": map[string][]string{
				"z": {"a"}, "y": nil,
			},
		},
		[]any{},
		"plain",
		json.Number("12.50"),
		struct {
			A int `json:"a"`
		}{7},
	}
	for _, v := range values {
		n, err := normalize(v)
		if err != nil {
			t.Fatal(err)
		}
		want := encodingJSON(t, v)
		if got := string(appendJSON(nil, n)); got != want {
			t.Errorf("written\n%s\nencoding/json\n%s", got, want)
		}
		dec := json.NewDecoder(bytes.NewReader([]byte(want)))
		dec.UseNumber()
		var back any
		if err := dec.Decode(&back); err != nil {
			t.Fatal(err)
		}
		again, err := normalize(back)
		if err != nil {
			t.Fatal(err)
		}
		if !equalValues(n, again) {
			t.Errorf("normalized %s differs from its decoded JSON", want)
		}
	}
}

// TestNormalizeInvalidUTF8: each byte of an invalid sequence becomes
// U+FFFD, as decoding encoding/json's output gives it. (The converter
// never meets one: JSON documents decode to valid UTF-8, and YAML ones
// with invalid UTF-8 do not parse.)
func TestNormalizeInvalidUTF8(t *testing.T) {
	n, err := normalize(map[string]any{"x-\xffkey": "a\xff\xfeb"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(appendJSON(nil, n)), "{\"x-\ufffdkey\":\"a\ufffd\ufffdb\"}"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestNormalizeRefusesNaN(t *testing.T) {
	if _, err := normalize(map[string]any{"minimum": math.NaN()}); err == nil {
		t.Error("NaN normalized")
	}
}

// TestMergeNodes: sibling keywords of a $ref join the target, annotations
// winning, unless the two disagree or both hold keywords that depend on
// their neighbours; then the target goes under allOf.
func TestMergeNodes(t *testing.T) {
	node := func(js string) *node {
		t.Helper()
		dec := json.NewDecoder(bytes.NewReader([]byte(js)))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		n, err := normalize(v)
		if err != nil {
			t.Fatal(err)
		}
		return n.(*node)
	}
	for _, tt := range []struct{ target, sib, want string }{
		{`{"type":"string","description":"t"}`, `{"description":"s","maxLength":3}`, `{"description":"s","maxLength":3,"type":"string"}`},
		{`{"type":"string"}`, `{"type":"integer"}`, `{"allOf":[{"type":"string"}],"type":"integer"}`},
		{`{"properties":{}}`, `{"items":{}}`, `{"allOf":[{"properties":{}}],"items":{}}`},
		{`{"enum":["a"]}`, `{"enum":["a"],"title":"x"}`, `{"enum":["a"],"title":"x"}`},
		{`{"type":"object"}`, `{"allOf":[{"type":"object"}],"type":"array"}`, `{"allOf":[{"type":"object"},{"type":"object"}],"type":"array"}`},
	} {
		if got := string(appendJSON(nil, mergeNodes(node(tt.target), node(tt.sib)))); got != tt.want {
			t.Errorf("merge %s into %s = %s, want %s", tt.sib, tt.target, got, tt.want)
		}
	}
}

// FuzzAppendString: strings are quoted as encoding/json quotes them.
func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "a&<>", "\x00\x1f\"\\", "\u2028\u2029", "\xff\xc3", "é€😀"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(appendString(nil, s)), encodingJSON(t, s); got != want {
			t.Errorf("appendString(%q) = %s, encoding/json %s", s, got, want)
		}
	})
}
