package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestArchitectureNamesRealPackages keeps ARCHITECTURE.md true: every
// package its table names exists, and every package of the module is in
// the table.
func TestArchitectureNamesRealPackages(t *testing.T) {
	doc, err := os.ReadFile("../../ARCHITECTURE.md")
	if err != nil {
		t.Fatal(err)
	}
	// Table rows start with "| `path` |".
	row := regexp.MustCompile("(?m)^\\| `([a-z0-9/_-]+)` \\|")
	var named []string
	for _, m := range row.FindAllSubmatch(doc, -1) {
		named = append(named, string(m[1]))
	}
	if len(named) == 0 {
		t.Fatal("ARCHITECTURE.md has no package table")
	}
	have := modulePackages(t, "../..")
	for _, p := range named {
		if !slices.Contains(have, p) {
			t.Errorf("ARCHITECTURE.md names package %s, which does not exist", p)
		}
	}
	for _, p := range have {
		if !slices.Contains(named, p) {
			t.Errorf("package %s is missing from ARCHITECTURE.md's table", p)
		}
	}
}

// modulePackages lists the directories under root holding non-test Go
// files, leaving out testdata, node_modules and hidden directories.
func modulePackages(t *testing.T, root string) []string {
	t.Helper()
	seen := map[string]bool{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (name == "testdata" || name == "node_modules" || strings.HasPrefix(name, ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go") {
			rel, err := filepath.Rel(root, filepath.Dir(path))
			if err != nil {
				return err
			}
			seen[filepath.ToSlash(rel)] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for p := range seen {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}
