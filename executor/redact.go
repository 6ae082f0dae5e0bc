package executor

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/cognito-mcp/cognito-mcp/openapi"
)

// redacted replaces the value of a secret field.
const redacted = "[REDACTED]"

// isSecretName reports whether a JSON field or header name holds a secret:
// passwords, tokens, secrets (client secret, secret hash, secret code),
// session strings, Authorization and cookies.
func isSecretName(name string) bool {
	n := strings.ToLower(name)
	switch n {
	case "session", "authorization", "cookie", "set-cookie", "proxy-authorization":
		return true
	}
	return strings.Contains(n, "password") ||
		strings.Contains(n, "token") ||
		strings.Contains(n, "secret") ||
		strings.HasSuffix(n, "session") ||
		strings.Contains(n, "credential") ||
		strings.Contains(n, "apikey") || strings.Contains(n, "api-key") || strings.Contains(n, "api_key")
}

// sensitivePaths is the set of a tool's sensitive argument and result
// paths (openapi.Sensitive): an error body may echo either.
type sensitivePaths map[string]bool

func newSensitivePaths(s *openapi.Sensitive) sensitivePaths {
	if s == nil {
		return nil
	}
	paths := make(sensitivePaths, len(s.Args)+len(s.Result))
	for _, p := range s.Args {
		paths[p] = true
	}
	for _, p := range s.Result {
		paths[p] = true
	}
	return paths
}

// masks reports whether the value of member name, inside the object at
// path, is sensitive: named so, or at a path the document marks (the
// member itself, or every value of a map at path).
func (sp sensitivePaths) masks(path, name string) bool {
	return isSecretName(name) || sp[memberPath(path, name)] || sp[memberPath(path, "*")]
}

// memberPath is openapi.Sensitive's path syntax: "." between members.
func memberPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// redact returns a copy of v, a decoded JSON value at path, with the value
// of every secret field masked at any depth: fields named like secrets,
// and the fields the tool's document marks sensitive. Callers use it
// before a JSON document goes to a log or an error text.
func (sp sensitivePaths) redact(v any, path string) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, val := range x {
			if sp.masks(path, k) {
				out[k] = redacted
				continue
			}
			out[k] = sp.redact(val, memberPath(path, k))
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, val := range x {
			out[i] = sp.redact(val, path+"[]")
		}
		return out
	}
	return v
}

// redactJSON masks secret fields in a JSON document (see redact). Text
// that is not JSON is replaced as a whole, since it can't be inspected
// field by field.
func redactJSON(data []byte, sens *openapi.Sensitive) []byte {
	var v any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil || dec.More() {
		return []byte(`"[non-JSON content withheld]"`)
	}
	out, err := json.Marshal(newSensitivePaths(sens).redact(v, ""))
	if err != nil {
		return []byte(`"[content withheld]"`)
	}
	return out
}
