package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"golang.org/x/term"

	"github.com/cognito-mcp/cognito-mcp/registry"
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

// logSources says at start which sources were loaded and from where, and
// warns when added sources are kept in the temporary directory, where they
// may not survive a reboot.
func logSources(log *slog.Logger, reg *registry.Registry, defaultStateDir bool) {
	snap := reg.Snapshot()
	for _, s := range snap.Sources {
		log.Info("source loaded", "namespace", s.Namespace, "origin", s.Origin, "tools", len(s.Catalog.Tools))
	}
	for _, p := range snap.Problems {
		log.Warn("saved source not loaded", "namespace", p.Namespace, "problem", p.Message)
	}
	stateDir := reg.Dir()
	if defaultStateDir && filepath.Dir(stateDir) == filepath.Clean(os.TempDir()) {
		log.Warn("neither XDG_STATE_HOME nor HOME is set: added sources are kept in the temporary directory and may be lost; set --state-dir to keep them", "state_dir", stateDir)
		return
	}
	log.Info("added sources are kept here", "state_dir", stateDir)
}
