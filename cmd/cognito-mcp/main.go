// Command cognito-mcp is an MCP server that exposes every operation of an
// OpenAPI-described API as a tool, with the Amazon Cognito user pools API
// embedded as its default source.
//
// Usage:
//
//	cognito-mcp [flags]              serve MCP on stdio (or HTTP with --http)
//	cognito-mcp tools [--json]       print the tool catalog and exit
//
// Every flag has an environment variable twin: --tool-names is also
// COGNITO_MCP_TOOL_NAMES. Run cognito-mcp --help for the full list.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if !errors.Is(err, errUsage) {
			fmt.Fprintln(os.Stderr, "cognito-mcp:", err)
		}
		os.Exit(2)
	}
}

// errUsage reports a command line that was wrong; the message was printed.
var errUsage = errors.New("usage")

// run is the whole program; main only adds the process around it.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	sub := ""
	if len(args) > 0 && args[0] == "tools" {
		sub, args = "tools", args[1:]
	}
	cfg, err := parseConfig(sub, args, getenv, stdout, stderr)
	if err != nil {
		return err
	}
	switch {
	case cfg.showVersion:
		fmt.Fprintln(stdout, versionLine())
		return nil
	case cfg.showHelp:
		return nil
	case sub == "tools":
		entries, err := catalog(cfg, getenv, stderr)
		if err != nil {
			return err
		}
		return printTools(stdout, entries, cfg.json)
	}
	return serve(ctx, cfg, getenv, stdin, stdout, stderr)
}
