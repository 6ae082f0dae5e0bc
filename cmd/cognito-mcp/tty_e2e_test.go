//go:build !windows

package main

import (
	"bufio"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
)

// TestTerminalHint starts the built binary with a pseudo-terminal as stdin,
// as a person typing cognito-mcp in a shell does: it prints the one-line
// hint to stderr and then serves MCP as usual on stdio.
func TestTerminalHint(t *testing.T) {
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatalf("open a pseudo-terminal: %v", err)
	}
	defer ptmx.Close()
	cmd := exec.Command(binPath)
	cmd.Env = baseEnv(t)
	cmd.Stdin = tty
	stderr := &syncBuffer{}
	cmd.Stderr = stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tty.Close() // the child holds its own copy
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-done
		if t.Failed() {
			t.Logf("stderr:\n%s", stderr.String())
		}
	})

	// A line typed on the terminal is a JSON-RPC request like any other.
	if _, err := ptmx.Write([]byte(`{"jsonrpc":"2.0","id":1,"method":"ping"}` + "\n")); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		if sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	select {
	case line := <-lines:
		var resp struct {
			ID     int             `json:"id"`
			Result json.RawMessage `json:"result"`
		}
		if err := json.Unmarshal([]byte(line), &resp); err != nil || resp.ID != 1 || resp.Result == nil {
			t.Fatalf("answer to ping: %q (%v)", line, err)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("no answer to ping typed on the terminal")
	}
	// The hint was written before serving began; stderr reaches the
	// buffer through a pipe copied by another goroutine, so wait for it.
	got := stderr.String()
	for i := 0; i < 600 && !strings.Contains(got, terminalHint); i++ {
		time.Sleep(100 * time.Millisecond)
		got = stderr.String()
	}
	if n := strings.Count(got, terminalHint); n != 1 {
		t.Errorf("stderr has the hint %d times, want once:\n%s", n, got)
	}
	for _, want := range []string{"speaks MCP on stdio", "cognito-mcp tools", "MCP host"} {
		if !strings.Contains(terminalHint, want) {
			t.Errorf("hint lacks %q", want)
		}
	}
	// End of input (Ctrl-D) ends the server cleanly.
	if _, err := ptmx.Write([]byte{4}); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		done <- err // for the cleanup
		if err != nil {
			t.Errorf("server after Ctrl-D: %v", err)
		}
	case <-time.After(60 * time.Second):
		t.Error("server did not stop at end of input")
	}
}

// TestNoHintForHosts: a host starts the server with pipes; stderr then has
// the start-up log (which sources, from where) and no hint.
func TestNoHintForHosts(t *testing.T) {
	s := startStdio(t, "", baseEnv(t))
	if got := len(s.listAll(t)); got == 0 {
		t.Fatal("no tools")
	}
	log := s.stderr.String()
	if strings.Contains(log, terminalHint) {
		t.Errorf("hint printed to a host:\n%s", log)
	}
	for _, want := range []string{`msg="source loaded" namespace=cognito origin=embedded tools=`, `state_dir=`} {
		if !strings.Contains(log, want) {
			t.Errorf("start-up log lacks %q:\n%s", want, log)
		}
	}
	if strings.Contains(log, "temporary directory") {
		t.Errorf("temporary-directory warning with HOME set:\n%s", log)
	}
}

// TestTempStateDirWarning: with neither XDG_STATE_HOME nor HOME the added
// sources go to the temporary directory, and the server says so.
func TestTempStateDirWarning(t *testing.T) {
	var env []string
	for _, kv := range baseEnv(t) {
		if !strings.HasPrefix(kv, "HOME=") && !strings.HasPrefix(kv, "XDG_STATE_HOME=") {
			env = append(env, kv)
		}
	}
	env = append(env, "TMPDIR="+t.TempDir())
	s := startStdio(t, "", env)
	s.listAll(t)
	if log := s.stderr.String(); !strings.Contains(log, "level=WARN") || !strings.Contains(log, "temporary directory") {
		t.Errorf("no warning about the temporary directory:\n%s", log)
	}
}
