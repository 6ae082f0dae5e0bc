// Command emptyserver is the cold-start baseline: an mcp-go stdio server with
// no tools, so a benchmark can tell our start-up cost from the process's and
// the protocol library's.
package main

import (
	"context"
	"os"

	"github.com/mark3labs/mcp-go/server"
)

func main() {
	s := server.NewMCPServer("empty", "1", server.WithToolCapabilities(true))
	_ = server.NewStdioServer(s).Listen(context.Background(), os.Stdin, os.Stdout)
}
