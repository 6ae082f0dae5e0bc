package executor

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cognito-mcp/cognito-mcp/openapi"
)

// Result is a 2xx answer of one call.
type Result struct {
	// Status is the HTTP status of the answer.
	Status int
	// Header is the answer's header.
	Header http.Header
	// Body is the answer as received, cut at the read limit when Overflow.
	Body []byte
	// Value is the decoded JSON answer, numbers as json.Number and, for
	// AWS operations whose output schema declares date-times, epoch
	// seconds rewritten as RFC 3339. Nil when the answer is not JSON.
	Value any
	// Text is the answer as a reader sees it: the JSON text (re-encoded
	// when timestamps were rewritten), "{}" for an empty AWS answer, the
	// text of a textual answer, or a note on the size and type of binary
	// content.
	Text string
	// Overflow says the answer was longer than the read limit.
	Overflow bool
	// Duration is the time the call took, retries included.
	Duration time.Duration
	// Attempts is the number of requests sent.
	Attempts int
}

// decode turns a 2xx answer into a Result.
func (st *toolState) decode(plan *openapi.Plan, r *response, attempts int) *Result {
	res := &Result{Status: r.status, Header: r.header, Body: r.body, Overflow: r.overflow, Attempts: attempts}
	if r.overflow {
		res.Text = string(r.body)
		return res
	}
	ct := r.header.Get("Content-Type")
	jsonish := plan.AWS != nil || strings.Contains(ct, "json") || ct == ""
	if !jsonish || len(bytes.TrimSpace(r.body)) == 0 {
		if plan.AWS != nil || len(bytes.TrimSpace(r.body)) == 0 {
			res.Text, res.Value = "{}", map[string]any{}
			return res
		}
		res.Text = textOf(r.body, ct)
		return res
	}
	v, err := decodeJSON(r.body)
	if err != nil { // not JSON after all: shown as text
		res.Text = textOf(r.body, ct)
		return res
	}
	res.Text, res.Value = string(r.body), v
	if plan.AWS != nil && st.datesOut {
		res.Value = st.out.toRFC3339(st.out.resolve(st.out.root), v)
		// The converted value came from JSON, so it encodes; if it ever
		// did not, the text as received is still a faithful answer.
		if b, err := marshalJSON(res.Value); err == nil {
			res.Text = string(b)
		}
	}
	return res
}

// decodeJSON decodes one JSON document, keeping numbers exact.
func decodeJSON(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("more than one JSON value")
	}
	return v, nil
}

// textOf renders a non-JSON body: as is when it is text, else a note.
func textOf(b []byte, contentType string) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return fmt.Sprintf("[binary content: %d bytes of %s]", len(b), cmp.Or(contentType, "unknown type"))
}
