// Command cognito-mcp is an MCP server that exposes every operation of an
// OpenAPI-described API as a tool, with the Amazon Cognito user pools API
// embedded as its default source.
//
// Usage:
//
//	cognito-mcp [flags]              serve MCP on stdio (or HTTP with --http)
//	cognito-mcp tools [--json]       print the tool catalog and exit
//	cognito-mcp tools --stats        print what tools/list costs and exit
//	cognito-mcp sources export       write the added sources (JSON lines)
//	cognito-mcp sources import       add the sources of an export
//
// Every flag has an environment variable twin: --tool-names is also
// COGNITO_MCP_TOOL_NAMES. Run cognito-mcp --help for the full list.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/cognito-mcp/cognito-mcp/internal/startgc"
	"github.com/cognito-mcp/cognito-mcp/listing"
)

func main() {
	ctx, stop := notifyContext(os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if !errors.Is(err, errUsage) {
			fmt.Fprintln(os.Stderr, "cognito-mcp:", err)
		}
		os.Exit(2)
	}
}

// notifyContext returns a context that the first of sigs cancels, like
// signal.NotifyContext, but sets the handlers up on another goroutine:
// enabling the first handlers waits for a thread the runtime starts for
// them, about 0.2 ms that would otherwise come before the first answer.
// A signal in the first moments of the process, before they are in place,
// ends it as if there were no handlers; there is nothing to shut down yet.
// After the first signal the handlers are removed: a second one ends the
// process at once.
func notifyContext(sigs ...os.Signal) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		sigCtx, stop := signal.NotifyContext(ctx, sigs...)
		defer stop()
		<-sigCtx.Done()
		cancel()
	}()
	return ctx, cancel
}

// errUsage reports a command line that was wrong; the message was printed.
var errUsage = errors.New("usage")

// run is the whole program; main only adds the process around it.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	sub := ""
	if len(args) > 0 && args[0] == "tools" {
		sub, args = "tools", args[1:]
	}
	if len(args) > 1 && args[0] == "sources" && (args[1] == "export" || args[1] == "import") {
		sub, args = "sources "+args[1], args[2:]
	}
	cfg, err := parseConfig(sub, args, getenv, stdout, stderr)
	if err != nil {
		return err
	}
	if sub != "" || cfg.showVersion || cfg.showHelp {
		startgc.End() // only serving gains from a resting collector
	}
	switch {
	case cfg.showVersion:
		fmt.Fprintln(stdout, versionLine())
		return nil
	case cfg.showHelp:
		return nil
	case sub == "tools" && cfg.stats:
		st, err := stats(ctx, cfg, getenv, stderr)
		if err != nil {
			return err
		}
		if cfg.json {
			enc := json.NewEncoder(stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(st)
		}
		return listing.PrintStats(stdout, st)
	case sub == "tools":
		entries, err := catalog(ctx, cfg, getenv, stderr)
		if err != nil {
			return err
		}
		return listing.Print(stdout, entries, cfg.json)
	case sub == "sources export", sub == "sources import":
		return transfer(ctx, cfg, sub, getenv, stdin, stdout, stderr)
	}
	return serve(ctx, cfg, getenv, stdin, stdout, stderr)
}
