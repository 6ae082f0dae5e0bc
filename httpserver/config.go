package httpserver

import (
	"fmt"
	"net"
	"net/netip"
	"os"
	"strings"
	"time"
)

// TokenEnv is the environment variable the command reads the bearer token
// from. Resolve's messages name it; this package never reads it.
const TokenEnv = "COGNITO_MCP_AUTH_TOKEN"

// minTokenLen keeps guessable tokens out; 32 hex digits is the suggestion.
const minTokenLen = 16

// Config is the network side of the server: where it listens, who may talk
// to it, and how long it waits. A zero duration turns its limit off, except
// ShutdownTimeout, where zero cuts calls off at once. DefaultConfig has the
// values the command starts with.
type Config struct {
	Addr           string   // host:port to listen on
	AllowOrigins   []string // extra Origin values, as scheme://host[:port]
	AllowHosts     []string // extra Host values (a reverse proxy's name), host or host:port
	InsecureNoAuth bool     // allow a non-loopback address without a token
	Stateless      bool     // Streamable HTTP without sessions

	// Token is the bearer token every MCP request must carry; "" means
	// none. TokenFile names a file whose trimmed contents are the token
	// instead: Resolve reads it. Set one of the two. The token is never
	// logged.
	Token     string
	TokenFile string

	ShutdownTimeout    time.Duration // how long in-flight calls may take to finish at shutdown
	MaxBodyBytes       int           // largest request body accepted; must be positive
	KeepAlive          time.Duration // SSE keep-alive and Streamable HTTP heartbeat
	ReadTimeout        time.Duration // request headers, then the request body
	WriteTimeout       time.Duration // each write to the client, not the whole response
	IdleTimeout        time.Duration // an idle keep-alive connection
	SessionIdleTimeout time.Duration // an unused Streamable HTTP session; 0 keeps it
	// MaxSessions caps live Streamable HTTP sessions: a new one evicts the
	// least recently used idle one, and is refused (503) when every
	// session has a request or stream open. 0 means DefaultMaxSessions.
	MaxSessions int
	// MaxInflightBodyBytes caps the bytes of request bodies held at once,
	// across all requests, from before a body is read until its request is
	// answered (the memory they take is a few times that). A request that
	// finds no room waits up to 5 s, then is answered 503 with Retry-After.
	// At least MaxBodyBytes; 0 means DefaultMaxInflightBodyBytes.
	MaxInflightBodyBytes int

	// Health, if set, adds fields to the /healthz answer (which anyone
	// may read: nothing secret), and may replace its "status".
	Health func() map[string]any
}

// DefaultConfig is the configuration the command starts from: every limit
// set, no address and no token.
func DefaultConfig() Config {
	return Config{
		ShutdownTimeout:    10 * time.Second,
		MaxBodyBytes:       4 << 20,
		KeepAlive:          30 * time.Second,
		ReadTimeout:        30 * time.Second,
		WriteTimeout:       30 * time.Second,
		IdleTimeout:        120 * time.Second,
		SessionIdleTimeout: 30 * time.Minute,
		MaxSessions:        DefaultMaxSessions,

		MaxInflightBodyBytes: DefaultMaxInflightBodyBytes,
	}
}

// DefaultMaxInflightBodyBytes lets eight bodies of the largest default
// size (4 MB) be read and handled at once, and any number of ordinary
// ones; 100 bodies of 4 MB at once took over 2 GB without a cap.
const DefaultMaxInflightBodyBytes = 32 << 20

// Resolve reads TokenFile into Token and checks that the configuration is
// safe to serve: a token, or a loopback address, or an explicit
// InsecureNoAuth. Once it has read the file it clears TokenFile, so a
// second Resolve (Serve calls it; a caller may call it first, to fail
// early) does not read the file again. Its messages name the command's
// flags.
func (c *Config) Resolve() error {
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return fmt.Errorf("--http %q: want host:port, such as 127.0.0.1:8080", c.Addr)
	}
	switch {
	case c.TokenFile != "" && c.Token != "":
		return fmt.Errorf("both --auth-token-file and %s are set; keep one", TokenEnv)
	case c.TokenFile != "":
		b, err := os.ReadFile(c.TokenFile)
		if err != nil {
			return fmt.Errorf("read --auth-token-file: %w", err)
		}
		token := strings.TrimSpace(string(b))
		if token == "" {
			return fmt.Errorf("--auth-token-file %s is empty; put a token in it (openssl rand -hex 32)", c.TokenFile)
		}
		c.Token, c.TokenFile = token, ""
	}
	if c.Token != "" && len(c.Token) < minTokenLen {
		return fmt.Errorf("the bearer token is shorter than %d characters; use a random one (openssl rand -hex 32)", minTokenLen)
	}
	for _, o := range c.AllowOrigins {
		if _, ok := normalizeOrigin(o); !ok {
			return fmt.Errorf("--allow-origin %q: want scheme://host[:port], such as https://app.example.com", o)
		}
	}
	if c.MaxSessions < 0 {
		return fmt.Errorf("--max-sessions %d: want a positive number", c.MaxSessions)
	}
	if c.MaxBodyBytes <= 0 {
		return fmt.Errorf("--max-body-bytes %d: want a positive size", c.MaxBodyBytes)
	}
	switch {
	case c.MaxInflightBodyBytes < 0:
		return fmt.Errorf("--max-inflight-body-bytes %d: want a positive size", c.MaxInflightBodyBytes)
	case c.MaxInflightBodyBytes > 0 && c.MaxInflightBodyBytes < c.MaxBodyBytes:
		return fmt.Errorf("--max-inflight-body-bytes %d is less than --max-body-bytes %d, so the largest body could never be read; raise it to at least %d", c.MaxInflightBodyBytes, c.MaxBodyBytes, c.MaxBodyBytes)
	}
	if c.Token == "" && !c.InsecureNoAuth && !isLoopbackListen(c.Addr) {
		return fmt.Errorf("--http %s is reachable from other machines and no bearer token is set: "+
			"set --auth-token-file or %s, listen on 127.0.0.1, or pass --insecure-no-auth", c.Addr, TokenEnv)
	}
	return nil
}

// isLoopbackListen reports whether addr binds only loopback interfaces. An
// empty host, 0.0.0.0 and [::] bind every interface; names other than
// localhost are not trusted to stay loopback.
func isLoopbackListen(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil || host == "" {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}
