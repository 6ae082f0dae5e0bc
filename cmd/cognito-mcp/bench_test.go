package main

import (
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// BenchmarkColdStart measures a whole stdio session as a host starts it:
// process start, initialize, tools/list answered (all pages). The baseline is
// the same session against an mcp-go server with no tools, built the same way
// and measured in the same run; the ratio is reported as x-baseline.
//
//	go test ./cmd/cognito-mcp -run '^$' -bench ColdStart -benchtime 40x
func BenchmarkColdStart(b *testing.B) {
	baseline := filepath.Join(b.TempDir(), "emptyserver")
	if out, err := exec.Command("go", "build", "-o", baseline, "./testdata/emptyserver").CombinedOutput(); err != nil {
		b.Fatalf("build baseline: %v\n%s", err, out)
	}
	env := baseEnv(b)
	session := func(bin string, args ...string) time.Duration {
		start := time.Now()
		srv := startStdioBin(b, bin, protocolPinned, env, args...)
		srv.listAll(b)
		d := time.Since(start)
		srv.Close()
		return d
	}
	var ours, base []time.Duration
	for b.Loop() {
		base = append(base, session(baseline))
		ours = append(ours, session(binPath))
	}
	mo, mb := median(ours), median(base)
	b.ReportMetric(float64(mo.Microseconds())/1000, "ms-median")
	b.ReportMetric(float64(mb.Microseconds())/1000, "baseline-ms-median")
	b.ReportMetric(float64(mo)/float64(mb), "x-baseline")
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}
