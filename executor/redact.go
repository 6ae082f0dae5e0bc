package executor

import (
	"bytes"
	"encoding/json"
	"strings"
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

// redact returns a copy of v, a decoded JSON value, with the value of every
// secret field masked at any depth. Callers use it before a JSON document
// goes to a log or an error text.
func redact(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, val := range x {
			if isSecretName(k) {
				out[k] = redacted
				continue
			}
			out[k] = redact(val)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, val := range x {
			out[i] = redact(val)
		}
		return out
	}
	return v
}

// redactJSON masks secret fields in a JSON document. Text that is not JSON
// is replaced as a whole, since it can't be inspected field by field.
func redactJSON(data []byte) []byte {
	var v any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil || dec.More() {
		return []byte(`"[non-JSON content withheld]"`)
	}
	out, err := json.Marshal(redact(v))
	if err != nil {
		return []byte(`"[content withheld]"`)
	}
	return out
}
