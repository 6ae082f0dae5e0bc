package executor

import (
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"strings"
	"time"
)

// schemaDoc is a decoded JSON Schema with local $refs ("#/$defs/X"), walked
// together with a value to find the date-time fields in it.
type schemaDoc struct {
	root map[string]any
}

// resolve follows $ref chains inside the document.
func (d schemaDoc) resolve(s any) map[string]any {
	m, _ := s.(map[string]any)
	for range 32 {
		ref, ok := m["$ref"].(string)
		if !ok {
			return m
		}
		next, _ := d.pointer(ref).(map[string]any)
		if next == nil {
			return m
		}
		m = next
	}
	return m
}

// pointer looks up a local reference "#/a/b".
func (d schemaDoc) pointer(ref string) any {
	p, ok := strings.CutPrefix(ref, "#")
	if !ok {
		return nil
	}
	var cur any = d.root
	if p == "" {
		return cur
	}
	for _, tok := range strings.Split(strings.TrimPrefix(p, "/"), "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[tok]
	}
	return cur
}

func isDateTime(s map[string]any) bool {
	f, _ := s["format"].(string)
	return f == "date-time"
}

// property is the schema of property k of an object schema s: properties,
// then allOf branches, then additionalProperties.
func (d schemaDoc) property(s map[string]any, k string) map[string]any {
	if props, ok := s["properties"].(map[string]any); ok {
		if p, ok := props[k]; ok {
			return d.resolve(p)
		}
	}
	if all, ok := s["allOf"].([]any); ok {
		for _, b := range all {
			if p := d.property(d.resolve(b), k); p != nil {
				return p
			}
		}
	}
	if ap, ok := s["additionalProperties"].(map[string]any); ok {
		return d.resolve(ap)
	}
	return nil
}

func (d schemaDoc) items(s map[string]any) map[string]any {
	if it, ok := s["items"].(map[string]any); ok {
		return d.resolve(it)
	}
	return nil
}

// errNotDateTime says how to write a date-time; it never quotes the value.
var errNotDateTime = errors.New("is not a date-time: use ISO 8601 (2024-05-01T12:00:00Z) or epoch seconds")

// timestampError is a date-time input that can't be read, at ptr.
type timestampError struct {
	ptr string
	err error
}

func (e *timestampError) Error() string { return pointerOrRoot(e.ptr) + " " + e.err.Error() }
func (e *timestampError) Unwrap() error { return e.err }

// timestampViolation is the violation a toEpoch error describes.
func timestampViolation(err error) Violation {
	if te, ok := err.(*timestampError); ok {
		return Violation{Path: te.ptr, Rule: te.err.Error()}
	}
	return Violation{Rule: err.Error()}
}

// toEpoch rewrites the date-time inputs of v, described by schema s, as
// epoch seconds, the AWS JSON wire form. It returns a new value and leaves v
// untouched. Errors name the field by JSON pointer.
func (d schemaDoc) toEpoch(s map[string]any, v any, ptr string) (any, error) {
	if s == nil {
		return v, nil
	}
	if isDateTime(s) {
		str, ok := v.(string)
		if !ok {
			return v, nil // numbers are already epoch seconds
		}
		n, err := parseDateTime(str)
		if err != nil {
			return nil, &timestampError{ptr: ptr, err: err}
		}
		return n, nil
	}
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, val := range x {
			nv, err := d.toEpoch(d.property(s, k), val, ptr+"/"+escapePointer(k))
			if err != nil {
				return nil, err
			}
			out[k] = nv
		}
		return out, nil
	case []any:
		it := d.items(s)
		if it == nil {
			return v, nil
		}
		out := make([]any, len(x))
		for i, val := range x {
			nv, err := d.toEpoch(it, val, ptr+"/"+strconv.Itoa(i))
			if err != nil {
				return nil, err
			}
			out[i] = nv
		}
		return out, nil
	}
	return v, nil
}

// toRFC3339 rewrites epoch-second numbers in v where schema s declares a
// date-time, in place, so results agree with the tool's output schema.
func (d schemaDoc) toRFC3339(s map[string]any, v any) any {
	if s == nil {
		return v
	}
	if isDateTime(s) {
		if t, ok := epochTime(v); ok {
			return t.UTC().Format(time.RFC3339Nano)
		}
		return v
	}
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			x[k] = d.toRFC3339(d.property(s, k), val)
		}
	case []any:
		if it := d.items(s); it != nil {
			for i, val := range x {
				x[i] = d.toRFC3339(it, val)
			}
		}
	}
	return v
}

// dateLayouts are the forms of date-time a model naturally writes.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05",
	"2006-01-02",
}

// parseDateTime reads ISO 8601 (UTC unless a zone is given) or a numeric
// string of epoch seconds, and returns epoch seconds: an integer when whole,
// else a number with millisecond precision.
func parseDateTime(s string) (json.Number, error) {
	s = strings.TrimSpace(s)
	if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
		return json.Number(strconv.FormatFloat(f, 'f', -1, 64)), nil
	}
	for _, layout := range dateLayouts {
		t, err := time.Parse(layout, s)
		if err != nil {
			continue
		}
		if t.Nanosecond() == 0 {
			return json.Number(strconv.FormatInt(t.Unix(), 10)), nil
		}
		ms := t.UnixMilli()
		return json.Number(strconv.FormatFloat(float64(ms)/1000, 'f', -1, 64)), nil
	}
	return "", errNotDateTime
}

// epochTime reads a JSON number of epoch seconds, keeping milliseconds.
func epochTime(v any) (time.Time, bool) {
	var f float64
	switch n := v.(type) {
	case json.Number:
		var err error
		if f, err = n.Float64(); err != nil {
			return time.Time{}, false
		}
	case float64:
		f = n
	case int64:
		f = float64(n)
	case int:
		f = float64(n)
	default:
		return time.Time{}, false
	}
	sec, frac := math.Modf(f)
	ms := math.Round(frac * 1000)
	return time.Unix(int64(sec), int64(ms)*int64(time.Millisecond)), true
}

func escapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

func pointerOrRoot(p string) string {
	if p == "" {
		return "/"
	}
	return p
}
