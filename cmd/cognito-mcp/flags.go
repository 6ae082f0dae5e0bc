package main

import (
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// envFlags registers flags that each have an environment variable twin:
// --tool-names and COGNITO_MCP_TOOL_NAMES. A flag given on the command line
// wins over its variable; the variable wins over the default.
type envFlags struct {
	fs     *flag.FlagSet
	getenv func(string) string
	// rows document every flag for --help and the README table.
	rows []flagRow
	// errs collects malformed environment values, reported by parse.
	errs []error
}

type flagRow struct{ name, env, usage string }

// envName is the environment twin of a flag: "tool-names" ->
// "COGNITO_MCP_TOOL_NAMES".
func envName(flagName string) string {
	return "COGNITO_MCP_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

func (e *envFlags) lookup(name string) (string, bool) {
	v := e.getenv(envName(name))
	return v, v != ""
}

func (e *envFlags) note(name, usage string) {
	e.rows = append(e.rows, flagRow{name, envName(name), usage})
}

func (e *envFlags) String(p *string, name, def, usage string) {
	if v, ok := e.lookup(name); ok {
		def = v
	}
	e.fs.StringVar(p, name, def, usage)
	e.note(name, usage)
}

func (e *envFlags) Bool(p *bool, name string, def bool, usage string) {
	e.fs.BoolVar(p, name, envDefault(e, name, def, strconv.ParseBool, "want true or false"), usage)
	e.note(name, usage)
}

func (e *envFlags) Int(p *int, name string, def int, usage string) {
	e.fs.IntVar(p, name, envDefault(e, name, def, strconv.Atoi, "want a whole number"), usage)
	e.note(name, usage)
}

func (e *envFlags) Duration(p *time.Duration, name string, def time.Duration, usage string) {
	e.fs.DurationVar(p, name, envDefault(e, name, def, time.ParseDuration, "want a duration such as 30s or 2m"), usage)
	e.note(name, usage)
}

// envDefault is the flag's default: its variable parsed, if set, else def.
// A malformed value is kept in e.errs for parse to report.
func envDefault[T any](e *envFlags, name string, def T, parse func(string) (T, error), want string) T {
	v, ok := e.lookup(name)
	if !ok {
		return def
	}
	x, err := parse(v)
	if err != nil {
		e.errs = append(e.errs, fmt.Errorf("%s=%q: %s", envName(name), v, want))
		return def
	}
	return x
}

// Strings registers a repeatable flag; its variable takes a comma-separated
// list.
func (e *envFlags) Strings(p *[]string, name, usage string) {
	if v, ok := e.lookup(name); ok {
		for s := range strings.SplitSeq(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				*p = append(*p, s)
			}
		}
	}
	fromEnv := true
	e.fs.Func(name, usage, func(s string) error {
		if fromEnv { // the command line replaces the variable's list
			*p, fromEnv = nil, false
		}
		*p = append(*p, s)
		return nil
	})
	e.note(name, usage)
}
