package envflag

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Set registers flags on a flag.FlagSet, each with its environment
// variable twin.
type Set struct {
	fs     *flag.FlagSet
	prefix string
	getenv func(string) string
	// rows document every flag for --help and the README table.
	rows []Row
	// errs collects malformed environment values.
	errs []error
}

// Row documents one flag: its name, its variable and its usage.
type Row struct{ Name, Env, Usage string }

// New registers on fs; a flag's variable is prefix followed by its name in
// upper case with dashes as underscores ("COGNITO_MCP_" and "tool-names":
// COGNITO_MCP_TOOL_NAMES), read with getenv.
func New(fs *flag.FlagSet, prefix string, getenv func(string) string) *Set {
	return &Set{fs: fs, prefix: prefix, getenv: getenv}
}

// Env is the environment twin of a flag.
func (e *Set) Env(flagName string) string {
	return e.prefix + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// Getenv reads a variable that has no flag twin.
func (e *Set) Getenv(name string) string { return e.getenv(name) }

// PrintDefaults writes every flag in registration order, as --help shows
// them: name and argument, usage, default when it says something, and the
// environment twin.
func (e *Set) PrintDefaults(w io.Writer) {
	for _, r := range e.rows {
		fl := e.fs.Lookup(r.Name)
		arg, usage := flag.UnquoteUsage(fl)
		if arg != "" {
			arg = " " + arg
		}
		def := ""
		if fl.DefValue != "" && fl.DefValue != "false" && fl.DefValue != "0" && fl.DefValue != "[]" {
			def = fmt.Sprintf(" (default %s)", fl.DefValue)
		}
		fmt.Fprintf(w, "  --%s%s\n      %s%s\n      env %s\n", r.Name, arg, usage, def, r.Env)
	}
}

// Errs are the malformed environment values met while registering.
func (e *Set) Errs() []error { return e.errs }

func (e *Set) lookup(name string) (string, bool) {
	v := e.getenv(e.Env(name))
	return v, v != ""
}

func (e *Set) note(name, usage string) {
	e.rows = append(e.rows, Row{name, e.Env(name), usage})
}

// String registers a string flag.
func (e *Set) String(p *string, name, def, usage string) {
	if v, ok := e.lookup(name); ok {
		def = v
	}
	e.fs.StringVar(p, name, def, usage)
	e.note(name, usage)
}

// Bool registers a boolean flag; its variable takes true or false.
func (e *Set) Bool(p *bool, name string, def bool, usage string) {
	e.fs.BoolVar(p, name, envDefault(e, name, def, strconv.ParseBool, "want true or false"), usage)
	e.note(name, usage)
}

// Int registers an integer flag.
func (e *Set) Int(p *int, name string, def int, usage string) {
	e.fs.IntVar(p, name, envDefault(e, name, def, strconv.Atoi, "want a whole number"), usage)
	e.note(name, usage)
}

// Duration registers a duration flag.
func (e *Set) Duration(p *time.Duration, name string, def time.Duration, usage string) {
	e.fs.DurationVar(p, name, envDefault(e, name, def, time.ParseDuration, "want a duration such as 30s or 2m"), usage)
	e.note(name, usage)
}

// envDefault is the flag's default: its variable parsed, if set, else def.
// A malformed value is kept in e.errs for the caller to report.
func envDefault[T any](e *Set, name string, def T, parse func(string) (T, error), want string) T {
	v, ok := e.lookup(name)
	if !ok {
		return def
	}
	x, err := parse(v)
	if err != nil {
		e.errs = append(e.errs, fmt.Errorf("%s=%q: %s", e.Env(name), v, want))
		return def
	}
	return x
}

// Strings registers a repeatable flag; its variable takes a comma-separated
// list.
func (e *Set) Strings(p *[]string, name, usage string) {
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
