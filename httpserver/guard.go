package httpserver

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
)

// guard holds what every request is checked against: the Host and Origin
// values that may reach the server (DNS-rebinding protection, as the MCP
// transport specification asks), and the bearer token.
type guard struct {
	listenHost string          // from Config.Addr, "" when it binds every interface
	listenPort string          // the port actually bound
	hosts      map[string]bool // AllowHosts entries, lower case, with or without port
	origins    map[string]bool // AllowOrigins entries, normalized
	tokenHash  [sha256.Size]byte
	hasToken   bool
}

func newGuard(cfg Config, bound net.Addr) *guard {
	g := &guard{hosts: map[string]bool{}, origins: map[string]bool{}}
	if host, _, err := net.SplitHostPort(cfg.Addr); err == nil {
		if ip, err := netip.ParseAddr(host); err != nil || !ip.IsUnspecified() {
			g.listenHost = strings.ToLower(host)
		}
	}
	if _, port, err := net.SplitHostPort(bound.String()); err == nil {
		g.listenPort = port
	}
	for _, h := range cfg.AllowHosts {
		g.hosts[strings.ToLower(strings.TrimSpace(h))] = true
	}
	for _, o := range cfg.AllowOrigins {
		if n, ok := normalizeOrigin(o); ok {
			g.origins[n] = true
		}
	}
	if cfg.Token != "" {
		g.tokenHash, g.hasToken = sha256.Sum256([]byte(cfg.Token)), true
	}
	return g
}

// hostAllowed reports whether the Host header names this server: a loopback
// name with the listening port, Config.Addr, the address the client
// connected to, or an AllowHosts entry. A DNS-rebinding page always sends
// its own domain name, which matches none of these.
func (g *guard) hostAllowed(r *http.Request) bool {
	hostport := strings.ToLower(r.Host)
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		host, port = strings.Trim(hostport, "[]"), ""
	}
	if host == "" {
		return false
	}
	if g.hosts[hostport] || g.hosts[host] {
		return true
	}
	if port != g.listenPort && (port != "" || g.listenPort != "80") {
		return false
	}
	if isLoopbackName(host) || host == strings.Trim(g.listenHost, "[]") {
		return true
	}
	if local, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr); ok {
		if lh, _, err := net.SplitHostPort(local.String()); err == nil {
			if a, err1 := netip.ParseAddr(lh); err1 == nil {
				if b, err2 := netip.ParseAddr(host); err2 == nil && a.Unmap() == b.Unmap() {
					return true
				}
			}
		}
	}
	return false
}

// originAllowed reports whether a browser Origin may call the server:
// absent (not a browser), a loopback origin on any port, or an
// AllowOrigins entry. "null" (sandboxed frames, files) is refused.
func (g *guard) originAllowed(origin string) bool {
	if origin == "" {
		return true
	}
	n, ok := normalizeOrigin(origin)
	if !ok {
		return false
	}
	if g.origins[n] {
		return true
	}
	u, _ := url.Parse(n)
	return isLoopbackName(u.Hostname())
}

// normalizeOrigin returns scheme://host[:port] in lower case without a
// default port, or false when s is not an http(s) origin.
func normalizeOrigin(s string) (string, bool) {
	u, err := url.Parse(strings.TrimSuffix(strings.TrimSpace(s), "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		u.User != nil || u.Path != "" || u.RawQuery != "" || u.Fragment != "" {
		return "", false
	}
	host := strings.ToLower(u.Host)
	if p := u.Port(); (u.Scheme == "http" && p == "80") || (u.Scheme == "https" && p == "443") {
		host = strings.TrimSuffix(host, ":"+p)
	}
	return u.Scheme + "://" + host, true
}

func isLoopbackName(host string) bool {
	host = strings.Trim(host, "[]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}

// authorized compares the bearer token in constant time. Hashing both sides
// first keeps the comparison's length fixed, so timing says nothing about
// the token's length either.
func (g *guard) authorized(r *http.Request) (ok, presented bool) {
	if !g.hasToken {
		return true, false
	}
	scheme, token, found := strings.Cut(r.Header.Get("Authorization"), " ")
	if !found || !strings.EqualFold(scheme, "Bearer") {
		return false, false
	}
	got := sha256.Sum256([]byte(strings.TrimSpace(token)))
	return subtle.ConstantTimeCompare(got[:], g.tokenHash[:]) == 1, true
}

// corsHeaders answers for an Origin that passed originAllowed. It returns
// true when r was a preflight and has been answered.
func corsHeaders(w http.ResponseWriter, r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return false
	}
	h := w.Header()
	h.Add("Vary", "Origin")
	h.Set("Access-Control-Allow-Origin", origin)
	h.Set("Access-Control-Expose-Headers", "Mcp-Session-Id, Mcp-Protocol-Version, WWW-Authenticate")
	if r.Method != http.MethodOptions || r.Header.Get("Access-Control-Request-Method") == "" {
		return false
	}
	h.Set("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS")
	h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, Accept, Mcp-Session-Id, Mcp-Protocol-Version, Mcp-Method, Mcp-Name, Last-Event-ID")
	h.Set("Access-Control-Max-Age", "600")
	w.WriteHeader(http.StatusNoContent)
	return true
}

// refuse writes a JSON error body: {"error": code, "message": msg}.
func refuse(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": code, "message": msg})
}

func refuseHost(w http.ResponseWriter, r *http.Request, port string) {
	refuse(w, http.StatusForbidden, "forbidden_host", fmt.Sprintf(
		"Host %q is not this server; connect to localhost:%s or 127.0.0.1:%s, or start the server with --allow-host for a proxy's name",
		r.Host, port, port))
}

func refuseOrigin(w http.ResponseWriter, origin string) {
	refuse(w, http.StatusForbidden, "forbidden_origin", fmt.Sprintf(
		"Origin %q may not call this server; start it with --allow-origin %s to allow that page", origin, origin))
}

func refuseToken(w http.ResponseWriter, presented bool) {
	challenge := `Bearer realm="cognito-mcp"`
	msg := "this server needs a bearer token: send Authorization: Bearer <token>"
	if presented {
		challenge += `, error="invalid_token"`
		msg = "the bearer token is not the one this server was started with"
	}
	w.Header().Set("WWW-Authenticate", challenge)
	refuse(w, http.StatusUnauthorized, "unauthorized", msg)
}
