package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/cognito-mcp/cognito-mcp/executor"
	"github.com/cognito-mcp/cognito-mcp/httpserver"
	"github.com/cognito-mcp/cognito-mcp/internal/envflag"
	"github.com/cognito-mcp/cognito-mcp/inventory"
	"github.com/cognito-mcp/cognito-mcp/openapi"
	"github.com/cognito-mcp/cognito-mcp/registry"
	"github.com/cognito-mcp/cognito-mcp/tools"
)

// config is the parsed command line and environment.
type config struct {
	toolNames inventory.NameStyle
	mode      inventory.Mode
	// descriptions is how much of each description the catalogs keep.
	descriptions openapi.Descriptions
	readOnly     bool
	include      []string
	exclude      []string
	pageSize     int
	json         bool // tools subcommand: print JSON
	stats        bool // tools subcommand: print what tools/list costs

	region, profile, endpointURL string
	callTimeout                  time.Duration
	maxResultBytes               int
	awsSignSources               []string            // --aws-sign-source, as given
	awsSign                      map[string][]string // namespace -> services

	stateDir     string
	store        string // a postgres:// URL, or "" for the state directory
	storeFlag    bool   // store came from the command line, not the environment
	replace      bool   // sources import: replace sources already saved
	allowDirs    []string
	secretDirs   []string
	maxSpecBytes int
	maxOps       int
	maxLoads     int
	memoryLimit  int // soft, in bytes; 0: none

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
	f := envflag.New(fs, "COGNITO_MCP_", getenv)

	var toolNames, catalog, descriptions, logLevel string
	f.String(&toolNames, "tool-names", "compact", "tool names clients see: compact (cognito_admin_create_user) or path (group.leaf tool paths)")
	f.String(&catalog, "catalog", "full", "what tools/list holds: full (every operation as a tool), search (the control tools plus openapi_search_tools, openapi_describe_tool and openapi_call_tool, which reach every operation) or code (the control tools plus openapi_search_tools, openapi_describe_tool and openapi_execute, which runs a JavaScript that calls the operations)")
	f.String(&descriptions, "descriptions", "full", "full, or short: the first sentence of each operation and property description (constraints kept), for every source")
	f.Bool(&cfg.readOnly, "read-only", false, "expose only tools classified read-only")
	f.Strings(&cfg.include, "include", "expose only tools whose MCP name or tool path matches this `glob` (repeatable; * and ? are wildcards)")
	f.Strings(&cfg.exclude, "exclude", "leave out tools whose MCP name or tool path matches this `glob` (repeatable)")
	f.Int(&cfg.pageSize, "page-size", 1000, "tools per tools/list page (several hosts read only the first page)")
	f.String(&cfg.region, "region", "", "AWS region (else AWS_REGION, AWS_DEFAULT_REGION, the profile's region)")
	f.String(&cfg.profile, "profile", "", "AWS shared config profile (else AWS_PROFILE)")
	f.String(&cfg.endpointURL, "endpoint-url", "", "Cognito endpoint URL, e.g. http://127.0.0.1:9229 for cognito-local")
	f.Duration(&cfg.callTimeout, "call-timeout", executor.DefaultTimeout, "time limit for one tool call, retries included (below the 60 s after which common hosts give up)")
	f.Int(&cfg.maxResultBytes, "max-result-bytes", tools.DefaultMaxResultBytes, "cap on a tool result's text; longer results are truncated with a notice")
	f.Strings(&cfg.awsSignSources, "aws-sign-source", "let the server's AWS credentials sign the AWS JSON calls of added source NAMESPACE for SigV4 service SERVICE (`NAMESPACE=SERVICE`, repeatable); by default they sign only the embedded Cognito source")
	f.String(&cfg.stateDir, "state-dir", "", "where added sources are kept (default $XDG_STATE_HOME/cognito-mcp, else $HOME/.local/state/cognito-mcp, else the temporary directory)")
	f.String(&cfg.store, "store", "", "keep added sources in PostgreSQL instead: a postgres:// `URL`, its password in PGPASSWORD or a password file, never here")
	f.Int(&cfg.maxSpecBytes, "max-spec-bytes", registry.DefaultMaxDocumentBytes, "cap on an OpenAPI document (and each external $ref) that addSource and previewSpec read")
	f.Int(&cfg.maxOps, "max-operations", registry.DefaultMaxOperations, "cap on the operations of a document that addSource and previewSpec load; larger ones are refused before loading")
	f.Int(&cfg.maxLoads, "max-concurrent-loads", registry.DefaultMaxConcurrentLoads, "how many documents addSource and previewSpec load at once; others wait up to 30s, then are refused")
	f.Strings(&cfg.allowDirs, "allow-dir", "`directory` from which addSource may read local files (repeatable)")
	f.Strings(&cfg.secretDirs, "secret-dir", "`directory` whose files addSource's auth may name as {\"file\": ...} secrets (repeatable; none: file secrets refused)")
	f.String(&logLevel, "log-level", "info", "stderr log level: debug, info, warn, error")
	if sub == "" {
		f.Int(&cfg.memoryLimit, "memory-limit", defaultMemoryLimit, "soft limit on the server's memory, in `bytes`: the collector works harder as the heap nears it (GOMEMLIMIT, when set, wins); 0 for none")
		registerHTTP(&cfg.http, f)
	}
	if sub == "tools" {
		fs.BoolVar(&cfg.json, "json", false, "print the catalog as JSON")
		fs.BoolVar(&cfg.stats, "stats", false, "print what tools/list costs instead: bytes, estimated tokens, the split by part, the largest tools")
	}
	if sub == "sources import" {
		fs.BoolVar(&cfg.replace, "replace", false, "replace sources already saved")
	}
	fs.BoolVar(&cfg.showHelp, "help", false, "show this help")
	fs.BoolVar(&cfg.showHelp, "h", false, "show this help")
	fs.BoolVar(&cfg.showVersion, "version", false, "print the version, commit and build date")

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
	if len(f.Errs()) > 0 {
		return nil, errors.Join(f.Errs()...)
	}
	fs.Visit(func(fl *flag.Flag) { cfg.storeFlag = cfg.storeFlag || fl.Name == "store" })
	if cfg.toolNames, err = inventory.ParseNameStyle(toolNames); err != nil {
		return nil, fmt.Errorf("--tool-names: %w", err)
	}
	if cfg.mode, err = inventory.ParseMode(catalog); err != nil {
		return nil, fmt.Errorf("--catalog: %w", err)
	}
	if cfg.descriptions, err = openapi.ParseDescriptions(descriptions); err != nil {
		return nil, fmt.Errorf("--descriptions: %w", err)
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
	if cfg.awsSign, err = tools.ParseAWSSign(cfg.awsSignSources); err != nil {
		return nil, err
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
	if err := checkMemoryLimit(cfg.memoryLimit); err != nil {
		return nil, err
	}
	return cfg, nil
}

// inventory says which tools cfg exposes.
func (cfg *config) inventory() inventory.Options {
	return inventory.Options{
		Names:    cfg.toolNames,
		Mode:     cfg.mode,
		ReadOnly: cfg.readOnly,
		Include:  cfg.include,
		Exclude:  cfg.exclude,
	}
}

// registryOptions are the registry settings cfg gives.
func (cfg *config) registryOptions(dir string, log *slog.Logger) registry.Options {
	opts := registry.Options{
		Dir:                dir,
		Logger:             log,
		AllowDirs:          cfg.allowDirs,
		SecretDirs:         cfg.secretDirs,
		MaxDocumentBytes:   int64(cfg.maxSpecBytes),
		MaxOperations:      cfg.maxOps,
		MaxConcurrentLoads: cfg.maxLoads,
	}
	if cfg.descriptions == openapi.DescriptionsShort {
		opts.Load = func(data []byte, o openapi.Options) (*openapi.Catalog, error) {
			o.Descriptions = openapi.DescriptionsShort
			return openapi.Load(data, o)
		}
	}
	opts.Builtin = cfg.builtin()
	return opts
}

// builtin returns the embedded Cognito catalog cfg asks for. It is
// precomputed with short descriptions too: start-up decodes it, as it
// does the full one.
func (cfg *config) builtin() func() (*openapi.Catalog, error) {
	if cfg.descriptions == openapi.DescriptionsShort {
		return registry.CognitoShort
	}
	return registry.Cognito
}

func printUsage(w io.Writer, name string, f *envflag.Set) {
	fmt.Fprintf(w, "Usage:\n  cognito-mcp [flags]          serve MCP on stdio, or over HTTP with --http\n")
	fmt.Fprintf(w, "  cognito-mcp tools [--json] [--stats]   print the tool catalog, or what tools/list costs\n")
	fmt.Fprintf(w, "  cognito-mcp sources export   write the added sources, documents included, to stdout (JSON lines)\n")
	fmt.Fprintf(w, "  cognito-mcp sources import [--replace]   add the sources of an export read from stdin\n\nFlags (each also read from its environment variable):\n")
	f.PrintDefaults(w)
	if name == "cognito-mcp tools" {
		fmt.Fprintf(w, "  --json\n      print the catalog (or the stats) as JSON\n")
		fmt.Fprintf(w, "  --stats\n      print what tools/list costs: bytes as served, model-facing bytes, estimated tokens, the split by part, the largest tools\n")
	}
	if name == "cognito-mcp sources import" {
		fmt.Fprintf(w, "  --replace\n      replace sources already saved\n")
	}
	fmt.Fprintf(w, "  --version\n      print the version, commit and build date\n")
}
