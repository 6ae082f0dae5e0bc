package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The README tests run what README.md shows, read from README.md itself, so
// that an edit of a command is an edit of what the tests run. Each replaces
// only what names the reader's own machine (/path/to/cognito-mcp, ports,
// tokens, production hosts), and fails when the README no longer holds it.

// readmeBlock is one fenced block of README.md: its language and its text.
type readmeBlock struct{ lang, text string }

func readmeBlocks(t *testing.T) []readmeBlock {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	var blocks []readmeBlock
	var cur *readmeBlock
	for line := range strings.SplitSeq(string(data), "\n") {
		switch {
		case strings.HasPrefix(line, "```") && cur == nil:
			cur = &readmeBlock{lang: strings.TrimPrefix(line, "```")}
		case strings.HasPrefix(line, "```"):
			blocks = append(blocks, *cur)
			cur = nil
		case cur != nil:
			cur.text += line + "\n"
		}
	}
	return blocks
}

// readmeCommands returns the commands of the README's sh blocks that start
// with prefix, each with its continuation lines, as sh reads it.
func readmeCommands(t *testing.T, prefix string) []string {
	t.Helper()
	var cmds []string
	for _, b := range readmeBlocks(t) {
		if b.lang != "sh" {
			continue
		}
		cmd := ""
		for line := range strings.SplitSeq(b.text, "\n") {
			cmd += line + "\n"
			if strings.HasSuffix(line, `\`) {
				continue
			}
			if strings.HasPrefix(cmd, prefix) {
				cmds = append(cmds, strings.TrimSpace(cmd))
			}
			cmd = ""
		}
	}
	return cmds
}

// readmeBlockWith returns the README's sh block that holds s.
func readmeBlockWith(t *testing.T, s string) string {
	t.Helper()
	var found []string
	for _, b := range readmeBlocks(t) {
		if b.lang == "sh" && strings.Contains(b.text, s) {
			found = append(found, b.text)
		}
	}
	if len(found) != 1 {
		t.Fatalf("README.md has %d sh blocks holding %q, want 1", len(found), s)
	}
	return found[0]
}

// replaceOnce replaces old in s, failing the test unless s holds it, so an
// edit of the README cannot make the test run something else unnoticed.
func replaceOnce(t *testing.T, s, old, new string) string {
	t.Helper()
	if !strings.Contains(s, old) {
		t.Fatalf("the README's %q no longer holds %q", s, old)
	}
	return strings.ReplaceAll(s, old, new)
}

// shQuote quotes s for sh.
func shQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
