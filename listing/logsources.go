package listing

import (
	"log/slog"
	"os"
	"path/filepath"

	"github.com/cognito-mcp/cognito-mcp/registry"
)

// LogSources says at start which sources were loaded and from where, and
// warns when added sources are kept in the temporary directory, where they
// may not survive a reboot.
func LogSources(log *slog.Logger, reg *registry.Registry, defaultStateDir bool) {
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
