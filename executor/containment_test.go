package executor

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/cognito-mcp/cognito-mcp/openapi"
)

// tightened are the bounds AWS tightened between the seed document (the
// APIs.guru conversion of the 2022/2023 model) and today's model: the only
// arguments the seed's schemas accept that today's refuse. Each names the
// shape, the argument members it reaches (the last part of their path;
// none: any member) and the rule the new schema breaks, and is found at
// least once by TestNewSchemasAcceptSeedArguments. The first that fits a
// refusal explains it.
var tightened = []struct {
	shape   string
	members []string
	rule    string
}{
	// A client secret is at least 24 characters long (the seed said 1).
	{"ClientSecretType: minLength 1 -> 24", []string{"ClientSecret"}, "must be at least 24 characters long"},
	// Strings that had no maximum length now have AWS's general one:
	// SetUICustomization's CSS, the list operations' NextToken and every
	// StringType member (attribute values, client metadata, context data,
	// provider attributes...).
	{"CSSType: maxLength 131072 added", []string{"CSS"}, "must be at most 131072 characters long"},
	{"PaginationKey: maxLength 131072 added", []string{"NextToken"}, "must be at most 131072 characters long"},
	{"StringType: maxLength 131072 added", nil, "must be at most 131072 characters long"},
	// ProviderNameTypeV1 -> V2: no space next to the first or last
	// character of an identity provider's name (" a " was a valid name).
	{"ProviderNameTypeV1 -> ProviderNameTypeV2: no edge spaces", []string{"ProviderName"}, `must match the pattern [^_\p{Z}][\p{L}\p{M}\p{S}\p{N}\p{P}][^_\p{Z}]+`},
}

// TestNewSchemasAcceptSeedArguments proves, for each of the 101 operations
// of the seed document, that every argument object its input schema
// accepts is accepted by today's, except where AWS tightened a bound
// (tightened). Instances are generated from the seed's schema in several
// styles (required members only, all members, short and long strings,
// spaces wherever a pattern allows them) and validated against both
// schemas as the executor compiles them.
func TestNewSchemasAcceptSeedArguments(t *testing.T) {
	data, err := os.ReadFile("../openapi/testdata/cognito-idp.openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	seed, err := openapi.Load(data, openapi.Options{Namespace: "cognito"})
	if err != nil {
		t.Fatal(err)
	}
	if len(seed.Tools) != 101 {
		t.Fatalf("the seed has %d tools, want 101", len(seed.Tools))
	}
	now := embeddedCognito(t)
	found := map[string]bool{}
	instances := 0
	for _, old := range seed.Tools {
		op := old.Title
		tool := now[op]
		if tool == nil || tool.Path != old.Path {
			t.Errorf("%s: no tool with path %s in today's catalog", op, old.Path)
			continue
		}
		oldSchema, err := compileSchema(old.InputSchema)
		if err != nil {
			t.Fatalf("%s: seed schema: %v", op, err)
		}
		newSchema, err := compileSchema(tool.InputSchema)
		if err != nil {
			t.Fatalf("%s: new schema: %v", op, err)
		}
		for _, style := range instanceStyles {
			args := decodeArgs(t, genInstance(t, old.InputSchema, style))
			if err := oldSchema.Validate(args); err != nil {
				t.Errorf("%s (%s): the generated instance breaks the seed's own schema: %v", op, style, violations(err))
				continue
			}
			instances++
			err := newSchema.Validate(args)
			if err == nil {
				continue
			}
			for _, v := range violations(err) {
				if i := tightenedBy(v); i >= 0 {
					found[tightened[i].shape] = true
					continue
				}
				t.Errorf("%s (%s): today's schema refuses an argument the seed accepted: %s", op, style, v)
			}
		}
	}
	if instances < 101*len(instanceStyles) {
		t.Errorf("only %d of %d instances were valid seed arguments", instances, 101*len(instanceStyles))
	}
	for _, c := range tightened {
		if !found[c.shape] {
			t.Errorf("%s: no instance reached it; the generator or the list is wrong", c.shape)
		}
	}
	t.Logf("%d seed argument objects checked", instances)
}

// tightenedBy is the index in tightened of the change that explains v, or
// -1.
func tightenedBy(v Violation) int {
	path := pointerToSensitivePath(v.Path)
	for i, c := range tightened {
		if v.Rule != c.rule {
			continue
		}
		if c.members == nil {
			return i
		}
		for _, m := range c.members {
			if path == m || strings.HasSuffix(path, "."+m) {
				return i
			}
		}
	}
	return -1
}

// pointerToSensitivePath writes a JSON pointer into the arguments as a
// member path: "/UserAttributes/0/Value" -> "UserAttributes[].Value",
// "/ClientMetadata/key1" -> "ClientMetadata.*" (map keys the generator
// makes are "key1", "key2"...).
func pointerToSensitivePath(ptr string) string {
	var b strings.Builder
	for _, tok := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		switch {
		case tok != "" && strings.Trim(tok, "0123456789") == "":
			b.WriteString("[]")
		case strings.HasPrefix(tok, "key") && len(tok) == 4:
			b.WriteString(".*")
		default:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(tok)
		}
	}
	return b.String()
}

func decodeArgs(t testing.TB, data []byte) map[string]any {
	t.Helper()
	var args map[string]any
	if err := json.Unmarshal(data, &args); err != nil {
		t.Fatal(err)
	}
	return args
}

// TestPointerToSensitivePath pins the path form tightenedBy matches.
func TestPointerToSensitivePath(t *testing.T) {
	for ptr, want := range map[string]string{
		"/ClientSecret":                      "ClientSecret",
		"/UserAttributes/0/Value":            "UserAttributes[].Value",
		"/ClientMetadata/key1":               "ClientMetadata.*",
		"/AnalyticsConfiguration/ExternalId": "AnalyticsConfiguration.ExternalId",
	} {
		if got := pointerToSensitivePath(ptr); got != want {
			t.Errorf("%s: %s, want %s", ptr, got, want)
		}
	}
}
