package executor

import (
	"bytes"
	"errors"
	"fmt"
	"math/big"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
)

// compileSchema compiles a tool's input schema for validation. Patterns Go's
// regexp can't compile (ECMA-262 lookarounds) are not checked here; the
// upstream still checks them.
func compileSchema(raw []byte) (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("input schema is not JSON: %w", err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.UseRegexpEngine(lenientRegexp)
	const loc = "mem:///input-schema.json"
	if err := c.AddResource(loc, doc); err != nil {
		return nil, fmt.Errorf("input schema: %w", err)
	}
	s, err := c.Compile(loc)
	if err != nil {
		return nil, fmt.Errorf("input schema: %w", err)
	}
	return s, nil
}

// matchAll stands in for a pattern Go can't compile.
type matchAll string

func (m matchAll) MatchString(string) bool { return true }
func (m matchAll) String() string          { return string(m) }

func lenientRegexp(s string) (jsonschema.Regexp, error) {
	re, err := regexp.Compile(s)
	if err != nil {
		return matchAll(s), nil
	}
	return re, nil
}

// Violation is one broken rule at one place in the arguments.
type Violation struct {
	Path string // JSON pointer into the arguments, "/UserAttributes/0/Name"; "" is the whole
	Rule string // what the value must be; never the value itself
}

// String reads "/UserAttributes/0/Name: is required".
func (v Violation) String() string { return v.Path + ": " + v.Rule }

// violations flattens a validation error into one entry per broken rule,
// sorted by place. Messages describe the rule and never quote the value,
// since the value may be a password or a token.
func violations(err error) []Violation {
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return []Violation{{Path: "/", Rule: "arguments could not be validated"}}
	}
	var out []Violation
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) > 0 {
			for _, c := range e.Causes {
				walk(c)
			}
			return
		}
		out = append(out, describe(e)...)
	}
	walk(ve)
	slices.SortFunc(out, func(a, b Violation) int {
		return strings.Compare(a.String(), b.String())
	})
	return slices.Compact(out)
}

func describe(e *jsonschema.ValidationError) []Violation {
	at := instancePointer(e.InstanceLocation)
	one := func(rule string) []Violation { return []Violation{{Path: at, Rule: rule}} }
	switch k := e.ErrorKind.(type) {
	case *kind.Required:
		var out []Violation
		for _, m := range k.Missing {
			out = append(out, Violation{Path: join(at, m), Rule: "is required"})
		}
		return out
	case *kind.AdditionalProperties:
		var out []Violation
		for _, p := range k.Properties {
			out = append(out, Violation{Path: join(at, p), Rule: "is not a known argument here"})
		}
		return out
	case *kind.Type:
		return one(fmt.Sprintf("must be of type %s, not %s", strings.Join(k.Want, " or "), k.Got))
	case *kind.Enum:
		return one("must be one of " + listValues(k.Want))
	case *kind.Const:
		return one("must be " + listValues([]any{k.Want}))
	case *kind.MinLength:
		return one(fmt.Sprintf("must be at least %d characters long", k.Want))
	case *kind.MaxLength:
		return one(fmt.Sprintf("must be at most %d characters long", k.Want))
	case *kind.Pattern:
		return one("must match the pattern " + k.Want)
	case *kind.Format:
		return one("must be a valid " + k.Want)
	case *kind.Minimum:
		return one("must be >= " + ratString(k.Want))
	case *kind.Maximum:
		return one("must be <= " + ratString(k.Want))
	case *kind.ExclusiveMinimum:
		return one("must be > " + ratString(k.Want))
	case *kind.ExclusiveMaximum:
		return one("must be < " + ratString(k.Want))
	case *kind.MultipleOf:
		return one("must be a multiple of " + ratString(k.Want))
	case *kind.MinItems:
		return one(fmt.Sprintf("must have at least %d items", k.Want))
	case *kind.MaxItems:
		return one(fmt.Sprintf("must have at most %d items", k.Want))
	case *kind.MinProperties:
		return one(fmt.Sprintf("must have at least %d properties", k.Want))
	case *kind.MaxProperties:
		return one(fmt.Sprintf("must have at most %d properties", k.Want))
	case *kind.UniqueItems:
		return one(fmt.Sprintf("must have unique items (items %d and %d are equal)", k.Duplicates[0], k.Duplicates[1]))
	case *kind.OneOf:
		return one("must match exactly one of the allowed forms")
	case *kind.FalseSchema:
		return one("is not allowed")
	}
	if kp := e.ErrorKind.KeywordPath(); len(kp) > 0 {
		return one("breaks the " + strings.Join(kp, "/") + " rule")
	}
	return one("is not valid")
}

func instancePointer(loc []string) string {
	if len(loc) == 0 {
		return ""
	}
	var b strings.Builder
	for _, tok := range loc {
		b.WriteByte('/')
		b.WriteString(escapePointer(tok))
	}
	return b.String()
}

func join(ptr, prop string) string { return ptr + "/" + escapePointer(prop) }

func ratString(r *big.Rat) string {
	if r == nil {
		return "?"
	}
	if r.IsInt() {
		return r.Num().String()
	}
	f, _ := r.Float64() // the second result only says whether f is exact
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// listValues renders the allowed values of an enum (schema values, not user
// input), at most 20 of them.
func listValues(vals []any) string {
	var parts []string
	for i, v := range vals {
		if i == 20 {
			parts = append(parts, fmt.Sprintf("... (%d more)", len(vals)-20))
			break
		}
		if s, ok := v.(string); ok {
			parts = append(parts, strconv.Quote(s))
		} else {
			parts = append(parts, fmt.Sprint(v))
		}
	}
	return strings.Join(parts, ", ")
}
