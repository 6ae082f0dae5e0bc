package netguard

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
)

// testResolver answers names from a fixed table, as a DNS server would.
func testResolver(names map[string][]string) Resolver {
	return func(_ context.Context, _, host string) ([]netip.Addr, error) {
		addrs, ok := names[host]
		if !ok {
			return nil, errors.New("no such host")
		}
		var out []netip.Addr
		for _, a := range addrs {
			out = append(out, netip.MustParseAddr(a))
		}
		return out, nil
	}
}

// TestMetadataForms: every metadata service, in every notation a URL, a
// proxy or a resolver may accept, is refused; ordinary addresses pass.
func TestMetadataForms(t *testing.T) {
	lookup := testResolver(map[string][]string{
		"imds.example":    {"169.254.169.254"},
		"alibaba.example": {"100.100.100.200"},
		"pod.example":     {"93.184.216.34", "fd00:ec2::23"},
		"ecs.example":     {"::ffff:169.254.170.2"},
		"public.example":  {"93.184.216.34"},
		"local.example":   {"127.0.0.1"},
	})
	for _, tc := range []struct {
		host    string
		refused bool
	}{
		// AWS, Azure, GCP instance metadata.
		{"169.254.169.254", true},
		{"2852039166", true},          // integer
		{"0xa9fea9fe", true},          // hexadecimal
		{"0251.0376.0251.0376", true}, // octal
		{"169.254.43518", true},       // three parts
		{"[::ffff:169.254.169.254]", true},
		{"[::ffff:a9fe:a9fe]", true},
		{"[64:ff9b::a9fe:a9fe]", true}, // NAT64
		{"[fd00:ec2::254]", true},
		{"imds.example", true},
		{"imds.example.", true},
		// Alibaba Cloud.
		{"100.100.100.200", true},
		{"1684301000", true},
		{"[::ffff:100.100.100.200]", true},
		{"alibaba.example", true},
		// EKS Pod Identity agent.
		{"169.254.170.23", true},
		{"2852039191", true},
		{"[fd00:ec2::23]", true},
		{"[::ffff:169.254.170.23]", true},
		{"pod.example", true},
		// ECS task credentials.
		{"169.254.170.2", true},
		{"2852039170", true},
		{"[::ffff:169.254.170.2]", true},
		{"ecs.example", true},
		// Other link-local.
		{"[fe80::1%25eth0]", true},
		{"169.254.0.1", true},
		// Allowed.
		{"127.0.0.1", false},
		{"2130706433", false},
		{"10.0.0.5", false},
		{"100.100.100.201", false},
		{"[::1]", false},
		{"public.example", false},
		{"local.example", false},
	} {
		u, err := url.Parse("http://" + tc.host + "/latest/meta-data/")
		if err != nil {
			t.Fatalf("%s: %v", tc.host, err)
		}
		err = CheckHost(context.Background(), u.Hostname(), lookup)
		if (err != nil) != tc.refused {
			t.Errorf("%s: %v, want refused=%v", tc.host, err, tc.refused)
		}
		if err != nil && !strings.Contains(err.Error(), "instance metadata") {
			t.Errorf("%s: %v does not say why", tc.host, err)
		}
		// The dial-time check agrees on every literal address.
		if ip, perr := netip.ParseAddr(strings.Trim(u.Hostname(), "[]")); perr == nil {
			if got := Control("tcp", netip.AddrPortFrom(ip, 80).String(), nil) != nil; got != tc.refused {
				t.Errorf("Control(%s) refused=%v, want %v", ip, got, tc.refused)
			}
		}
	}
	if err := CheckHost(context.Background(), "unknown.example", lookup); err == nil {
		t.Error("a name that does not resolve passed; it must be refused, since the proxy's answer can't be checked")
	}
}

// TestProxyNeverAskedForBlocked: with a proxy configured, a request for a
// metadata address (literal or a name resolving to one) fails before the
// proxy is contacted; other destinations go through the proxy.
func TestProxyNeverAskedForBlocked(t *testing.T) {
	var seen atomic.Int32
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen.Add(1)
		w.Write([]byte("from the proxy"))
	}))
	defer proxy.Close()
	pu, _ := url.Parse(proxy.URL)
	lookup := testResolver(map[string][]string{"imds.example": {"169.254.169.254"}, "public.example": {"93.184.216.34"}})
	c := &http.Client{Transport: transport(http.ProxyURL(pu), lookup)}
	for _, target := range []string{"http://169.254.169.254/latest/meta-data/", "http://2852039166/", "http://imds.example/", "http://[fd00:ec2::23]/", "http://100.100.100.200/"} {
		resp, err := c.Get(target)
		if err == nil {
			resp.Body.Close()
			t.Errorf("%s: went through the proxy", target)
		} else if !strings.Contains(err.Error(), "instance metadata") {
			t.Errorf("%s: %v does not say why", target, err)
		}
	}
	if n := seen.Load(); n != 0 {
		t.Fatalf("the proxy saw %d requests for blocked destinations", n)
	}
	resp, err := c.Get("http://public.example/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if seen.Load() != 1 {
		t.Error("an allowed destination did not go through the proxy")
	}
}
