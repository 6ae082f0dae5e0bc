package netguard

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestControl(t *testing.T) {
	for _, tc := range []struct {
		addr    string
		refused bool
	}{
		{"169.254.169.254:80", true},
		{"169.254.0.1:443", true},
		{"[fe80::1]:80", true},
		{"[fd00:ec2::254]:80", true},
		{"[::ffff:169.254.169.254]:80", true},
		{"127.0.0.1:80", false},
		{"10.0.0.5:443", false},
		{"[::1]:80", false},
		{"93.184.216.34:443", false},
	} {
		err := Control("tcp", tc.addr, nil)
		if (err != nil) != tc.refused {
			t.Errorf("%s: %v, want refused=%v", tc.addr, err, tc.refused)
		}
		if err != nil && !strings.Contains(err.Error(), "link-local") {
			t.Errorf("%s: %v does not say why", tc.addr, err)
		}
	}
}

// TestTransport: loopback works through the guarded transport; the metadata
// address is refused before any packet is sent.
func TestTransport(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }))
	defer srv.Close()
	c := &http.Client{Transport: Transport()}
	resp, err := c.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, "http://169.254.169.254/latest/meta-data/", nil)
	if _, err := c.Do(req); err == nil || !strings.Contains(err.Error(), "instance metadata") {
		t.Fatalf("metadata request: %v, want refused", err)
	}
}
