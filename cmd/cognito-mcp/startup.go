package main

import (
	"fmt"
	"io"
	"os"

	"golang.org/x/term"
)

// terminalHint is the one line a person who starts the server by hand on a
// terminal sees; a host, which talks through pipes, never gets it.
const terminalHint = "cognito-mcp speaks MCP on stdio and waits for a host: add this command to your MCP host's configuration (see README, Configure your host), or run 'cognito-mcp tools' to list the tools. Ctrl-C stops it."

// hintOnTerminal prints terminalHint to stderr when stdin is a terminal.
func hintOnTerminal(stdin io.Reader, stderr io.Writer) {
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprintln(stderr, terminalHint)
	}
}
