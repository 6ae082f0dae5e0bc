package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/cognito-mcp/cognito-mcp/httpserver"
	"github.com/cognito-mcp/cognito-mcp/inventory"
	"github.com/cognito-mcp/cognito-mcp/registry"
)

// config is the parsed command line and environment.
type config struct {
	toolNames inventory.NameStyle
	readOnly  bool
	include   []string
	exclude   []string
	pageSize  int
	json      bool // tools subcommand: print JSON

	region, profile, endpointURL string
	callTimeout                  time.Duration
	maxResultBytes               int

	stateDir     string
	allowDirs    []string
	secretDirs   []string
	maxSpecBytes int
	maxOps       int
	maxLoads     int

	logLevel slog.Level

	http httpserver.Config

	showHelp, showVersion bool
}

// parseConfig reads flags, falling back to their COGNITO_MCP_* twins. sub is
// "" for the server, "tools" for the catalog printer.
func parseConfig(sub string, args []string, getenv func(string) string, stdout, stderr io.Writer) (*config, error) {
	cfg := &config{}
	name := "cognito-mcp"
	if sub != "" {
		name += " " + sub
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	f := &envFlags{fs: fs, getenv: getenv}

	var toolNames, logLevel string
	f.String(&toolNames, "tool-names", "compact", "tool names clients see: compact (cognito_admin_create_user) or path (group.leaf tool paths)")
	f.Bool(&cfg.readOnly, "read-only", false, "expose only tools classified read-only")
	f.Strings(&cfg.include, "include", "expose only tools whose MCP name or tool path matches this `glob` (repeatable; * and ? are wildcards)")
	f.Strings(&cfg.exclude, "exclude", "leave out tools whose MCP name or tool path matches this `glob` (repeatable)")
	f.Int(&cfg.pageSize, "page-size", 1000, "tools per tools/list page (several hosts read only the first page)")
	f.String(&cfg.region, "region", "", "AWS region (else AWS_REGION, AWS_DEFAULT_REGION, the profile's region)")
	f.String(&cfg.profile, "profile", "", "AWS shared config profile (else AWS_PROFILE)")
	f.String(&cfg.endpointURL, "endpoint-url", "", "Cognito endpoint URL, e.g. http://127.0.0.1:9229 for cognito-local")
	f.Duration(&cfg.callTimeout, "call-timeout", 60*time.Second, "time limit for one tool call, retries included")
	f.Int(&cfg.maxResultBytes, "max-result-bytes", 200_000, "cap on a tool result's text; longer results are truncated with a notice")
	f.String(&cfg.stateDir, "state-dir", "", "where added sources are kept (default $XDG_STATE_HOME/cognito-mcp)")
	f.Int(&cfg.maxSpecBytes, "max-spec-bytes", registry.DefaultMaxDocumentBytes, "cap on an OpenAPI document (and each external $ref) that addSource and previewSpec read")
	f.Int(&cfg.maxOps, "max-operations", registry.DefaultMaxOperations, "cap on the operations of a document that addSource and previewSpec load; larger ones are refused before loading")
	f.Int(&cfg.maxLoads, "max-concurrent-loads", registry.DefaultMaxConcurrentLoads, "how many documents addSource and previewSpec load at once; others wait up to 30s, then are refused")
	f.Strings(&cfg.allowDirs, "allow-dir", "`directory` from which addSource may read local files (repeatable)")
	f.Strings(&cfg.secretDirs, "secret-dir", "`directory` whose files addSource's auth may name as {\"file\": ...} secrets (repeatable; none: file secrets refused)")
	f.String(&logLevel, "log-level", "info", "stderr log level: debug, info, warn, error")
	if sub == "" {
		registerHTTP(&cfg.http, f)
	}
	if sub == "tools" {
		fs.BoolVar(&cfg.json, "json", false, "print the catalog as JSON")
	}
	fs.BoolVar(&cfg.showHelp, "help", false, "show this help")
	fs.BoolVar(&cfg.showHelp, "h", false, "show this help")
	fs.BoolVar(&cfg.showVersion, "version", false, "print the version")

	err := fs.Parse(args)
	if cfg.showHelp || errors.Is(err, flag.ErrHelp) {
		cfg.showHelp = true
		printUsage(stdout, name, f)
		return cfg, nil
	}
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\nRun '%s --help' for the flags.\n", name, err, name)
		return nil, errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "%s: unexpected argument %q\nRun '%s --help' for usage.\n", name, fs.Arg(0), name)
		return nil, errUsage
	}
	if len(f.errs) > 0 {
		return nil, errors.Join(f.errs...)
	}
	if cfg.toolNames, err = inventory.ParseNameStyle(toolNames); err != nil {
		return nil, fmt.Errorf("--tool-names: %w", err)
	}
	if err := inventory.CheckPatterns(cfg.include); err != nil {
		return nil, fmt.Errorf("--include: %w", err)
	}
	if err := inventory.CheckPatterns(cfg.exclude); err != nil {
		return nil, fmt.Errorf("--exclude: %w", err)
	}
	if err := cfg.logLevel.UnmarshalText([]byte(logLevel)); err != nil {
		return nil, fmt.Errorf("--log-level %q: want debug, info, warn or error", logLevel)
	}
	if cfg.pageSize < 1 {
		return nil, fmt.Errorf("--page-size %d: want at least 1", cfg.pageSize)
	}
	if cfg.callTimeout <= 0 {
		return nil, fmt.Errorf("--call-timeout %s: want a positive duration", cfg.callTimeout)
	}
	if cfg.maxResultBytes < 1024 {
		return nil, fmt.Errorf("--max-result-bytes %d: want at least 1024", cfg.maxResultBytes)
	}
	if cfg.maxSpecBytes < 1024 {
		return nil, fmt.Errorf("--max-spec-bytes %d: want at least 1024", cfg.maxSpecBytes)
	}
	if cfg.maxOps < 1 {
		return nil, fmt.Errorf("--max-operations %d: want at least 1", cfg.maxOps)
	}
	if cfg.maxLoads < 1 {
		return nil, fmt.Errorf("--max-concurrent-loads %d: want at least 1", cfg.maxLoads)
	}
	return cfg, nil
}

// inventory says which tools cfg exposes.
func (cfg *config) inventory() inventory.Options {
	return inventory.Options{
		Names:    cfg.toolNames,
		ReadOnly: cfg.readOnly,
		Include:  cfg.include,
		Exclude:  cfg.exclude,
	}
}

// registryOptions are the registry settings cfg gives.
func (cfg *config) registryOptions(dir string, log *slog.Logger) registry.Options {
	return registry.Options{
		Dir:                dir,
		Logger:             log,
		AllowDirs:          cfg.allowDirs,
		SecretDirs:         cfg.secretDirs,
		MaxDocumentBytes:   int64(cfg.maxSpecBytes),
		MaxOperations:      cfg.maxOps,
		MaxConcurrentLoads: cfg.maxLoads,
	}
}

func printUsage(w io.Writer, name string, f *envFlags) {
	fmt.Fprintf(w, "Usage:\n  cognito-mcp [flags]          serve MCP on stdio, or over HTTP with --http\n")
	fmt.Fprintf(w, "  cognito-mcp tools [--json]   print the tool catalog\n\nFlags (each also read from its environment variable):\n")
	for _, r := range f.rows {
		fl := f.fs.Lookup(r.name)
		arg, usage := flag.UnquoteUsage(fl)
		if arg != "" {
			arg = " " + arg
		}
		def := ""
		if fl.DefValue != "" && fl.DefValue != "false" && fl.DefValue != "0" && fl.DefValue != "[]" {
			def = fmt.Sprintf(" (default %s)", fl.DefValue)
		}
		fmt.Fprintf(w, "  --%s%s\n      %s%s\n      env %s\n", r.name, arg, usage, def, r.env)
	}
	if name == "cognito-mcp tools" {
		fmt.Fprintf(w, "  --json\n      print the catalog as JSON\n")
	}
	fmt.Fprintf(w, "  --version\n      print the version\n")
}
