package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/cognito-mcp/cognito-mcp/internal/peers"
	"github.com/cognito-mcp/cognito-mcp/registry"
	"github.com/cognito-mcp/cognito-mcp/registry/pgstore"
)

// BenchmarkChangePropagation measures how long a change made by one
// process takes to reach another on the same store: from the request
// openapi_add_source (or remove_source, alternately) sent to process A to
// the notifications/tools/list_changed that process B sends its client,
// having loaded the change (b-ms). The same-run baseline is A's own answer
// to the request (ack-ms): B can be told before A's answer arrives. Both
// are stdio servers; on PostgreSQL each has its own catalog cache, so B
// parses the added Petstore itself.
//
//	go test ./cmd/cognito-mcp -run '^$' -bench ChangePropagation -benchtime 100x
func BenchmarkChangePropagation(b *testing.B) {
	b.Run("file", func(b *testing.B) {
		dir := b.TempDir()
		benchPropagation(b, []string{"--state-dir", dir}, baseEnv(b), baseEnv(b))
	})
	b.Run("postgres", func(b *testing.B) {
		pg := peers.StartPostgres(b)
		env := func() []string { return baseEnv(b, "COGNITO_MCP_STORE="+pg.URL, "PGPASSWORD="+pg.Password) }
		benchPropagation(b, nil, env(), env())
	})
}

func benchPropagation(b *testing.B, args, envA, envB []string) {
	doc := petstoreText(b)
	a := startStdio(b, protocolPinned, envA, args...)
	bs := startStdio(b, protocolPinned, envB, args...)
	told := make(chan time.Time, 16)
	bs.OnNotification(func(n mcp.JSONRPCNotification) {
		if n.Method == mcp.MethodNotificationToolsListChanged {
			told <- time.Now()
		}
	})
	if err := bs.Start(context.Background()); err != nil {
		b.Fatal(err)
	}
	var lat, ack []time.Duration
	added := false
	for b.Loop() {
		var text string
		var isErr bool
		var err error
		start := time.Now()
		if added {
			text, isErr, err = callTool(a, "openapi_remove_source", map[string]any{"namespace": "moving"})
		} else {
			text, isErr, err = addInline(a, "moving", doc)
		}
		ack = append(ack, time.Since(start))
		if err != nil || isErr {
			b.Fatalf("change on A: %v %s", err, text)
		}
		added = !added
		select {
		case at := <-told:
			lat = append(lat, at.Sub(start))
		case <-time.After(30 * time.Second):
			b.Fatal("B sent no list_changed")
		}
	}
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	for name, ds := range map[string][]time.Duration{"b": lat, "ack": ack} {
		slices.Sort(ds)
		b.ReportMetric(ms(ds[len(ds)/2]), name+"-p50-ms")
		b.ReportMetric(ms(ds[(len(ds)*99)/100]), name+"-p99-ms")
	}
}

// BenchmarkStartSavedSources measures start-up to the first tools/list
// answer (the wire time of BenchmarkColdStart) with 20 saved sources,
// GitHub's REST description and 19 Petstores, on each store, with the
// catalog cache empty (cold) and filled by the run before (warm). The
// baseline is the same start with no saved source, in the same run.
//
//	go test ./cmd/cognito-mcp -run '^$' -bench StartSavedSources -benchtime 5x
func BenchmarkStartSavedSources(b *testing.B) {
	ctx := context.Background()
	stateDir := b.TempDir()
	savedSources(b, stateDir)
	pg := peers.StartPostgres(b)
	b.Setenv("PGPASSWORD", pg.Password)
	st, err := pgstore.Open(ctx, pg.URL, nil)
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := registry.Export(ctx, registry.NewFileStore(stateDir, nil), &buf); err != nil {
		b.Fatal(err)
	}
	if _, err := registry.Import(ctx, st, &buf, false); err != nil {
		b.Fatal(err)
	}
	st.Close()

	fileCache := filepath.Join(stateDir, "catalogs")
	pgHome := b.TempDir()
	pgCache := filepath.Join(pgHome, "cache")
	emptyDir := b.TempDir()
	envs := map[string][]string{
		"baseline": baseEnv(b, "COGNITO_MCP_STATE_DIR="+emptyDir),
		"file":     baseEnv(b, "COGNITO_MCP_STATE_DIR="+stateDir),
		"postgres": baseEnv(b, "COGNITO_MCP_STORE="+pg.URL, "PGPASSWORD="+pg.Password, "XDG_CACHE_HOME="+pgCache),
	}
	wall, cpu := map[string][]time.Duration{}, map[string][]time.Duration{}
	session := func(name string, env []string) {
		w, c := sessionCost(b, env)
		wall[name], cpu[name] = append(wall[name], w), append(cpu[name], c)
	}
	for b.Loop() {
		session("baseline", envs["baseline"])
		for _, kind := range []string{"file", "postgres"} {
			cache := map[string]string{"file": fileCache, "postgres": pgCache}[kind]
			os.RemoveAll(cache)
			session(kind+"-cold", envs[kind])
			session(kind+"-warm", envs[kind])
		}
	}
	for _, k := range []string{"baseline", "file-cold", "file-warm", "postgres-cold", "postgres-warm"} {
		b.ReportMetric(float64(median(wall[k]).Microseconds())/1000, k+"-ms")
		b.ReportMetric(float64(median(cpu[k]).Microseconds())/1000, k+"-cpu-ms")
	}
}

// sessionCost is wireSession's wall time, and the CPU time (user and
// system) the server process used in all: on a shared machine the wall
// time includes waiting for a core.
func sessionCost(tb testing.TB, env []string) (wall, cpu time.Duration) {
	tb.Helper()
	return wireSessionCost(tb, binPath, env)
}

// savedSources saves GitHub's description and 19 Petstores in dir.
func savedSources(b *testing.B, dir string) {
	ctx := context.Background()
	reg, err := registry.New(ctx, registry.Options{Dir: dir})
	if err != nil {
		b.Fatal(err)
	}
	gh, err := os.ReadFile(peers.GitHubOpenAPI(b))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := reg.Add(ctx, registry.AddRequest{Namespace: "github", Spec: string(gh)}); err != nil {
		b.Fatal(err)
	}
	doc := petstoreText(b)
	for i := range 19 {
		if _, err := reg.Add(ctx, registry.AddRequest{Namespace: "pets" + string(rune('a'+i)), Spec: doc, BaseURL: "http://127.0.0.1:9/v3"}); err != nil {
			b.Fatal(err)
		}
	}
}
