package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestCollectorRestsFromFirstInit checks, in the built binary's own
// initialization trace, that startgc raises the collector's target before
// the packages that allocate most at initialization run their
// initializers: otherwise a collection runs while the server starts.
func TestCollectorRestsFromFirstInit(t *testing.T) {
	cmd := exec.Command(binPath, "--version")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("--version: %v\n%s", err, stderr.String())
	}
	order := map[string]int{}
	sc := bufio.NewScanner(&stderr)
	for i := 0; sc.Scan(); i++ {
		// init <package> @<start> ms, <clock> ms clock, <bytes> bytes, <n> allocs
		if f := strings.Fields(sc.Text()); len(f) > 1 && f[0] == "init" {
			order[f[1]] = i
		}
	}
	first, ok := order["github.com/cognito-mcp/cognito-mcp/internal/startgc"]
	if !ok {
		t.Fatalf("startgc is not initialized in the binary; trace:\n%s", stderr.String())
	}
	for _, heavy := range []string{
		"github.com/santhosh-tekuri/jsonschema/v6",
		"github.com/aws/aws-sdk-go-v2/service/sso/internal/endpoints",
		"github.com/getkin/kin-openapi/openapi3",
		"github.com/tetratelabs/wazero/internal/engine/wazevo",
	} {
		at, ok := order[heavy]
		if !ok {
			t.Errorf("%s no longer runs an initializer: update this list", heavy)
			continue
		}
		if at < first {
			t.Errorf("%s initializes before startgc: the collector runs during its allocations", heavy)
		}
	}
}
