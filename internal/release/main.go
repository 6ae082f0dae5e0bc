package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "release:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("release", flag.ContinueOnError)
	out := fs.String("out", "dist", "directory the archives and checksums.txt are written to (emptied first)")
	targets := fs.String("targets", strings.Join(targetNames(defaultTargets), ","), "comma-separated os/arch pairs to build")
	version := fs.String("version", "", "version to stamp (default: the tag on HEAD, else a snapshot version)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ts, err := parseTargets(*targets)
	if err != nil {
		return err
	}
	root, err := gitOutput(ctx, ".", "rev-parse", "--show-toplevel")
	if err != nil {
		return fmt.Errorf("run it inside the cognito-mcp repository: %w", err)
	}
	st, err := stampFromGit(ctx, root, *version)
	if err != nil {
		return err
	}
	dir, err := filepath.Abs(*out)
	if err != nil {
		return err
	}
	files, err := build(ctx, root, dir, st, ts)
	if err != nil {
		return err
	}
	for _, f := range files {
		fmt.Println(filepath.Join(dir, f))
	}
	return nil
}

// stampFromGit is the version, commit and date of HEAD in root.
func stampFromGit(ctx context.Context, root, version string) (stamp, error) {
	commit, err := gitOutput(ctx, root, "rev-parse", "HEAD")
	if err != nil {
		return stamp{}, err
	}
	when, err := gitOutput(ctx, root, "log", "-1", "--format=%cI", "HEAD")
	if err != nil {
		return stamp{}, err
	}
	t, err := time.Parse(time.RFC3339, when)
	if err != nil {
		return stamp{}, fmt.Errorf("commit time %q: %w", when, err)
	}
	if version == "" {
		if tag, err := gitOutput(ctx, root, "describe", "--tags", "--exact-match", "HEAD"); err == nil {
			version = tag
		} else {
			version = "0.0.0-SNAPSHOT-" + commit[:min(12, len(commit))]
		}
	}
	return stamp{Version: version, Commit: commit, Date: t.UTC()}, nil
}

func gitOutput(ctx context.Context, dir string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return strings.TrimSpace(string(out)), nil
}
