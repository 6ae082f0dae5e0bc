package main

import (
	"bufio"
	"bytes"
	"io"
	"os/exec"
	"path/filepath"
	"slices"
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
// The baseline is the same session against an mcp-go server with no tools,
// built the same way and measured in the same run, the sessions of every
// mode interleaved with its; <mode>-x-baseline is the ratio of the wire
// medians.
//
//	go test ./cmd/cognito-mcp -run '^$' -bench ColdStart -benchtime 40x
func BenchmarkColdStart(b *testing.B) {
	baseline := filepath.Join(b.TempDir(), "emptyserver")
	if out, err := exec.Command("go", "build", "-o", baseline, "./testdata/emptyserver").CombinedOutput(); err != nil {
		b.Fatalf("build baseline: %v\n%s", err, out)
	}
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
	var base, baseClient []time.Duration
	ours := make([][]time.Duration, len(modes))
	oursClient := make([][]time.Duration, len(modes))
	for b.Loop() {
		base = append(base, wireSession(b, baseline, env))
		baseClient = append(baseClient, client(baseline))
		for i, m := range modes {
			ours[i] = append(ours[i], wireSession(b, binPath, env, m.args...))
			oursClient[i] = append(oursClient[i], client(binPath, m.args...))
		}
	}
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(median(base)), "wire-baseline-ms-median")
	b.ReportMetric(ms(median(baseClient)), "client-baseline-ms-median")
	for i, m := range modes {
		b.ReportMetric(ms(median(ours[i])), m.name+"-wire-ms-median")
		b.ReportMetric(float64(median(ours[i]))/float64(median(base)), m.name+"-x-baseline")
		b.ReportMetric(ms(median(oursClient[i])), m.name+"-client-ms-median")
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
