package registry_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/cognito-mcp/cognito-mcp/registry"
	"github.com/cognito-mcp/cognito-mcp/registry/storetest"
)

func TestFileStoreContract(t *testing.T) {
	dir := t.TempDir()
	storetest.Run(t, func() registry.Store { return registry.NewFileStore(dir, nil) })
	// Only sources.json, its lock file and the documents x refers to remain.
	var files []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	slices.Sort(files)
	if len(files) != 3 || files[1] != "sources.json" || files[2] != "sources.lock" {
		t.Errorf("state dir holds %v", files)
	}
}

func TestMemStoreContract(t *testing.T) {
	storetest.Run(t, registry.NewMemStores())
}
