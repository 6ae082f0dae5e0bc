package peers

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// Postgres is a throwaway PostgreSQL cluster on 127.0.0.1, made by
// StartPostgres. It is stopped and deleted when the test ends.
type Postgres struct {
	// URL is the database's postgres:// URL, without the password.
	URL string
	// Password is the password of the URL's user: pass it as PGPASSWORD.
	Password string
	// RootCert is, for a cluster of StartPostgresTLS, the file of the CA
	// that signed its certificate: pass it as PGSSLROOTCERT.
	RootCert string

	tb   testing.TB
	bin  string
	data string
	port int
	cred *syscall.Credential // nil: run as ourselves
	proc *process
	tls  bool // serve TLS with data/server.crt and data/server.key
}

// postgresUser is the system user the cluster runs as when the tests run
// as root: PostgreSQL refuses to run as root.
const postgresUser = "postgres"

// StartPostgres initdbs a cluster in a new temporary directory, with
// password authentication, and starts it on a free port of 127.0.0.1. It
// fails the test, saying what to install, when the PostgreSQL server
// binaries are missing.
func StartPostgres(tb testing.TB) *Postgres {
	tb.Helper()
	return startPostgres(tb, false)
}

// StartPostgresTLS is StartPostgres serving TLS, with a certificate for
// 127.0.0.1 and localhost signed by a CA made for the cluster (RootCert).
// Its URL asks for sslmode=verify-full, as a production URL should: a
// client must be given RootCert to connect.
func StartPostgresTLS(tb testing.TB) *Postgres {
	tb.Helper()
	return startPostgres(tb, true)
}

func startPostgres(tb testing.TB, withTLS bool) *Postgres {
	tb.Helper()
	bin := postgresBin(tb)
	p := &Postgres{tb: tb, bin: bin, Password: "cognito-mcp-test"}
	dir, err := os.MkdirTemp("", "cognito-mcp-pg-")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	p.data = filepath.Join(dir, "data")
	pwfile := filepath.Join(dir, "pwfile")
	if err := os.WriteFile(pwfile, []byte(p.Password+"\n"), 0o644); err != nil {
		tb.Fatal(err)
	}
	if os.Geteuid() == 0 {
		p.cred = runAs(tb, postgresUser)
		if err := os.Chown(dir, int(p.cred.Uid), int(p.cred.Gid)); err != nil {
			tb.Fatal(err)
		}
	}
	initdb := exec.Command(filepath.Join(bin, "initdb"), "-D", p.data, "-U", "postgres", "--pwfile", pwfile,
		"--auth=scram-sha-256", "--encoding=UTF8", "--locale=C", "--no-sync")
	initdb.Env = append(os.Environ(), "LC_ALL=C")
	initdb.SysProcAttr = &syscall.SysProcAttr{Credential: p.cred}
	if out, err := initdb.CombinedOutput(); err != nil {
		tb.Fatalf("initdb: %v\n%s", err, out)
	}
	p.port = freePort(tb)
	p.URL = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", p.port)
	if withTLS {
		p.tls = true
		p.RootCert = filepath.Join(dir, "root.crt")
		writeServerCert(tb, p.RootCert, p.data, p.cred)
		p.URL = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=verify-full", p.port)
	}
	p.Start()
	tb.Cleanup(p.Stop)
	return p
}

// postgresBin finds the directory of initdb and postgres.
func postgresBin(tb testing.TB) string {
	tb.Helper()
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	slices.SortFunc(dirs, func(a, b string) int {
		va, _ := strconv.Atoi(filepath.Base(filepath.Dir(a)))
		vb, _ := strconv.Atoi(filepath.Base(filepath.Dir(b)))
		return vb - va
	})
	if p, err := exec.LookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			dirs = append(dirs, filepath.Dir(real))
		}
	}
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "postgres")); err != nil {
			continue
		}
		if _, err := os.Stat(filepath.Join(d, "pg_isready")); err == nil {
			return d
		}
	}
	tb.Fatal("the PostgreSQL server binaries (initdb, postgres) are not installed: install them, e.g. apt-get install -y postgresql")
	return ""
}

// runAs is the credential of the system user name, which must exist.
func runAs(tb testing.TB, name string) *syscall.Credential {
	tb.Helper()
	u, err := user.Lookup(name)
	if err != nil {
		tb.Fatalf("the tests run as root and PostgreSQL refuses to: create the system user %q (apt-get install -y postgresql creates it): %v", name, err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
}

// Start starts the server (again, after Stop) and waits until it accepts
// connections.
func (p *Postgres) Start() {
	p.tb.Helper()
	args := []string{"-D", p.data, "-p", strconv.Itoa(p.port),
		"-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "fsync=off",
		"-c", "max_connections=200"}
	if p.tls {
		args = append(args, "-c", "ssl=on")
	}
	cmd := exec.Command(filepath.Join(p.bin, "postgres"), args...)
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	out := &tailBuffer{max: 8 << 10}
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Credential: p.cred}
	dieWithTest(cmd.SysProcAttr)
	if err := cmd.Start(); err != nil {
		p.tb.Fatalf("start postgres: %v", err)
	}
	proc := &process{cmd: cmd, out: out, done: make(chan struct{})}
	p.proc = proc
	go func() {
		proc.waitErr = cmd.Wait()
		close(proc.done)
	}()
	deadline := time.Now().Add(readyTimeout)
	for {
		select {
		case <-proc.done:
			p.tb.Fatalf("postgres exited: %v\n%s", proc.waitErr, out.String())
		case <-time.After(50 * time.Millisecond):
		}
		if p.ready() {
			return
		}
		if time.Now().After(deadline) {
			p.tb.Fatalf("postgres did not accept connections within %s\n%s", readyTimeout, out.String())
		}
	}
}

// ready reports whether the server answers a startup message: it logs
// "ready to accept connections" only once the port is open and recovery is
// done, so a TCP connect is not enough; pg_isready knows.
func (p *Postgres) ready() bool {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	d := net.Dialer{}
	c, err := d.DialContext(ctx, "tcp", fmt.Sprintf("127.0.0.1:%d", p.port))
	if err != nil {
		return false
	}
	c.Close()
	check := exec.CommandContext(ctx, filepath.Join(p.bin, "pg_isready"), "-h", "127.0.0.1", "-p", strconv.Itoa(p.port), "-U", "postgres")
	return check.Run() == nil
}

// Stop shuts the server down (fast shutdown: sessions are disconnected)
// and waits for it to exit.
func (p *Postgres) Stop() {
	if p.proc == nil {
		return
	}
	proc := p.proc
	p.proc = nil
	proc.once.Do(func() {
		syscall.Kill(proc.cmd.Process.Pid, syscall.SIGINT)
		select {
		case <-proc.done:
		case <-time.After(30 * time.Second):
			syscall.Kill(-proc.cmd.Process.Pid, syscall.SIGKILL)
			<-proc.done
		}
	})
}
