package peers

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// binScript returns the script that npm links as the command name of package pkg
// (its package.json "bin"), installing node_modules first if needed.
func binScript(tb testing.TB, pkg, name string) string {
	tb.Helper()
	dir := filepath.Join(EnsureNodeModules(tb), filepath.FromSlash(pkg))
	data, err := os.ReadFile(filepath.Join(dir, "package.json"))
	if err != nil {
		tb.Fatalf("read the %s package: %v", pkg, err)
	}
	var meta struct {
		Name string          `json:"name"`
		Bin  json.RawMessage `json:"bin"`
	}
	if err := json.Unmarshal(data, &meta); err != nil {
		tb.Fatalf("read %s/package.json: %v", pkg, err)
	}
	// "bin" is either one path (the command is named after the package) or a
	// map from command names to paths.
	var one string
	var many map[string]string
	switch {
	case json.Unmarshal(meta.Bin, &one) == nil && meta.Name == name:
		return filepath.Join(dir, filepath.FromSlash(one))
	case json.Unmarshal(meta.Bin, &many) == nil && many[name] != "":
		return filepath.Join(dir, filepath.FromSlash(many[name]))
	}
	tb.Fatalf("%s/package.json declares no %q command", pkg, name)
	return ""
}
