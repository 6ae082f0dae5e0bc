package executor

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/cognito-mcp/cognito-mcp/openapi"
)

// wireRequest is a request built from a plan and arguments, ready to be
// turned into an *http.Request once per attempt (so every retry is signed
// afresh and its body can be re-read).
type wireRequest struct {
	method string
	url    *url.URL
	header http.Header
	body   []byte
}

// newHTTPRequest makes one attempt's request.
func (w *wireRequest) newHTTPRequest(ctx context.Context) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, w.method, w.url.String(), bytes.NewReader(w.body))
	if err != nil {
		return nil, err
	}
	req.Header = w.header.Clone()
	return req, nil
}

// buildAWS builds an AWS JSON protocol request: POST to the plan path
// (always "/" for Cognito), Content-Type application/x-amz-json-<v>,
// X-Amz-Target from the plan, body = the arguments that are not params.
func buildAWS(plan *openapi.Plan, base string, args map[string]any, extra http.Header) (*wireRequest, error) {
	w, err := newWire(plan, base, args, extra)
	if err != nil {
		return nil, err
	}
	version := plan.AWS.JSONVersion
	if version == "" {
		version = "1.1"
	}
	w.method = http.MethodPost
	w.header.Set("Content-Type", "application/x-amz-json-"+version)
	w.header.Set("X-Amz-Target", plan.AWS.Target)
	body := bodyArgs(plan, args)
	if body == nil {
		body = map[string]any{}
	}
	w.body, err = marshalJSON(body)
	if err != nil {
		return nil, err
	}
	return w, nil
}

// buildHTTP builds a request of a generic OpenAPI operation.
func buildHTTP(plan *openapi.Plan, base string, args map[string]any, extra http.Header) (*wireRequest, error) {
	w, err := newWire(plan, base, args, extra)
	if err != nil {
		return nil, err
	}
	if w.header.Get("Accept") == "" {
		w.header.Set("Accept", "application/json")
	}
	if plan.Body == nil {
		return w, nil
	}
	body := bodyArgs(plan, args)
	if body == nil {
		if plan.Body.Required {
			return nil, fmt.Errorf("the request body %q is required", plan.Body.Arg)
		}
		return w, nil
	}
	mt := plan.Body.MediaType
	switch {
	case mt == "application/x-www-form-urlencoded":
		obj, ok := body.(map[string]any)
		if !ok {
			return nil, errors.New("a form body must be an object")
		}
		w.body = []byte(formEncode(obj))
		w.header.Set("Content-Type", mt)
	case mt == "multipart/form-data":
		obj, ok := body.(map[string]any)
		if !ok {
			return nil, errors.New("a multipart body must be an object")
		}
		ct, b, err := multipartEncode(obj)
		if err != nil {
			return nil, err
		}
		w.body = b
		w.header.Set("Content-Type", ct)
	case !jsonMediaType(mt): // text/*, application/octet-stream, image/png...
		// A string is the body itself: JSON-encoding it would send its
		// quotes and escapes as bytes of the file or text.
		s, ok := body.(string)
		if !ok {
			b, err := marshalJSON(body)
			if err != nil {
				return nil, err
			}
			s = string(b)
		}
		w.body = []byte(s)
		w.header.Set("Content-Type", mt)
	default: // JSON media types
		b, err := marshalJSON(body)
		if err != nil {
			return nil, err
		}
		w.body = b
		if mt == "" {
			mt = "application/json"
		}
		w.header.Set("Content-Type", mt)
	}
	return w, nil
}

// jsonMediaType reports a media type whose body is JSON text: none given,
// application/json, any +json type or AWS JSON.
func jsonMediaType(mt string) bool {
	return mt == "" || mt == "application/json" || strings.HasSuffix(mt, "+json") ||
		strings.HasPrefix(mt, "application/x-amz-json")
}

// newWire fills in what both kinds share: URL with path and query params,
// header and cookie params, the plan's fixed headers and the target's.
func newWire(plan *openapi.Plan, base string, args map[string]any, extra http.Header) (*wireRequest, error) {
	path := plan.Path
	var query []string
	header := http.Header{}
	var cookies []string
	for _, p := range plan.Params {
		v, ok := args[p.Arg]
		if !ok || v == nil {
			if p.In == openapi.InPath {
				return nil, fmt.Errorf("path parameter %q is required", p.Arg)
			}
			continue
		}
		switch p.In {
		case openapi.InPath:
			path = strings.ReplaceAll(path, "{"+p.Name+"}", pathValue(p, v))
		case openapi.InQuery:
			query = append(query, queryPairs(p, v)...)
		case openapi.InHeader:
			header.Set(p.Name, simpleValue(v, p.Explode, ","))
		case openapi.InCookie:
			cookies = append(cookies, cookiePairs(p, v)...)
		}
	}
	header.Set("User-Agent", userAgent)
	for _, h := range plan.Headers {
		header.Set(h.Name, h.Value)
	}
	for k, vs := range extra {
		header[textproto.CanonicalMIMEHeaderKey(k)] = slices.Clone(vs)
	}
	if len(cookies) > 0 {
		header.Add("Cookie", strings.Join(cookies, "; "))
	}
	raw := strings.TrimRight(base, "/") + path
	if len(query) > 0 {
		sep := "?"
		if strings.Contains(raw, "?") {
			sep = "&"
		}
		raw += sep + strings.Join(query, "&")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("request URL: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("base URL %q is not an absolute http(s) URL; pass the source's base URL", base)
	}
	return &wireRequest{method: strings.ToUpper(plan.Method), url: u, header: header}, nil
}

// userAgent identifies the executor's requests; a target's headers may
// replace it.
const userAgent = "cognito-mcp"

// bodyArgs picks the body out of the arguments: the argument named
// Body.Arg, or, when the body is flattened, every argument that is not a
// parameter. Nil when there is nothing to send.
func bodyArgs(plan *openapi.Plan, args map[string]any) any {
	if plan.Body != nil && plan.Body.Arg != "" {
		return args[plan.Body.Arg]
	}
	if plan.Body == nil && plan.AWS == nil {
		return nil
	}
	isParam := make(map[string]bool, len(plan.Params))
	for _, p := range plan.Params {
		isParam[p.Arg] = true
	}
	out := make(map[string]any, len(args))
	for k, v := range args {
		if !isParam[k] {
			out[k] = v
		}
	}
	if len(out) == 0 && plan.AWS == nil && (plan.Body == nil || !plan.Body.Required) {
		return nil
	}
	return out
}

// escape percent-encodes everything but RFC 3986 unreserved characters.
func escape(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}

// scalar renders a scalar argument as text.
func scalar(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	case nil:
		return ""
	case map[string]any, []any:
		// Decoded JSON arguments always encode again.
		b, err := json.Marshal(x)
		if err != nil {
			return fmt.Sprint(v)
		}
		return string(b)
	}
	return fmt.Sprint(v)
}

// sortedKeys gives object members in a stable order.
func sortedKeys(m map[string]any) []string {
	return slices.Sorted(maps.Keys(m))
}

// simpleValue is RFC 6570 simple expansion before escaping: arrays joined
// with sep, objects as k,v,k,v (k=v,k=v when exploded).
func simpleValue(v any, explode bool, sep string) string {
	switch x := v.(type) {
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = scalar(e)
		}
		return strings.Join(parts, sep)
	case map[string]any:
		var parts []string
		for _, k := range sortedKeys(x) {
			if explode {
				parts = append(parts, k+"="+scalar(x[k]))
			} else {
				parts = append(parts, k, scalar(x[k]))
			}
		}
		return strings.Join(parts, sep)
	}
	return scalar(v)
}

// escapedList escapes each element, then joins; the delimiters stay literal.
func escapedList(v any, explode bool, sep, kv string) string {
	switch x := v.(type) {
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = escape(scalar(e))
		}
		return strings.Join(parts, sep)
	case map[string]any:
		var parts []string
		for _, k := range sortedKeys(x) {
			if explode {
				parts = append(parts, escape(k)+kv+escape(scalar(x[k])))
			} else {
				parts = append(parts, escape(k), escape(scalar(x[k])))
			}
		}
		return strings.Join(parts, sep)
	}
	return escape(scalar(v))
}

// pathValue expands a path parameter in its style: simple (default),
// label (".v") or matrix (";name=v").
func pathValue(p openapi.Param, v any) string {
	switch p.Style {
	case "label":
		sep := ","
		if p.Explode {
			sep = "."
		}
		return "." + escapedList(v, p.Explode, sep, "=")
	case "matrix":
		name := escape(p.Name)
		switch x := v.(type) {
		case []any:
			if p.Explode {
				var b strings.Builder
				for _, e := range x {
					b.WriteString(";" + name + "=" + escape(scalar(e)))
				}
				return b.String()
			}
			return ";" + name + "=" + escapedList(v, false, ",", "=")
		case map[string]any:
			if p.Explode {
				return ";" + escapedList(v, true, ";", "=")
			}
			return ";" + name + "=" + escapedList(v, false, ",", "=")
		}
		return ";" + name + "=" + escape(scalar(v))
	}
	return escapedList(v, p.Explode, ",", "=")
}

// queryPairs expands a query parameter: form (default), spaceDelimited,
// pipeDelimited or deepObject. Each pair is already escaped.
func queryPairs(p openapi.Param, v any) []string {
	name := escape(p.Name)
	switch p.Style {
	case "spaceDelimited", "pipeDelimited":
		sep := "%20"
		if p.Style == "pipeDelimited" {
			sep = "|"
		}
		if arr, ok := v.([]any); ok && p.Explode {
			return repeated(name, arr)
		}
		return []string{name + "=" + escapedList(v, false, sep, "=")}
	case "deepObject":
		obj, ok := v.(map[string]any)
		if !ok {
			return []string{name + "=" + escape(scalar(v))}
		}
		return deepPairs(p.Name, obj)
	}
	switch x := v.(type) {
	case []any:
		if p.Explode {
			return repeated(name, x)
		}
		return []string{name + "=" + escapedList(v, false, ",", "=")}
	case map[string]any:
		if p.Explode {
			var out []string
			for _, k := range sortedKeys(x) {
				out = append(out, escape(k)+"="+escape(scalar(x[k])))
			}
			return out
		}
		return []string{name + "=" + escapedList(v, false, ",", "=")}
	}
	return []string{name + "=" + escape(scalar(v))}
}

func repeated(name string, arr []any) []string {
	out := make([]string, len(arr))
	for i, e := range arr {
		out[i] = name + "=" + escape(scalar(e))
	}
	return out
}

// deepPairs renders name[k]=v, nesting for inner objects.
func deepPairs(prefix string, obj map[string]any) []string {
	var out []string
	for _, k := range sortedKeys(obj) {
		key := prefix + "[" + k + "]"
		switch x := obj[k].(type) {
		case map[string]any:
			out = append(out, deepPairs(key, x)...)
		case []any:
			for _, e := range x {
				out = append(out, escape(key+"[]")+"="+escape(scalar(e)))
			}
		default:
			out = append(out, escape(key)+"="+escape(scalar(x)))
		}
	}
	return out
}

// cookiePairs renders a cookie parameter in form style.
func cookiePairs(p openapi.Param, v any) []string {
	switch x := v.(type) {
	case []any:
		if p.Explode {
			return repeated(p.Name, x)
		}
	case map[string]any:
		if p.Explode {
			var out []string
			for _, k := range sortedKeys(x) {
				out = append(out, k+"="+escape(scalar(x[k])))
			}
			return out
		}
	}
	return []string{p.Name + "=" + escapedList(v, false, ",", "=")}
}

// formEncode renders an object as application/x-www-form-urlencoded, arrays
// as repeated keys, nested objects as JSON text.
func formEncode(obj map[string]any) string {
	var parts []string
	for _, k := range sortedKeys(obj) {
		if arr, ok := obj[k].([]any); ok {
			for _, e := range arr {
				parts = append(parts, url.QueryEscape(k)+"="+url.QueryEscape(scalar(e)))
			}
			continue
		}
		if obj[k] == nil {
			continue
		}
		parts = append(parts, url.QueryEscape(k)+"="+url.QueryEscape(scalar(obj[k])))
	}
	return strings.Join(parts, "&")
}

// multipartEncode renders an object as multipart/form-data: strings and
// numbers as plain fields, objects and arrays as JSON parts.
func multipartEncode(obj map[string]any) (string, []byte, error) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, k := range sortedKeys(obj) {
		v := obj[k]
		if v == nil {
			continue
		}
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q`, k))
		data := scalar(v)
		switch v.(type) {
		case map[string]any, []any:
			h.Set("Content-Type", "application/json")
		}
		part, err := mw.CreatePart(h)
		if err != nil {
			return "", nil, err
		}
		if _, err := part.Write([]byte(data)); err != nil {
			return "", nil, err
		}
	}
	if err := mw.Close(); err != nil {
		return "", nil, err
	}
	return mw.FormDataContentType(), buf.Bytes(), nil
}

// marshalJSON encodes without HTML escaping, so "<" stays "<".
func marshalJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encode the request body: %w", err)
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// serverURL is a server's URL with each {variable} replaced by its default,
// or by vars[name] when given.
func serverURL(s openapi.Server, vars map[string]string) string {
	u := s.URL
	for _, v := range s.Variables {
		val := v.Default
		if x, ok := vars[v.Name]; ok && x != "" {
			val = x
		}
		u = strings.ReplaceAll(u, "{"+v.Name+"}", val)
	}
	return u
}
