package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
)

// These tests run several processes of the built binary on one store, as a
// user's hosts do on one state directory and replicas do on one database,
// and check that they stay in step.

// converge is how long processes may take to apply each other's changes
// in these tests; BenchmarkChangePropagation measures how long they take.
const converge = 15 * time.Second

// mcpPeer is one running server as a test client sees it.
type mcpPeer interface {
	ListTools(context.Context, mcp.ListToolsRequest) (*mcp.ListToolsResult, error)
	CallTool(context.Context, mcp.CallToolRequest) (*mcp.CallToolResult, error)
}

// callTool calls name and returns its text and whether it was an error
// result; a protocol error is returned as err.
func callTool(p mcpPeer, name string, args map[string]any) (string, bool, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	req := mcp.CallToolRequest{}
	req.Params.Name = name
	req.Params.Arguments = args
	res, err := p.CallTool(ctx, req)
	if err != nil {
		return "", false, err
	}
	return resultText(res), res.IsError, nil
}

// addedSources lists the namespaces whose tools p lists (all but cognito
// and the control tools), each with its tool count.
func addedSources(p mcpPeer) (map[string]int, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out := map[string]int{}
	var cursor mcp.Cursor
	for range 100 {
		req := mcp.ListToolsRequest{}
		req.Params.Cursor = cursor
		res, err := p.ListTools(ctx, req)
		if err != nil {
			return nil, err
		}
		for _, tl := range res.Tools {
			ns, _, _ := strings.Cut(tl.Name, "_")
			if ns != "cognito" && ns != "openapi" {
				out[ns]++
			}
		}
		if cursor = res.NextCursor; cursor == "" {
			break
		}
	}
	return out, nil
}

// waitSources waits until every peer lists the Petstore's tools under
// exactly the namespaces want, and fails the test if one does not within
// converge.
func waitSources(t *testing.T, peers []mcpPeer, want []string) {
	t.Helper()
	slices.Sort(want)
	deadline := time.Now().Add(converge)
	for i, p := range peers {
		for {
			got, err := addedSources(p)
			ok := err == nil && len(got) == len(want)
			for _, ns := range want {
				ok = ok && got[ns] == 19
			}
			if ok {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("process %d lists %v (%v), want the Petstore under %v", i, got, err, want)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
}

// petstoreText is the Petstore document, added inline.
func petstoreText(t testing.TB) string {
	t.Helper()
	data, err := os.ReadFile(petstoreYAML)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// addInline adds the Petstore under ns through p; it reports the error
// text of a refused add.
func addInline(p mcpPeer, ns, doc string) (string, bool, error) {
	return callTool(p, "openapi_add_source", map[string]any{"namespace": ns, "spec": doc, "baseUrl": "http://127.0.0.1:9/v3"})
}

func mustAdd(t *testing.T, p mcpPeer, ns, doc string) {
	t.Helper()
	text, isErr, err := addInline(p, ns, doc)
	if err != nil || isErr {
		t.Fatalf("add %s: %v %s", ns, err, text)
	}
}

func mustRemove(t *testing.T, p mcpPeer, ns string) {
	t.Helper()
	text, isErr, err := callTool(p, "openapi_remove_source", map[string]any{"namespace": ns})
	if err != nil || isErr {
		t.Fatalf("remove %s: %v %s", ns, err, text)
	}
}

// startOnDir starts n servers on the state directory dir.
func startOnDir(t *testing.T, n int, dir string) ([]*sourcesServer, []mcpPeer) {
	t.Helper()
	var srvs []*sourcesServer
	var ps []mcpPeer
	for range n {
		s := startSources(t, baseEnv(t), "--state-dir", dir)
		srvs = append(srvs, s)
		ps = append(ps, s)
	}
	return srvs, ps
}

func TestFileStoreProcesses(t *testing.T) {
	for _, n := range []int{2, 5} {
		t.Run(fmt.Sprintf("%d processes", n), func(t *testing.T) { testFileStoreProcesses(t, n) })
	}
}

func testFileStoreProcesses(t *testing.T, n int) {
	dir := t.TempDir()
	doc := petstoreText(t)
	srvs, ps := startOnDir(t, n, dir)

	// Sequential: each process adds one source; every process lists it,
	// and every other one tells its client.
	var want []string
	for i, s := range srvs {
		before := make([]int32, n)
		for j, o := range srvs {
			before[j] = o.changed.Load()
		}
		ns := fmt.Sprintf("seq%d", i)
		mustAdd(t, s, ns, doc)
		want = append(want, ns)
		waitSources(t, ps, want)
		for j, o := range srvs {
			if j != i {
				waitCount(t, &o.changed, before[j]+1, fmt.Sprintf("process %d: list_changed for %s added by process %d", j, ns, i))
			}
		}
	}
	// Removes, each made by the process after the one that added.
	for i := range srvs {
		mustRemove(t, srvs[(i+1)%n], fmt.Sprintf("seq%d", i))
	}
	waitSources(t, ps, nil)

	// Concurrent: every process adds two sources and one namespace all
	// try to take; exactly one of those wins, the others are told why.
	var wg sync.WaitGroup
	var wins atomic.Int32
	want = nil
	for i, s := range srvs {
		want = append(want, fmt.Sprintf("con%da", i), fmt.Sprintf("con%db", i))
		wg.Go(func() { mustAdd(t, s, fmt.Sprintf("con%da", i), doc) })
		wg.Go(func() { mustAdd(t, s, fmt.Sprintf("con%db", i), doc) })
		wg.Go(func() {
			text, isErr, err := addInline(s, "same", doc)
			switch {
			case err != nil:
				t.Errorf("add same: %v", err)
			case !isErr:
				wins.Add(1)
			case !strings.Contains(text, "already exists") || !strings.Contains(text, "replace"):
				t.Errorf("add same refused with %q, want it to say the source already exists", text)
			}
		})
	}
	wg.Wait()
	if wins.Load() != 1 {
		t.Errorf("%d adds of one namespace succeeded, want 1", wins.Load())
	}
	waitSources(t, ps, append(slices.Clone(want), "same"))
	for i, s := range srvs {
		wg.Go(func() { mustRemove(t, s, fmt.Sprintf("con%da", i)) })
	}
	wg.Go(func() { mustRemove(t, srvs[0], "same") })
	wg.Wait()
	want = slices.DeleteFunc(want, func(ns string) bool { return strings.HasSuffix(ns, "a") })
	waitSources(t, ps, want)

	// A new process on the directory loads exactly what was acknowledged.
	_, fresh := startOnDir(t, 1, dir)
	waitSources(t, fresh, want)
}

// waitCount waits until c reaches want.
func waitCount(t *testing.T, c *atomic.Int32, want int32, what string) {
	t.Helper()
	deadline := time.Now().Add(converge)
	for c.Load() < want {
		if time.Now().After(deadline) {
			t.Fatalf("%s: none within %s", what, converge)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestFileStoreKillDuringAdd: a process killed with SIGKILL while it adds
// a source leaves the state directory whole: the source is there with its
// documents or not at all, the others keep serving and agree, and a new
// process loads every source with no problem.
func TestFileStoreKillDuringAdd(t *testing.T) {
	dir := t.TempDir()
	doc := petstoreText(t)
	_, ps := startOnDir(t, 2, dir)
	mustAdd(t, ps[0], "kept", doc)
	for i := range 6 {
		victim := startSources(t, baseEnv(t), "--state-dir", dir)
		go addInline(victim, fmt.Sprintf("killed%d", i), doc)
		time.Sleep(time.Duration(i) * 15 * time.Millisecond)
		if err := victim.proc.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
	}
	// Whatever was saved is whole: sources.json reads, and every document
	// it names is there.
	var st struct {
		Sources []struct{ Namespace, Document string }
	}
	data, err := os.ReadFile(filepath.Join(dir, "sources.json"))
	if err != nil || json.Unmarshal(data, &st) != nil {
		t.Fatalf("sources.json after the kills: %v\n%s", err, data)
	}
	var want []string
	for _, s := range st.Sources {
		want = append(want, s.Namespace)
		if _, err := os.Stat(filepath.Join(dir, "documents", s.Document)); err != nil {
			t.Errorf("source %s: %v", s.Namespace, err)
		}
	}
	if !slices.Contains(want, "kept") {
		t.Fatalf("the kills lost a source: %v", want)
	}
	// The survivors agree with the directory, then go on changing it; a
	// temporary file left by a kill is gone after that change.
	waitSources(t, ps, want)
	mustAdd(t, ps[1], "after", doc)
	waitSources(t, ps, append(want, "after"))
	for _, sub := range []string{".", "documents"} {
		des, _ := os.ReadDir(filepath.Join(dir, sub))
		for _, de := range des {
			if strings.Contains(de.Name(), ".tmp-") {
				t.Errorf("temporary file %s left", de.Name())
			}
		}
	}
	fresh := startSources(t, baseEnv(t), "--state-dir", dir)
	waitSources(t, []mcpPeer{fresh}, append(want, "after"))
	if text, _, _ := callTool(fresh, "openapi_list_sources", map[string]any{}); strings.Contains(text, "problem") {
		t.Errorf("a new process reports problems: %s", text)
	}
}

var _ mcpPeer = (*client.Client)(nil)
