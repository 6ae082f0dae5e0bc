// Command linkedserver is the cold-start benchmark's second baseline: the
// empty mcp-go stdio server of emptyserver, linked with every package the
// server imports. Their package initializers run as they do in the
// server, and nothing else of theirs: the distance from emptyserver is
// what linking them costs a start, the distance to the server what the
// server does.
package main

import (
	"context"
	"os"

	"github.com/mark3labs/mcp-go/server"

	_ "github.com/cognito-mcp/cognito-mcp/awsconf"
	_ "github.com/cognito-mcp/cognito-mcp/executor"
	_ "github.com/cognito-mcp/cognito-mcp/httpserver"
	_ "github.com/cognito-mcp/cognito-mcp/internal/buildinfo"
	_ "github.com/cognito-mcp/cognito-mcp/internal/envflag"
	_ "github.com/cognito-mcp/cognito-mcp/internal/rpcguard"
	_ "github.com/cognito-mcp/cognito-mcp/internal/startgc"
	_ "github.com/cognito-mcp/cognito-mcp/inventory"
	_ "github.com/cognito-mcp/cognito-mcp/listing"
	_ "github.com/cognito-mcp/cognito-mcp/openapi"
	_ "github.com/cognito-mcp/cognito-mcp/registry"
	_ "github.com/cognito-mcp/cognito-mcp/registry/pgstore"
	_ "github.com/cognito-mcp/cognito-mcp/sourceauth"
	_ "github.com/cognito-mcp/cognito-mcp/tools"
	_ "golang.org/x/term"
)

func main() {
	s := server.NewMCPServer("empty", "1", server.WithToolCapabilities(true))
	_ = server.NewStdioServer(s).Listen(context.Background(), os.Stdin, os.Stdout)
}
