package rpcguard

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"testing/iotest"
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

// TestStdioSmallReads: a reader that takes a line in several reads gets
// every byte once, in order, and stdin's error after the last line.
func TestStdioSmallReads(t *testing.T) {
	long := `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"x","arguments":{"a":"` + strings.Repeat("y", 5000) + `"}}}`
	in := long + "\n" + `[1]` + "\n" + `{"jsonrpc":"2.0","method":"notifications/initialized"}` // no final newline
	var stdout bytes.Buffer
	r, _ := Stdio(strings.NewReader(in), &stdout, nil)
	got, err := io.ReadAll(iotest.OneByteReader(r))
	if err != nil {
		t.Fatal(err)
	}
	if want := long + "\n" + `{"jsonrpc":"2.0","method":"notifications/initialized"}`; string(got) != want {
		t.Errorf("the server read %d bytes, want the %d of the two lines let through", len(got), len(want))
	}
	if !strings.Contains(stdout.String(), `"code":-32600`) {
		t.Errorf("stdout %q: want the batch refused", stdout.String())
	}
	if _, err := r.Read(make([]byte, 1)); err != io.EOF {
		t.Errorf("read after the end: %v, want io.EOF", err)
	}
}
