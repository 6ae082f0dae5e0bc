package main

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// BenchmarkColdStart measures a whole stdio session as a host starts it:
// process start, initialize, tools/list answered, for each catalog mode:
// full, full with short descriptions, and search. It measures two ways:
//   - wire: JSON-RPC lines written to the process's stdin and its answers
//     read from stdout, until the last byte of the tools/list response has
//     arrived; this is the server's own time;
//   - client: mcp-go's client, which also decodes the answers.
//
// The baseline is the same session against an mcp-go server with no tools
// (testdata/emptyserver), measured in the same run, its sessions and every
// mode's interleaved round by round. <mode>-x-baseline is the ratio of the
// wire medians, <mode>-x-paired the median of each round's ratio, which
// drifts of a shared machine move less. A second baseline,
// testdata/linkedserver, is the empty server linked with every package
// the server imports: linked-x-baseline is what linking them costs, before
// the server does anything.
//
// Every binary is copied once before it is timed: how a freshly linked
// file lies in the page cache differs from build to build, and moved the
// start of identical binaries by up to 6% here. The copies are all in the
// state a copy, an unpacked archive or a reboot leaves.
//
//	go test ./cmd/cognito-mcp -run '^$' -bench ColdStart -benchtime 200x
func BenchmarkColdStart(b *testing.B) {
	dir := b.TempDir()
	build := func(pkg string) string {
		out := filepath.Join(dir, filepath.Base(pkg)+".linked")
		if msg, err := exec.Command("go", "build", "-o", out, pkg).CombinedOutput(); err != nil {
			b.Fatalf("build %s: %v\n%s", pkg, err, msg)
		}
		return out
	}
	copied := func(bin string) string {
		data, err := os.ReadFile(bin)
		if err != nil {
			b.Fatal(err)
		}
		path := filepath.Join(dir, strings.TrimSuffix(filepath.Base(bin), ".linked"))
		if err := os.WriteFile(path, data, 0o755); err != nil {
			b.Fatal(err)
		}
		return path
	}
	checkLinksAll(b, "./testdata/linkedserver")
	baseline := copied(build("./testdata/emptyserver"))
	linked := copied(build("./testdata/linkedserver"))
	server := copied(binPath)
	env := baseEnv(b)
	client := func(bin string, args ...string) time.Duration {
		start := time.Now()
		srv := startStdioBin(b, bin, protocolPinned, env, args...)
		srv.listAll(b)
		d := time.Since(start)
		srv.Close()
		return d
	}
	modes := []struct {
		name string
		args []string
	}{
		{"full", nil},
		{"short", []string{"--descriptions", "short"}},
		{"search", []string{"--catalog", "search"}},
	}
	var base, baseClient, link []time.Duration
	ours := make([][]time.Duration, len(modes))
	oursClient := make([][]time.Duration, len(modes))
	for b.Loop() {
		base = append(base, wireSession(b, baseline, env))
		baseClient = append(baseClient, client(baseline))
		link = append(link, wireSession(b, linked, env))
		for i, m := range modes {
			ours[i] = append(ours[i], wireSession(b, server, env, m.args...))
			oursClient[i] = append(oursClient[i], client(server, m.args...))
		}
	}
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(median(base)), "wire-baseline-ms-median")
	b.ReportMetric(ms(median(baseClient)), "client-baseline-ms-median")
	b.ReportMetric(ms(median(link)), "linked-wire-ms-median")
	b.ReportMetric(float64(median(link))/float64(median(base)), "linked-x-baseline")
	for i, m := range modes {
		b.ReportMetric(ms(median(ours[i])), m.name+"-wire-ms-median")
		b.ReportMetric(float64(median(ours[i]))/float64(median(base)), m.name+"-x-baseline")
		b.ReportMetric(pairedRatio(ours[i], base), m.name+"-x-paired")
		b.ReportMetric(ms(median(oursClient[i])), m.name+"-client-ms-median")
	}
}

// pairedRatio is the median of a[i]/b[i].
func pairedRatio(a, b []time.Duration) float64 {
	r := make([]float64, len(a))
	for i := range a {
		r[i] = float64(a[i]) / float64(b[i])
	}
	slices.Sort(r)
	return r[len(r)/2]
}

// checkLinksAll fails b unless the program pkg links every package the
// server does: else the linked baseline leaves some initializers out.
func checkLinksAll(b *testing.B, pkg string) {
	deps := func(p string) []string {
		out, err := exec.Command("go", "list", "-deps", p).Output()
		if err != nil {
			b.Fatalf("go list -deps %s: %v", p, err)
		}
		return strings.Fields(string(out))
	}
	has := map[string]bool{}
	for _, d := range deps(pkg) {
		has[d] = true
	}
	for _, d := range deps(".") {
		if !has[d] && d != "github.com/cognito-mcp/cognito-mcp/cmd/cognito-mcp" {
			b.Fatalf("%s does not link %s, which the server links: import it there", pkg, d)
		}
	}
}

// wireSession starts bin, sends initialize, then initialized and tools/list,
// and returns the time until the tools/list answer has fully arrived.
func wireSession(tb testing.TB, bin string, env []string, args ...string) time.Duration {
	tb.Helper()
	wall, _ := wireSessionCost(tb, bin, env, args...)
	return wall
}

// wireSessionCost is wireSession's time, and the CPU time (user and system)
// the process used until it exited.
func wireSessionCost(tb testing.TB, bin string, env []string, args ...string) (wall, cpu time.Duration) {
	tb.Helper()
	start := time.Now()
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	stdin, err := cmd.StdinPipe()
	if err != nil {
		tb.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	r := bufio.NewReaderSize(stdout, 1<<20)
	answer := func(id string) {
		for {
			line, err := r.ReadBytes('\n')
			if err != nil {
				tb.Fatalf("%s: waiting for answer %s: %v", bin, id, err)
			}
			if bytes.Contains(line[:min(len(line), 40)], []byte(`"id":`+id)) {
				return
			}
		}
	}
	io.WriteString(stdin, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"`+protocolPinned+`","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}`+"\n")
	answer("1")
	io.WriteString(stdin, `{"jsonrpc":"2.0","method":"notifications/initialized"}`+"\n"+`{"jsonrpc":"2.0","id":2,"method":"tools/list"}`+"\n")
	answer("2")
	wall = time.Since(start)
	stdin.Close()
	cmd.Wait()
	return wall, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}
