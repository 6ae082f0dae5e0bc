package executor

import (
	"encoding/json"
	"log/slog"
	"strings"

	"github.com/cognito-mcp/cognito-mcp/openapi"
)

// init compiles the input schema and decodes the schemas that declare
// date-times, once per tool.
func (st *toolState) init(log *slog.Logger, name string) {
	st.once.Do(func() {
		if len(st.input) > 0 {
			s, err := compileSchema(st.input)
			if err != nil {
				log.Warn("input schema does not compile; arguments are not checked before sending", "tool", name, "error", err)
			} else {
				st.validator = s
			}
			// A schema that is not JSON converts nothing; compileSchema
			// has said so above.
			in := string(st.input)
			st.datesIn = strings.Contains(in, `"date-time"`)
			st.coerceIn = strings.Contains(in, `"integer"`) || strings.Contains(in, `"number"`) || strings.Contains(in, `"boolean"`)
			if (st.datesIn || st.coerceIn) && json.Unmarshal(st.input, &st.in.root) != nil {
				st.datesIn, st.coerceIn = false, false
			}
		}
		// An output schema that is not JSON leaves the answer as sent.
		if len(st.output) > 0 && strings.Contains(string(st.output), `"date-time"`) {
			st.datesOut = json.Unmarshal(st.output, &st.out.root) == nil
		}
	})
}

// coerce turns the strings of args that spell an integer, number or
// boolean where the input schema asks for one into that value (see
// schemaDoc.coerce). args itself is left as it was.
func (st *toolState) coerce(args map[string]any) map[string]any {
	if !st.coerceIn {
		return args
	}
	if out, ok := st.in.coerce(st.in.resolve(st.in.root), args); ok {
		return out.(map[string]any)
	}
	return args
}

// validate checks args against the input schema, when it compiled.
func (st *toolState) validate(tool string, args map[string]any) error {
	if st.validator == nil {
		return nil
	}
	if err := st.validator.Validate(args); err != nil {
		return &ValidationError{Tool: tool, Violations: violations(err)}
	}
	return nil
}

// convert rewrites the date-time inputs of an AWS operation as epoch
// seconds; other operations' arguments are sent as given.
func (st *toolState) convert(tool string, plan *openapi.Plan, args map[string]any) (map[string]any, error) {
	if plan.AWS == nil || !st.datesIn {
		return args, nil
	}
	conv, err := st.in.toEpoch(st.in.resolve(st.in.root), args, "")
	if err != nil {
		return nil, &ValidationError{Tool: tool, Violations: []Violation{timestampViolation(err)}, timestamps: true}
	}
	return conv.(map[string]any), nil
}
