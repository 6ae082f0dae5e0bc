package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/cognito-mcp/cognito-mcp/internal/peers"
)

// replica is the built binary serving --http --stateless on a database.
type replica struct {
	*client.Client
	base string
	cmd  *exec.Cmd
	done chan error
	out  *syncBuffer
}

// startReplica starts a stateless HTTP replica on pg's database, its
// password in PGPASSWORD, and connects a client to it.
func startReplica(t *testing.T, pg *peers.Postgres) *replica {
	t.Helper()
	env := baseEnv(t, "COGNITO_MCP_STORE="+pg.URL, "PGPASSWORD="+pg.Password)
	addr := freeLoopbackAddr(t)
	cmd := exec.Command(binPath, "--http", addr, "--stateless")
	cmd.Env = env
	out := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	r := &replica{base: "http://" + addr, cmd: cmd, done: done, out: out}
	t.Cleanup(func() {
		r.kill()
		if t.Failed() {
			t.Logf("replica %s output:\n%s", addr, out.String())
		}
	})
	hb := &httpBinary{base: r.base, out: out}
	if err := hb.waitHealthy(done); err != nil {
		t.Fatalf("replica: %v\n%s", err, out.String())
	}
	r.Client = dialHTTP(t, r.base, out)
	return r
}

// dialHTTP starts an MCP client on the Streamable HTTP endpoint at base and
// initializes it, with opts (a bearer token...); out is the server's
// output, shown when initialize fails. The client is closed with the test.
func dialHTTP(t *testing.T, base string, out fmt.Stringer, opts ...transport.StreamableHTTPCOption) *client.Client {
	t.Helper()
	c, err := client.NewStreamableHttpClient(base+"/mcp", opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	req := mcp.InitializeRequest{}
	req.Params.ProtocolVersion = protocolPinned
	req.Params.ClientInfo = mcp.Implementation{Name: "cognito-mcp-test", Version: "1"}
	if _, err := c.Initialize(ctx, req); err != nil {
		t.Fatalf("initialize: %v\n%s", err, out.String())
	}
	return c
}

// kill sends SIGKILL and waits for the process.
func (r *replica) kill() {
	if r.cmd.ProcessState == nil {
		r.cmd.Process.Signal(syscall.SIGKILL)
		<-r.done
		r.done <- nil // for a second kill
	}
}

// health is the replica's /healthz answer.
func (r *replica) health(t *testing.T) map[string]any {
	t.Helper()
	resp, err := http.Get(r.base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var h map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&h); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("/healthz: %d %v", resp.StatusCode, err)
	}
	return h
}

func startReplicas(t *testing.T, pg *peers.Postgres, n int) ([]*replica, []mcpPeer) {
	t.Helper()
	rs := make([]*replica, n)
	var wg sync.WaitGroup
	for i := range n { // at once: concurrent first starts migrate once
		wg.Go(func() { rs[i] = startReplica(t, pg) })
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	ps := make([]mcpPeer, n)
	for i, r := range rs {
		ps[i] = r
	}
	return rs, ps
}

// petAPI answers every Petstore call with a pet.
func petAPI(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"id": 7, "name": "rex", "photoUrls": []}`))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestPostgresReplicas(t *testing.T) {
	pg := peers.StartPostgres(t)
	doc := petstoreText(t)
	api := petAPI(t)
	docs := serveDocs(t, map[string]string{"/petstore.yaml": petstoreYAML})

	// Three replicas start at once on an empty database.
	rs, ps := startReplicas(t, pg, 3)
	if h := rs[0].health(t); h["status"] != "ok" || h["store"].(map[string]any)["kind"] != "postgres" || h["store"].(map[string]any)["ok"] != true {
		t.Errorf("/healthz = %v", h)
	}

	// An add on A is listed by B and C; a remove on C disappears from A.
	mustAdd(t, rs[0], "pa", doc)
	waitSources(t, ps, []string{"pa"})
	mustRemove(t, rs[2], "pa")
	waitSources(t, ps, nil)

	// Concurrent adds of one namespace: one wins.
	var wg sync.WaitGroup
	var wins atomic.Int32
	for _, r := range rs {
		wg.Go(func() {
			text, isErr, err := addInline(r, "same", doc)
			switch {
			case err != nil:
				t.Errorf("add same: %v", err)
			case !isErr:
				wins.Add(1)
			case !strings.Contains(text, "already exists"):
				t.Errorf("add same refused with %q", text)
			}
		})
	}
	wg.Wait()
	if wins.Load() != 1 {
		t.Errorf("%d adds of one namespace succeeded, want 1", wins.Load())
	}
	// One source from a URL, called through a real upstream.
	text, isErr, err := callTool(rs[1], "openapi_add_source", map[string]any{"namespace": "api", "spec": docs.URL + "/petstore.yaml", "baseUrl": api.URL})
	if err != nil || isErr {
		t.Fatalf("add api: %v %s", err, text)
	}
	want := []string{"same", "api"}
	waitSources(t, ps, want)

	// A replica killed during adds leaves every source whole or absent.
	for i := range 4 {
		victim := startReplica(t, pg)
		go addInline(victim, fmt.Sprintf("killed%d", i), doc)
		time.Sleep(time.Duration(i) * 20 * time.Millisecond)
		victim.kill()
	}
	saved := dbSources(t, pg)
	if !slices.Contains(saved, "same") || !slices.Contains(saved, "api") {
		t.Fatalf("the kills lost a source: %v", saved)
	}
	want = saved
	waitSources(t, ps, want)

	// The database restarts while the replicas run: calls to existing
	// tools keep working, /healthz says the store is lost, and once it is
	// back the replicas resynchronise, a change made at once included.
	pg.Stop()
	for _, r := range rs {
		text, isErr, err := callTool(r, "api_get_pet_by_id", map[string]any{"petId": 7})
		if err != nil || isErr || !strings.Contains(text, "rex") {
			t.Errorf("call with the database down: %v %s", err, text)
		}
	}
	waitHealth(t, rs[0], "degraded")
	pg.Start()
	addAfterRestart(t, rs[0], "back", doc)
	want = append(want, "back")
	waitSources(t, ps, want)
	waitHealth(t, rs[0], "ok")

	// Every replica restarted with no network reaches the same tools.
	docs.Close()
	for _, r := range rs {
		r.kill()
	}
	_, ps = startReplicas(t, pg, 3)
	waitSources(t, ps, want)
	for _, p := range ps {
		if text, isErr, err := callTool(p, "api_get_pet_by_id", map[string]any{"petId": 7}); err != nil || isErr || !strings.Contains(text, "rex") {
			t.Errorf("call after the restart: %v %s", err, text)
		}
	}
}

// addAfterRestart adds ns through r as soon as the database accepts it.
func addAfterRestart(t *testing.T, r *replica, ns, doc string) {
	t.Helper()
	deadline := time.Now().Add(converge)
	for {
		text, isErr, err := addInline(r, ns, doc)
		if err == nil && !isErr {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("add %s after the database restart: %v %s", ns, err, text)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func waitHealth(t *testing.T, r *replica, status string) {
	t.Helper()
	deadline := time.Now().Add(converge)
	for {
		h := r.health(t)
		if h["status"] == status {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("/healthz = %v, want status %s", h, status)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// dbSources lists the namespaces saved in pg, checking that every
// document each refers to is saved too.
func dbSources(t *testing.T, pg *peers.Postgres) []string {
	t.Helper()
	ctx := context.Background()
	cfg, err := pgx.ParseConfig(pg.URL)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Password = pg.Password
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var missing int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM cognito_mcp_sources s
		WHERE NOT EXISTS (SELECT 1 FROM cognito_mcp_documents d WHERE d.sha256 = s.document)`).Scan(&missing); err != nil || missing != 0 {
		t.Errorf("%d sources without their document (%v)", missing, err)
	}
	rows, _ := conn.Query(ctx, `SELECT namespace FROM cognito_mcp_sources ORDER BY namespace`)
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// TestStoreFlagRefusesPassword: a password written in --store would show
// in the process list; the server refuses it without echoing it.
func TestStoreFlagRefusesPassword(t *testing.T) {
	_, _, err := runCmd(t, nil, "tools", "--store", "postgres://u:hunter2@127.0.0.1:1/db")
	if err == nil || !strings.Contains(err.Error(), "PGPASSWORD") || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("--store with a password: %v", err)
	}
	_, _, err = runCmd(t, nil, "tools", "--store", "mysql://db")
	if err == nil || !strings.Contains(err.Error(), "postgres://") {
		t.Errorf("--store mysql: %v", err)
	}
}

// TestSourcesExportImport moves the sources of a state directory into a
// database with the built binary, as the README says, and a replica on the
// database serves them.
func TestSourcesExportImport(t *testing.T) {
	pg := peers.StartPostgres(t)
	dir := t.TempDir()
	doc := petstoreText(t)
	_, ps := startOnDir(t, 1, dir)
	mustAdd(t, ps[0], "moved", doc)
	mustAdd(t, ps[0], "also", doc)

	export := exec.Command(binPath, "sources", "export", "--state-dir", dir)
	export.Env = baseEnv(t)
	var exported, stderr strings.Builder
	export.Stdout, export.Stderr = &exported, &stderr
	if err := export.Run(); err != nil || !strings.Contains(stderr.String(), "exported 2 sources") {
		t.Fatalf("export: %v\n%s", err, stderr.String())
	}
	if lines := strings.Count(exported.String(), "\n"); lines != 2 {
		t.Errorf("export wrote %d lines, want 2", lines)
	}
	imp := func(args ...string) (string, error) {
		cmd := exec.Command(binPath, append([]string{"sources", "import"}, args...)...)
		cmd.Env = baseEnv(t, "COGNITO_MCP_STORE="+pg.URL, "PGPASSWORD="+pg.Password)
		cmd.Stdin = strings.NewReader(exported.String())
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := imp(); err != nil || !strings.Contains(out, "imported 2 sources") || strings.Contains(out, pg.Password) {
		t.Fatalf("import: %v\n%s", err, out)
	}
	if out, err := imp(); err == nil || !strings.Contains(out, "--replace") {
		t.Errorf("import again: %v\n%s", err, out)
	}
	if out, err := imp("--replace"); err != nil || !strings.Contains(out, "imported 2 sources") {
		t.Errorf("import --replace: %v\n%s", err, out)
	}
	_, rps := startReplicas(t, pg, 1)
	waitSources(t, rps, []string{"moved", "also"})
}
