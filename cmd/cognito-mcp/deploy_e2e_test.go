package main

import (
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client/transport"

	"github.com/cognito-mcp/cognito-mcp/internal/peers"
)

// TestREADMEDeployment runs the README's two PostgreSQL blocks through sh,
// in the README's order, as written but for what names the production
// machines: db.internal is a throwaway PostgreSQL on 127.0.0.1 serving TLS
// with a certificate of a CA made for the test (given as PGSSLROOTCERT, as
// for any private CA), cognito_mcp is the cluster's user and database
// (postgres), the `...` are its password and a token, and 0.0.0.0:8080 is a
// free port of 127.0.0.1, since the tests bind nothing else. First `sources
// export` of the state directory under HOME and `sources import` into the
// database; then the replica command, which must serve the imported source,
// say on /healthz that its database is ok, and answer a client without the
// token 401. Without the CA the same replica command must fail to start:
// sslmode=verify-full verifies the database's certificate.
func TestREADMEDeployment(t *testing.T) {
	t.Parallel()
	pg := peers.StartPostgresTLS(t)
	home := t.TempDir()
	env := baseEnv(t,
		"HOME="+home,
		"PATH="+filepath.Dir(binPath)+string(os.PathListSeparator)+os.Getenv("PATH"),
	)
	withCA := append(env[:len(env):len(env)], "PGSSLROOTCERT="+pg.RootCert)

	// A source added to the default state directory of the README's export.
	_, ps := startOnDir(t, 1, filepath.Join(home, ".local", "state", "cognito-mcp"))
	mustAdd(t, ps[0], "moved", petstoreText(t))

	move := readmeBlockWith(t, "cognito-mcp sources export")
	move = replaceOnce(t, move, "postgres://cognito_mcp@db.internal/cognito_mcp", pg.URL)
	move = replaceOnce(t, move, "PGPASSWORD=...", "PGPASSWORD="+shQuote(pg.Password))
	sh := exec.Command("sh", "-c", move)
	sh.Dir, sh.Env = t.TempDir(), withCA
	if out, err := sh.CombinedOutput(); err != nil || !strings.Contains(string(out), "imported 1 sources") {
		t.Fatalf("the README's export and import: %v\n%s", err, out)
	}

	token := authToken(t)
	addr := freeLoopbackAddr(t)
	replica := readmeBlockWith(t, "--stateless")
	replica = replaceOnce(t, replica, "export PGPASSWORD=...", "export PGPASSWORD="+shQuote(pg.Password))
	replica = replaceOnce(t, replica, "export COGNITO_MCP_AUTH_TOKEN=...", "export COGNITO_MCP_AUTH_TOKEN="+token)
	replica = replaceOnce(t, replica, "0.0.0.0:8080", addr)
	replica = replaceOnce(t, replica, "'postgres://cognito_mcp@db.internal:5432/cognito_mcp?sslmode=verify-full'", shQuote(pg.URL))
	// exec: the shell becomes the server, which then gets the SIGTERM.
	replica = replaceOnce(t, replica, "\ncognito-mcp --http", "\nexec cognito-mcp --http")

	t.Run("without the CA", func(t *testing.T) {
		cmd := exec.Command("sh", "-c", replica)
		cmd.Env = env
		done := make(chan error, 1)
		out := &syncBuffer{}
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(out.String(), "certificate") {
				t.Errorf("without PGSSLROOTCERT the replica exited with %v, want a certificate error:\n%s", err, out.String())
			}
		case <-time.After(httpStartTimeout + 30*time.Second):
			cmd.Process.Kill()
			<-done
			t.Errorf("without PGSSLROOTCERT the replica still runs:\n%s", out.String())
		}
	})

	cmd := exec.Command("sh", "-c", replica)
	cmd.Env = withCA
	srv := &httpBinary{base: "http://" + addr, out: &syncBuffer{}}
	cmd.Stdout, cmd.Stderr = srv.out, srv.out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	if err := srv.waitHealthy(done); err != nil {
		t.Fatalf("the README's replica command: %v\n%s", err, srv.out.String())
	}
	t.Cleanup(func() { srv.stop(t, cmd, done) })

	var health struct {
		Status string `json:"status"`
		Store  struct {
			Kind string `json:"kind"`
			OK   bool   `json:"ok"`
		} `json:"store"`
	}
	resp, err := http.Get(srv.base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	err = json.NewDecoder(resp.Body).Decode(&health)
	resp.Body.Close()
	if err != nil || health.Status != "ok" || health.Store.Kind != "postgres" || !health.Store.OK {
		t.Errorf("/healthz: %+v (%v), want status ok and an ok postgres store", health, err)
	}

	status, _, _ := rawPost(t, http.DefaultClient, srv.base, `{"jsonrpc":"2.0","id":1,"method":"ping"}`, nil)
	if status != http.StatusUnauthorized {
		t.Errorf("a request without the token: HTTP %d, want 401", status)
	}

	c := dialHTTP(t, srv.base, srv.out, transport.WithHTTPHeaders(map[string]string{"Authorization": "Bearer " + token}))
	waitSources(t, []mcpPeer{c}, []string{"moved"})
}
