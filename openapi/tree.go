package openapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"
)

// node is a JSON object of a converted schema in the form decoding its
// JSON would give, so that compaction needs no encode and decode between
// its passes: keys sorted as encoding/json writes them, and values that
// are strings (valid UTF-8, as encoding/json writes them), json.Number,
// bool, nil, []any (never nil) or *node. Nodes are immutable once built,
// so one node may stand in many places: the defs every tool of a document
// reaches are converted and compacted once and shared.
type node struct {
	keys []string
	vals []any
	// described counts, once known, the schema objects with a
	// description in the tree under this node, itself included, as
	// a pass over the schema visits them (eachChild); -1 until counted.
	described int
}

func newNode(keys []string, vals []any) *node {
	return &node{keys: keys, vals: vals, described: -1}
}

// get is the value of key k and whether it is set.
func (n *node) get(k string) (any, bool) {
	i, ok := slices.BinarySearch(n.keys, k)
	if !ok {
		return nil, false
	}
	return n.vals[i], true
}

// str is the value of key k when it is a string, else "".
func (n *node) str(k string) string {
	v, _ := n.get(k)
	s, _ := v.(string)
	return s
}

// with is a copy of n with key k set to v, or removed when del is set.
func (n *node) with(k string, v any, del bool) *node {
	i, ok := slices.BinarySearch(n.keys, k)
	switch {
	case ok && del:
		return newNode(slices.Delete(slices.Clone(n.keys), i, i+1), slices.Delete(slices.Clone(n.vals), i, i+1))
	case ok:
		vals := slices.Clone(n.vals)
		vals[i] = v
		return newNode(n.keys, vals)
	case del:
		return n
	}
	return newNode(slices.Insert(slices.Clone(n.keys), i, k), slices.Insert(slices.Clone(n.vals), i, v))
}

// nodeOf builds a node from a map of values already normalized.
func nodeOf(m map[string]any) *node {
	keys := slices.Sorted(maps.Keys(m))
	vals := make([]any, len(keys))
	for i, k := range keys {
		vals[i] = m[k]
	}
	return newNode(keys, vals)
}

// normalize turns a value the converter built (maps, typed slices, numbers
// of any Go type, values kin-openapi decoded) into the form that decoding
// its encoding/json encoding with UseNumber gives, with *node for objects,
// without the text between. A value encoding/json cannot encode (NaN) is
// an error. Invalid UTF-8 becomes U+FFFD as decoding has it; the
// converter's strings never hold any, since JSON documents decode to valid
// UTF-8 and YAML ones with invalid UTF-8 do not parse.
func normalize(v any) (any, error) {
	switch v := v.(type) {
	case nil, bool, json.Number:
		return v, nil
	case string:
		return validString(v), nil
	case *node:
		return v, nil
	case map[string]any:
		if v == nil {
			return nil, nil
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		return normalizeObject(keys, func(k string) any { return v[k] })
	case []any:
		if v == nil {
			return nil, nil
		}
		out := make([]any, len(v))
		for i, x := range v {
			nx, err := normalize(x)
			if err != nil {
				return nil, err
			}
			out[i] = nx
		}
		return out, nil
	case []string:
		if v == nil {
			return nil, nil
		}
		out := make([]any, len(v))
		for i, s := range v {
			out[i] = validString(s)
		}
		return out, nil
	case map[string][]string:
		if v == nil {
			return nil, nil
		}
		keys := slices.Collect(maps.Keys(v))
		return normalizeObject(keys, func(k string) any { return v[k] })
	case float64, float32, int, int64, int32, uint64, uint32, uint:
		b, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		return json.Number(b), nil
	}
	// Anything else takes the long way, through its JSON.
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var out any
	if err := dec.Decode(&out); err != nil {
		return nil, err
	}
	return normalize(out)
}

// normalizeObject builds the node of an object from its keys and values.
// Keys that are not valid UTF-8 are written as encoding/json writes them;
// if two then collide, the one sorting last wins, as decoding would have
// it.
func normalizeObject(keys []string, val func(string) any) (any, error) {
	slices.Sort(keys)
	out := newNode(make([]string, 0, len(keys)), make([]any, 0, len(keys)))
	fixed := false
	for _, k := range keys {
		v, err := normalize(val(k))
		if err != nil {
			return nil, err
		}
		if vk := validString(k); vk != k {
			k, fixed = vk, true
		}
		out.keys = append(out.keys, k)
		out.vals = append(out.vals, v)
	}
	if fixed {
		m := make(map[string]any, len(out.keys))
		for i, k := range out.keys {
			m[k] = out.vals[i]
		}
		return nodeOf(m), nil
	}
	return out, nil
}

// validString is s as encoding/json writes it: each byte of an invalid
// UTF-8 sequence becomes U+FFFD.
func validString(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteRune(utf8.RuneError)
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// equalValues is reflect.DeepEqual for normalized values.
func equalValues(a, b any) bool {
	switch a := a.(type) {
	case *node:
		b, ok := b.(*node)
		if !ok {
			return false
		}
		if a == b {
			return true
		}
		if !slices.Equal(a.keys, b.keys) {
			return false
		}
		for i := range a.vals {
			if !equalValues(a.vals[i], b.vals[i]) {
				return false
			}
		}
		return true
	case []any:
		b, ok := b.([]any)
		if !ok || len(a) != len(b) {
			return false
		}
		for i := range a {
			if !equalValues(a[i], b[i]) {
				return false
			}
		}
		return true
	}
	return a == b
}

// appendJSON appends v, a normalized value, as an encoding/json Encoder
// with SetEscapeHTML(false) writes it, without the newline.
func appendJSON(dst []byte, v any) []byte {
	switch v := v.(type) {
	case nil:
		return append(dst, "null"...)
	case bool:
		if v {
			return append(dst, "true"...)
		}
		return append(dst, "false"...)
	case string:
		return appendString(dst, v)
	case json.Number:
		return append(dst, v...)
	case []any:
		dst = append(dst, '[')
		for i, x := range v {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendJSON(dst, x)
		}
		return append(dst, ']')
	case *node:
		dst = append(dst, '{')
		for i, k := range v.keys {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendString(dst, k)
			dst = append(dst, ':')
			dst = appendJSON(dst, v.vals[i])
		}
		return append(dst, '}')
	}
	panic(fmt.Sprintf("openapi: %T is not a normalized JSON value", v))
}

const hexDigits = "0123456789abcdef"

// appendString appends s quoted as encoding/json quotes it with HTML
// escaping off: control characters, quote and backslash escaped, invalid
// UTF-8 as \ufffd, U+2028 and U+2029 escaped.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if c == '\u2028' || c == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[c&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
