package main

import (
	"strings"

	"github.com/cognito-mcp/cognito-mcp/httpserver"
	"github.com/cognito-mcp/cognito-mcp/internal/envflag"
)

// authTokenEnv carries the bearer token. It has no flag twin: a flag's value
// shows in ps and in shell history.
const authTokenEnv = httpserver.TokenEnv

// registerHTTP adds the HTTP flags, each with its COGNITO_MCP_* variable and
// httpserver's default, and reads the token variable into c.Token.
func registerHTTP(c *httpserver.Config, f *envflag.Set) {
	d := httpserver.DefaultConfig()
	f.String(&c.Addr, "http", "", "serve MCP over HTTP on `host:port` (Streamable HTTP at /mcp, SSE at /sse) instead of stdio")
	f.Strings(&c.AllowOrigins, "allow-origin", "also accept this browser `origin` (scheme://host[:port]); repeatable; loopback origins are always accepted")
	f.Strings(&c.AllowHosts, "allow-host", "also accept this Host header (`name` or name:port), e.g. a reverse proxy's public name; repeatable")
	f.String(&c.TokenFile, "auth-token-file", "", "require `file`'s contents as a bearer token on /mcp, /sse and /message (or set "+authTokenEnv+")")
	f.Bool(&c.InsecureNoAuth, "insecure-no-auth", false, "allow listening on a non-loopback address without a bearer token")
	f.Bool(&c.Stateless, "stateless", false, "serve Streamable HTTP without sessions, for replicas behind a load balancer (no server-to-client notifications)")
	f.Duration(&c.ShutdownTimeout, "shutdown-timeout", d.ShutdownTimeout, "on SIGINT/SIGTERM, how long in-flight calls may take to finish")
	f.Int(&c.MaxBodyBytes, "max-body-bytes", d.MaxBodyBytes, "largest request body accepted, in `bytes`")
	f.Int(&c.MaxInflightBodyBytes, "max-inflight-body-bytes", d.MaxInflightBodyBytes, "most `bytes` of request bodies held at once, across requests; one that finds no room waits up to 5s, then gets 503 with Retry-After")
	f.Duration(&c.KeepAlive, "sse-keepalive", d.KeepAlive, "interval between keep-alive pings on open event streams; 0 turns them off")
	f.Duration(&c.ReadTimeout, "read-timeout", d.ReadTimeout, "time allowed to read a request's headers, and then its body")
	f.Duration(&c.WriteTimeout, "write-timeout", d.WriteTimeout, "time allowed for each write to a client (event streams stay open)")
	f.Duration(&c.IdleTimeout, "idle-timeout", d.IdleTimeout, "how long an idle keep-alive connection stays open")
	f.Duration(&c.SessionIdleTimeout, "session-idle-timeout", d.SessionIdleTimeout, "forget a Streamable HTTP session unused for this long; 0 keeps sessions until the client ends them")
	f.Int(&c.MaxSessions, "max-sessions", d.MaxSessions, "most Streamable HTTP sessions kept at once; a new one evicts the least recently used idle one, and is refused when all are busy")
	c.Token = strings.TrimSpace(f.Getenv(authTokenEnv))
}
