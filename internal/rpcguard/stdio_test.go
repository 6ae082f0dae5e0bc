package rpcguard

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

// TestStdio: a refused line is answered on stdout and never reaches the
// server; the other lines reach it unchanged, and stdin's end ends its
// read.
func TestStdio(t *testing.T) {
	in := strings.Join([]string{
		`{"jsonrpc":"2.0","id":1,"method":"tools/list"}`,
		`[{"jsonrpc":"2.0","id":2,"method":"tools/list"}]`,
		`{"jsonrpc":"2.0","id":null,"method":"tools/list"}`,
		`{"jsonrpc":"2.0","method":"notifications/initialized"}`,
	}, "\n") + "\n"
	var stdout bytes.Buffer
	r, w := Stdio(strings.NewReader(in), &stdout, nil)
	got, err := io.ReadAll(r) // returns once the guard has read all of stdin
	if err != nil {
		t.Fatal(err)
	}
	want := `{"jsonrpc":"2.0","id":1,"method":"tools/list"}` + "\n" + `{"jsonrpc":"2.0","method":"notifications/initialized"}` + "\n"
	if string(got) != want {
		t.Errorf("the server read %q, want %q", got, want)
	}
	answers := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if len(answers) != 2 {
		t.Fatalf("stdout %q: want two refusals", stdout.String())
	}
	for _, a := range answers {
		if !strings.Contains(a, `"code":-32600`) || !strings.Contains(a, `"id":null`) {
			t.Errorf("refusal %s: want an Invalid Request with a null id", a)
		}
	}
	if _, err := w.Write([]byte("x\n")); err != nil || !strings.HasSuffix(stdout.String(), "}\nx\n") {
		t.Errorf("write through the guard: %v, stdout %q", err, stdout.String())
	}
}
