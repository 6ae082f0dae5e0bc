package listing

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/mark3labs/mcp-go/server"
)

// bytesPerToken is the token estimator of `tools --stats`: about four
// bytes of English or JSON per token, the usual rule of thumb for the
// tokenizers of today's models.
const bytesPerToken = 4

// Stats is what tools/list costs a client, as `tools --stats` reports
// it.
type Stats struct {
	// Catalog and Descriptions name the catalog mode and the descriptions
	// setting measured; the caller fills them in.
	Catalog      string `json:"catalog"`
	Descriptions string `json:"descriptions,omitempty"`
	Tools        int    `json:"tools"`
	Pages        int    `json:"pages"`
	// ServedBytes are the bytes of the tools/list responses as the server
	// writes them (JSON-RPC envelopes included).
	ServedBytes int `json:"servedBytes"`
	// ModelBytes are the bytes of each tool's name, title, description and
	// inputSchema: what hosts put in the model's context.
	ModelBytes int `json:"modelBytes"`
	// ModelTokens estimates ModelBytes in tokens (TokenEstimator).
	ModelTokens    int    `json:"modelTokens"`
	ServedTokens   int    `json:"servedTokens"`
	TokenEstimator string `json:"tokenEstimator"`
	// InstructionsBytes are the server's instructions (initialize), which
	// hosts also put in the model's context.
	InstructionsBytes int `json:"instructionsBytes"`
	// Parts splits the tool objects' bytes by member.
	Parts Parts `json:"parts"`
	// Largest are the ten largest tools, largest first.
	Largest []ToolBytes `json:"largest"`
}

// Parts are the bytes of each member of the tool objects, its key
// included.
type Parts struct {
	InputSchemas         int `json:"inputSchemas"`
	PropertyDescriptions int `json:"propertyDescriptions"` // within InputSchemas
	OutputSchemas        int `json:"outputSchemas"`
	Descriptions         int `json:"descriptions"`
	Meta                 int `json:"meta"`
	Annotations          int `json:"annotations"`
	NamesAndTitles       int `json:"namesAndTitles"`
}

// ToolBytes are one tool's bytes in tools/list, and those of them a
// model sees.
type ToolBytes struct {
	Name       string `json:"name"`
	Bytes      int    `json:"bytes"`
	ModelBytes int    `json:"modelBytes"`
}

// Measure asks srv, in process, for initialize and every page of
// tools/list, as a client speaking protocol 2025-11-25 would, and measures
// the responses as the transports would write them. Catalog and
// Descriptions are left for the caller to fill in.
func Measure(ctx context.Context, srv *server.MCPServer) (*Stats, error) {
	responses, instructions, err := toolsListResponses(ctx, srv)
	if err != nil {
		return nil, err
	}
	st, err := measure(responses)
	if err != nil {
		return nil, err
	}
	st.InstructionsBytes = len(instructions)
	return st, nil
}

// toolsListResponses asks srv for every page of tools/list, as a client
// speaking protocol 2025-11-25 would, and returns the responses as written
// and the instructions.
func toolsListResponses(ctx context.Context, srv *server.MCPServer) (pages [][]byte, instructions string, err error) {
	init := `{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"cognito-mcp tools --stats","version":"1"}}}`
	resp, err := marshalResponse(srv.HandleMessage(ctx, json.RawMessage(init)))
	if err != nil {
		return nil, "", fmt.Errorf("initialize: %w", err)
	}
	var initialized struct {
		Result struct {
			Instructions string `json:"instructions"`
		} `json:"result"`
	}
	if err := json.Unmarshal(resp, &initialized); err != nil {
		return nil, "", fmt.Errorf("initialize: %w", err)
	}
	pages, err = toolsListPages(ctx, srv)
	return pages, initialized.Result.Instructions, err
}

func toolsListPages(ctx context.Context, srv *server.MCPServer) ([][]byte, error) {
	var out [][]byte
	cursor := ""
	for id := 1; id <= 100_000; id++ {
		params := "{}"
		if cursor != "" {
			c, _ := json.Marshal(map[string]string{"cursor": cursor})
			params = string(c)
		}
		resp, err := marshalResponse(srv.HandleMessage(ctx, json.RawMessage(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"tools/list","params":%s}`, id, params))))
		if err != nil {
			return nil, fmt.Errorf("tools/list: %w", err)
		}
		out = append(out, resp)
		var page struct {
			Result struct {
				NextCursor string `json:"nextCursor"`
			} `json:"result"`
		}
		if err := json.Unmarshal(resp, &page); err != nil {
			return nil, fmt.Errorf("tools/list: %w", err)
		}
		if cursor = page.Result.NextCursor; cursor == "" {
			return out, nil
		}
	}
	return nil, fmt.Errorf("tools/list: pagination did not end")
}

// marshalResponse is a response as the transports write it, or its error.
func marshalResponse(msg any) ([]byte, error) {
	b, err := json.Marshal(msg)
	if err != nil {
		return nil, err
	}
	var e struct {
		Error *struct {
			Message string `json:"message"`
		} `json:"error"`
	}
	if json.Unmarshal(b, &e) == nil && e.Error != nil {
		return nil, fmt.Errorf("%s", e.Error.Message)
	}
	return b, nil
}

// measure computes the stats of tools/list responses.
func measure(responses [][]byte) (*Stats, error) {
	st := &Stats{Pages: len(responses), TokenEstimator: fmt.Sprintf("bytes/%d", bytesPerToken)}
	var all []ToolBytes
	for _, resp := range responses {
		st.ServedBytes += len(resp)
		var page struct {
			Result struct {
				Tools []map[string]json.RawMessage `json:"tools"`
			} `json:"result"`
		}
		if err := json.Unmarshal(resp, &page); err != nil {
			return nil, err
		}
		for _, tool := range page.Result.Tools {
			st.Tools++
			var name string
			json.Unmarshal(tool["name"], &name)
			tb := ToolBytes{Name: name, Bytes: 1} // braces
			for key, v := range tool {
				n := len(key) + 3 + len(v) // "key":value and a comma
				tb.Bytes += n
				switch key {
				case "name", "title":
					st.Parts.NamesAndTitles += n
					tb.ModelBytes += n
				case "description":
					st.Parts.Descriptions += n
					tb.ModelBytes += n
				case "inputSchema":
					st.Parts.InputSchemas += n
					st.Parts.PropertyDescriptions += descriptionBytes(v)
					tb.ModelBytes += n
				case "outputSchema":
					st.Parts.OutputSchemas += n
				case "_meta":
					st.Parts.Meta += n
				case "annotations":
					st.Parts.Annotations += n
				}
			}
			st.ModelBytes += tb.ModelBytes
			all = append(all, tb)
		}
	}
	st.ModelTokens = st.ModelBytes / bytesPerToken
	st.ServedTokens = st.ServedBytes / bytesPerToken
	slices.SortStableFunc(all, func(a, b ToolBytes) int { return cmp.Compare(b.Bytes, a.Bytes) })
	st.Largest = all[:min(10, len(all))]
	return st, nil
}

// descriptionBytes counts the "description" members of the schemas in a
// JSON Schema, keys included. Property names "description" are skipped:
// they are not descriptions.
func descriptionBytes(schema json.RawMessage) int {
	var v any
	if json.Unmarshal(schema, &v) != nil {
		return 0
	}
	n := 0
	var walk func(v any, inProperties bool)
	walk = func(v any, inProperties bool) {
		switch x := v.(type) {
		case map[string]any:
			for k, sub := range x {
				if k == "description" && !inProperties {
					if s, ok := sub.(string); ok {
						b, _ := json.Marshal(s)
						n += len(`"description":,`) + len(b)
						continue
					}
				}
				if k == "enum" || k == "const" || k == "default" || k == "examples" {
					continue // data, not schemas
				}
				walk(sub, k == "properties" || k == "patternProperties" || k == "$defs" || k == "definitions")
			}
		case []any:
			for _, sub := range x {
				walk(sub, false)
			}
		}
	}
	walk(v, false)
	return n
}

// PrintStats writes st for people.
func PrintStats(w io.Writer, st *Stats) error {
	p := func(n int) string { return thousands(n) }
	desc := ""
	if st.Descriptions != "" {
		desc = ", descriptions " + st.Descriptions
	}
	fmt.Fprintf(w, "catalog %s%s: %d tools in tools/list (%d page(s))\n", st.Catalog, desc, st.Tools, st.Pages)
	fmt.Fprintf(w, "tools/list as served:   %s bytes, about %s tokens\n", p(st.ServedBytes), p(st.ServedTokens))
	fmt.Fprintf(w, "model-facing:           %s bytes, about %s tokens (name, title, description, inputSchema)\n", p(st.ModelBytes), p(st.ModelTokens))
	fmt.Fprintf(w, "instructions:           %s bytes (initialize)\n", p(st.InstructionsBytes))
	fmt.Fprintf(w, "tokens are estimated as %s\n\nby part (bytes, keys included):\n", st.TokenEstimator)
	for _, r := range []struct {
		name string
		n    int
	}{
		{"input schemas", st.Parts.InputSchemas},
		{"  of which property descriptions", st.Parts.PropertyDescriptions},
		{"output schemas", st.Parts.OutputSchemas},
		{"descriptions", st.Parts.Descriptions},
		{"_meta", st.Parts.Meta},
		{"annotations", st.Parts.Annotations},
		{"names and titles", st.Parts.NamesAndTitles},
	} {
		fmt.Fprintf(w, "%9s  %s\n", p(r.n), r.name)
	}
	fmt.Fprintf(w, "\nlargest tools (bytes, model-facing bytes):\n")
	for _, t := range st.Largest {
		fmt.Fprintf(w, "%9s %9s  %s\n", p(t.Bytes), p(t.ModelBytes), t.Name)
	}
	return nil
}

// thousands writes n with comma separators: 402,426.
func thousands(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
