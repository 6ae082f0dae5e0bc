package codemode

import (
	"bufio"
	"context"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// BenchmarkStart measures one sandbox: instantiate, start QuickJS, run the
// prelude and a script that returns at once.
func BenchmarkStart(b *testing.B) {
	e := newEngine(b, newFakeBridge(), Limits{})
	ctx := context.Background()
	cpu := cpuTime()
	for b.Loop() {
		if _, err := e.Execute(ctx, `return 1`, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64((cpuTime()-cpu).Nanoseconds())/float64(b.N), "cpu-ns/op")
}

// cpuTime is the process's user and system CPU time so far: on a shared
// machine it varies less than wall-clock time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkCall compares a tool call made by a script with the same call made
// on the Bridge from Go; "ns/call" is the figure to compare.
func BenchmarkCall(b *testing.B) {
	const calls = 200
	fb := newFakeBridge()
	ctx := context.Background()
	b.Run("script", func(b *testing.B) {
		e := newEngine(b, fb, Limits{MaxCalls: calls})
		code := `for (let i = 0; i < ` + strconv.Itoa(calls) + `; i++) await tools.pets.echo({UserPoolId: "p", i})`
		// The start of the sandbox is measured by BenchmarkStart; take it out.
		var start time.Duration
		for range 5 {
			res, err := e.Execute(ctx, `return 1`, Options{})
			if err != nil {
				b.Fatal(err)
			}
			start += res.Duration / 5
		}
		b.ResetTimer()
		var total time.Duration
		cpu := cpuTime()
		for b.Loop() {
			res, err := e.Execute(ctx, code, Options{})
			if err != nil {
				b.Fatal(err)
			}
			total += res.Duration - start
		}
		b.ReportMetric(float64(total.Nanoseconds())/float64(b.N*calls), "ns/call")
		b.ReportMetric(float64((cpuTime()-cpu).Nanoseconds())/float64(b.N*calls), "cpu-ns/call")
	})
	b.Run("direct", func(b *testing.B) {
		began, cpu := time.Now(), cpuTime()
		for b.Loop() {
			for i := range calls {
				if _, err := fb.Call(ctx, pathEcho, map[string]any{"UserPoolId": "p", "i": i}); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(time.Since(began).Nanoseconds())/float64(b.N*calls), "ns/call")
		b.ReportMetric(float64((cpuTime()-cpu).Nanoseconds())/float64(b.N*calls), "cpu-ns/call")
	})
}

// BenchmarkConcurrentScripts runs 10 scripts at once, each holding about
// 4 MiB of JavaScript data and making 20 calls, and reports the process's
// peak RSS (Linux only; 0 elsewhere).
func BenchmarkConcurrentScripts(b *testing.B) {
	e := newEngine(b, newFakeBridge(), Limits{MaxScripts: 10})
	ctx := context.Background()
	code := `
		const block = "m".repeat(1 << 22);
		let n = 0;
		for (let i = 0; i < 20; i++) n += (await tools.pets.echo({i})).i;
		return [n, block.length];
	`
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) // reset the peak, where allowed
	for b.Loop() {
		var wg sync.WaitGroup
		for range 10 {
			wg.Go(func() {
				if _, err := e.Execute(ctx, code, Options{}); err != nil {
					b.Error(err)
				}
			})
		}
		wg.Wait()
	}
	b.ReportMetric(float64(peakRSS())/(1<<20), "peak-RSS-MiB")
}

// peakRSS reads VmHWM from /proc/self/status, in bytes.
func peakRSS() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}
