package tools

import (
	"encoding/json"

	"github.com/cognito-mcp/cognito-mcp/openapi"
)

// The meta-tools of search mode: search, describe and call the tools the
// inventory reaches without listing them.

// Search limits of openapi_search_tools.
const (
	DefaultSearchLimit = 8
	MaxSearchLimit     = 50
)

type searchArgs struct {
	Query  string `json:"query"`
	Limit  *int   `json:"limit"`
	Source string `json:"source"`
}

type describeArgs struct {
	Name   string `json:"name"`
	Format string `json:"format"`
}

type callArgs struct {
	Name      string         `json:"name"`
	Arguments map[string]any `json:"arguments"`
}

// SearchResult is what openapi_search_tools answers.
type SearchResult struct {
	// Tools are the best matches, best first.
	Tools []SearchHit `json:"tools"`
	// Total is how many tools matched before the limit.
	Total int `json:"total"`
}

// SearchHit is one tool found: enough to choose it, then describe or call
// it.
type SearchHit struct {
	Name  string `json:"name"`
	Title string `json:"title"`
	// Description is the first sentence, on one line, at most 200
	// characters.
	Description string `json:"description"`
	Source      string `json:"source"`
	Annotations any    `json:"annotations"`
	// Call is how a code mode script calls the tool, e.g.
	// "tools.cognito.adminCreateUser"; empty in search mode.
	Call string `json:"call,omitempty"`
}

var (
	searchToolsTool = openapi.Tool{
		Name:  "openapi_search_tools",
		Path:  "openapi.searchTools",
		Title: "searchTools",
		Description: "Find the tools for a task described in plain words (\"disable a user's account\"), among the operations of every source, best first. " +
			"Then openapi_describe_tool gives a tool's input schema and openapi_call_tool runs it.",
		InputSchema: json.RawMessage(`{"type":"object","properties":{` +
			`"query":{"type":"string","minLength":1,"description":"What you want to do, in plain words."},` +
			`"limit":{"type":"integer","minimum":1,"maximum":50,"default":8,"description":"Most tools to return."},` +
			`"source":{"type":"string","pattern":"^[a-z][a-z0-9]{0,15}$","description":"Only tools of this source (namespace, e.g. cognito)."}},` +
			`"required":["query"],"additionalProperties":false}`),
		OutputSchema: json.RawMessage(`{"type":"object","properties":{"tools":{"type":"array","items":{"type":"object"}},"total":{"type":"integer"}},"required":["tools","total"]}`),
		Annotations:  openapi.Annotations{ReadOnly: true, Idempotent: true},
	}
	describeToolTool = openapi.Tool{
		Name:        "openapi_describe_tool",
		Path:        "openapi.describeTool",
		Title:       "describeTool",
		Description: "The full definition of a tool found with openapi_search_tools: description, input schema (the arguments openapi_call_tool takes), output schema, annotations.",
		InputSchema: json.RawMessage(`{"type":"object","properties":{` +
			`"name":{"type":"string","minLength":1,"description":"The tool's name, as openapi_search_tools gives it."}},` +
			`"required":["name"],"additionalProperties":false}`),
		Annotations: openapi.Annotations{ReadOnly: true, Idempotent: true},
	}
	callToolTool = openapi.Tool{
		Name:        "openapi_call_tool",
		Path:        "openapi.callTool",
		Title:       "callTool",
		Description: "Run a tool found with openapi_search_tools, with arguments that follow its input schema (see openapi_describe_tool). The result is the tool's own.",
		InputSchema: json.RawMessage(`{"type":"object","properties":{` +
			`"name":{"type":"string","minLength":1,"description":"The tool's name."},` +
			`"arguments":{"type":"object","description":"The tool's arguments."}},` +
			`"required":["name"],"additionalProperties":false}`),
	}
)

// MetaTools are the definitions of search mode's meta-tools: search,
// describe, call. Under read-only mode callTool reaches only read-only
// tools, and says so in its annotations; otherwise it may run any
// operation, destructive ones included.
func MetaTools(readOnly bool) []*openapi.Tool {
	call := callToolTool
	if readOnly {
		call.Annotations = openapi.Annotations{ReadOnly: true, OpenWorld: true}
	} else {
		call.Annotations = openapi.Annotations{Destructive: true, OpenWorld: true}
	}
	return []*openapi.Tool{&searchToolsTool, &describeToolTool, &call}
}
