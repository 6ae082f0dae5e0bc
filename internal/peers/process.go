package peers

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// readyTimeout bounds how long a peer may take to answer its first request.
const readyTimeout = 30 * time.Second

// peer describes a server to start with node on a free 127.0.0.1 port.
type peer struct {
	name    string                                      // for messages: "cognito-local"
	dir     string                                      // working directory
	command func(port int) (args, env []string)         // node arguments and extra environment
	ready   func(ctx context.Context, base string) bool // whether base answers yet
	unset   []string                                    // inherited variables to drop
}

// start runs p until the test ends and returns its base URL. A port taken by
// someone else between choosing and binding it gets one more try on a new port.
func (p peer) start(tb testing.TB) string {
	tb.Helper()
	node := Node(tb)
	for attempt := 1; ; attempt++ {
		port := freePort(tb)
		base := "http://127.0.0.1:" + strconv.Itoa(port)
		args, env := p.command(port)
		proc, err := launch(node, p.dir, args, environ(env, p.unset))
		if err != nil {
			tb.Fatalf("start %s: %v", p.name, err)
		}
		err = proc.waitReady(p, base)
		if err == nil {
			tb.Cleanup(func() {
				proc.stop()
				if tb.Failed() {
					tb.Logf("%s output (last lines):\n%s", p.name, proc.out.String())
				}
			})
			return base
		}
		proc.stop()
		output := proc.out.String()
		if attempt == 1 && strings.Contains(output, "EADDRINUSE") {
			continue
		}
		tb.Fatalf("start %s on %s: %v\n%s output (last lines):\n%s", p.name, base, err, p.name, output)
	}
}

// environ returns this process's environment without the variables named in
// unset or set in extra, followed by extra.
func environ(extra, unset []string) []string {
	drop := map[string]bool{}
	for _, name := range unset {
		drop[name] = true
	}
	for _, kv := range extra {
		name, _, _ := strings.Cut(kv, "=")
		drop[name] = true
	}
	var env []string
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); !drop[name] {
			env = append(env, kv)
		}
	}
	return append(env, extra...)
}

// freePort asks the kernel for a free port on 127.0.0.1 and releases it for the
// peer to bind.
func freePort(tb testing.TB) int {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("find a free port on 127.0.0.1: %v", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// process is a started peer: its own process group, its output's tail, and a
// channel closed when it exits.
type process struct {
	cmd     *exec.Cmd
	out     *tailBuffer
	done    chan struct{}
	waitErr error
	once    sync.Once
}

func launch(node, dir string, args, env []string) (*process, error) {
	cmd := exec.Command(node, args...)
	cmd.Dir = dir
	cmd.Env = env
	out := &tailBuffer{max: 8 << 10}
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &process{cmd: cmd, out: out, done: make(chan struct{})}
	go func() {
		p.waitErr = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// waitReady polls until peer.ready says yes, the process exits, or readyTimeout
// passes.
func (p *process) waitReady(pr peer, base string) error {
	ctx, cancel := context.WithTimeout(context.Background(), readyTimeout)
	defer cancel()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-p.done:
			return fmt.Errorf("exited before answering: %v", p.waitErr)
		case <-ctx.Done():
			return fmt.Errorf("no answer within %s", readyTimeout)
		case <-tick.C:
			if pr.ready(ctx, base) {
				return nil
			}
		}
	}
}

// stop kills the whole process group and waits for the process to be reaped.
func (p *process) stop() {
	p.once.Do(func() {
		if err := syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL); err != nil && !errors.Is(err, syscall.ESRCH) {
			p.cmd.Process.Kill()
		}
		<-p.done
	})
}

// answers reports whether GET url gets an HTTP response for which ok is
// true.
func answers(ctx context.Context, url string, ok func(status int) bool) bool {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return false
	}
	resp, err := (&http.Transport{DisableKeepAlives: true}).RoundTrip(req)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return ok(resp.StatusCode)
}

// tailBuffer keeps the last max bytes written to it; safe for concurrent use.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (b *tailBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	if len(b.buf) > 2*b.max {
		b.buf = append(b.buf[:0], b.buf[len(b.buf)-b.max:]...)
	}
	return len(p), nil
}

func (b *tailBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return tail(b.buf, b.max)
}
