package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cognito-mcp/cognito-mcp/botocore"
)

const (
	model = "../../botocore/testdata/queue-2024-01-01.service-2.json"
	pages = "../../botocore/testdata/queue-2024-01-01.paginators-1.json"
)

func TestRun(t *testing.T) {
	m, err := os.ReadFile(model)
	if err != nil {
		t.Fatal(err)
	}
	p, err := os.ReadFile(pages)
	if err != nil {
		t.Fatal(err)
	}
	want, err := botocore.Convert(m, p)
	if err != nil {
		t.Fatal(err)
	}

	out := filepath.Join(t.TempDir(), "queue.openapi.json")
	var stdout, stderr bytes.Buffer
	if err := run([]string{"-model", model, "-paginators", pages, "-output", out}, &stdout, &stderr); err != nil {
		t.Fatalf("run: %v (stderr %s)", err, &stderr)
	}
	if got, err := os.ReadFile(out); err != nil || !bytes.Equal(got, want) {
		t.Fatalf("the output file is not the converted document (read error %v)", err)
	}
	if stdout.Len() != 0 {
		t.Errorf("stdout %q with -output", &stdout)
	}

	stdout.Reset()
	if err := run([]string{"-model", model, "-paginators", pages}, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(stdout.Bytes(), want) {
		t.Error("without -output the document does not go to stdout")
	}
}

func TestRunErrors(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{nil, "pass -model FILE"},
		{[]string{"-model", model, "extra"}, "pass -model FILE"},
		{[]string{"-model", "testdata-missing.json"}, "testdata-missing.json"},
		{[]string{"-model", pages}, "only AWS JSON"},
	} {
		var stdout, stderr bytes.Buffer
		err := run(tt.args, &stdout, &stderr)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("run(%q): %v, want an error containing %q", tt.args, err, tt.want)
		}
	}
}
