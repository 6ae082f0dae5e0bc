package httpserver

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestGuardHostAllowed(t *testing.T) {
	tests := []struct {
		name       string
		listen     string   // --http
		bound      string   // the listener's address
		allowHosts []string // --allow-host
		local      string   // the address the client connected to
		host       string   // the Host header
		want       bool
	}{
		{"loopback name", "127.0.0.1:8080", "127.0.0.1:8080", nil, "127.0.0.1:8080", "localhost:8080", true},
		{"loopback ip", "127.0.0.1:8080", "127.0.0.1:8080", nil, "127.0.0.1:8080", "127.0.0.1:8080", true},
		{"ipv6 loopback", "[::1]:8080", "[::1]:8080", nil, "[::1]:8080", "[::1]:8080", true},
		{"upper case", "127.0.0.1:8080", "127.0.0.1:8080", nil, "127.0.0.1:8080", "LOCALHOST:8080", true},
		{"other port", "127.0.0.1:8080", "127.0.0.1:8080", nil, "127.0.0.1:8080", "localhost:9090", false},
		{"no port on 8080", "127.0.0.1:8080", "127.0.0.1:8080", nil, "127.0.0.1:8080", "localhost", false},
		{"no port on 80", "127.0.0.1:80", "127.0.0.1:80", nil, "127.0.0.1:80", "localhost", true},
		{"rebinding name", "127.0.0.1:8080", "127.0.0.1:8080", nil, "127.0.0.1:8080", "attacker.example:8080", false},
		{"empty", "127.0.0.1:8080", "127.0.0.1:8080", nil, "127.0.0.1:8080", "", false},
		{"listen name", "mcp.internal:8080", "10.0.0.5:8080", nil, "10.0.0.5:8080", "mcp.internal:8080", true},
		{"all interfaces, dialed ip", "0.0.0.0:8080", "[::]:8080", nil, "10.0.0.5:8080", "10.0.0.5:8080", true},
		{"all interfaces, other ip", "0.0.0.0:8080", "[::]:8080", nil, "10.0.0.5:8080", "10.0.0.6:8080", false},
		{"all interfaces, a name", "0.0.0.0:8080", "[::]:8080", nil, "10.0.0.5:8080", "mcp.example.com:8080", false},
		{"allowed host any port", "127.0.0.1:8080", "127.0.0.1:8080", []string{"mcp.example.com"}, "127.0.0.1:8080", "mcp.example.com:443", true},
		{"allowed host and port", "127.0.0.1:8080", "127.0.0.1:8080", []string{"mcp.example.com:443"}, "127.0.0.1:8080", "mcp.example.com:443", true},
		{"allowed host, other port", "127.0.0.1:8080", "127.0.0.1:8080", []string{"mcp.example.com:443"}, "127.0.0.1:8080", "mcp.example.com:8443", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			bound, err := net.ResolveTCPAddr("tcp", tc.bound)
			if err != nil {
				t.Fatal(err)
			}
			local, err := net.ResolveTCPAddr("tcp", tc.local)
			if err != nil {
				t.Fatal(err)
			}
			g := newGuard(Config{Addr: tc.listen, AllowHosts: tc.allowHosts}, bound)
			r := httptest.NewRequest(http.MethodGet, "/mcp", nil)
			r.Host = tc.host
			r = r.WithContext(context.WithValue(r.Context(), http.LocalAddrContextKey, net.Addr(local)))
			if got := g.hostAllowed(r); got != tc.want {
				t.Errorf("hostAllowed(%q) = %v, want %v", tc.host, got, tc.want)
			}
		})
	}
}

func TestGuardOriginAllowed(t *testing.T) {
	g := newGuard(Config{Addr: "127.0.0.1:8080", AllowOrigins: []string{"https://App.Example.com:443/", "http://tool.example:3000"}},
		&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8080})
	tests := []struct {
		origin string
		want   bool
	}{
		{"", true},
		{"http://localhost:6274", true},
		{"https://localhost", true},
		{"http://127.0.0.1:3000", true},
		{"http://[::1]:3000", true},
		{"https://app.example.com", true},
		{"https://app.example.com:443", true},
		{"http://tool.example:3000", true},
		{"http://tool.example:3001", false},
		{"http://app.example.com", false},
		{"https://evil.example", false},
		{"http://localhost.evil.example", false},
		{"null", false},
		{"file://", false},
		{"chrome-extension://abcdef", false},
	}
	for _, tc := range tests {
		if got := g.originAllowed(tc.origin); got != tc.want {
			t.Errorf("originAllowed(%q) = %v, want %v", tc.origin, got, tc.want)
		}
	}
}

func TestGuardAuthorized(t *testing.T) {
	g := newGuard(Config{Addr: "127.0.0.1:0", Token: testToken}, &net.TCPAddr{})
	tests := []struct {
		header            string
		wantOK, wantGiven bool
	}{
		{"", false, false},
		{"Bearer " + testToken, true, true},
		{"bearer " + testToken, true, true},
		{"Bearer  " + testToken + " ", true, true},
		{"Bearer " + testToken + "x", false, true},
		{"Bearer", false, false},
		{"Token " + testToken, false, false},
	}
	for _, tc := range tests {
		r := httptest.NewRequest(http.MethodPost, "/mcp", nil)
		if tc.header != "" {
			r.Header.Set("Authorization", tc.header)
		}
		ok, given := g.authorized(r)
		if ok != tc.wantOK || given != tc.wantGiven {
			t.Errorf("authorized(%q) = %v, %v; want %v, %v", tc.header, ok, given, tc.wantOK, tc.wantGiven)
		}
	}
	open := newGuard(Config{Addr: "127.0.0.1:0"}, &net.TCPAddr{})
	if ok, _ := open.authorized(httptest.NewRequest(http.MethodPost, "/mcp", nil)); !ok {
		t.Error("without a token every request is authorized")
	}
}
