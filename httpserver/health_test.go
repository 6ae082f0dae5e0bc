package httpserver

import (
	"net/http"
	"strings"
	"testing"
)

// TestHealthHook: Config.Health adds its fields to /healthz, and may say
// the server is degraded; it still needs no token.
func TestHealthHook(t *testing.T) {
	tt := newTestTools(t)
	status := "ok"
	cfg := testConfig(withToken)
	cfg.Health = func() map[string]any {
		out := map[string]any{"store": map[string]any{"kind": "test", "ok": status == "ok"}}
		if status != "ok" {
			out["status"] = status
		}
		return out
	}
	r := startHTTP(t, tt.srv, cfg, nil)
	resp, body := do(t, http.MethodGet, r.base+"/healthz", "", nil)
	if resp.StatusCode != http.StatusOK || strings.TrimSpace(body) != `{"status":"ok","store":{"kind":"test","ok":true}}` {
		t.Errorf("healthz = %d %s", resp.StatusCode, body)
	}
	status = "degraded"
	resp, body = do(t, http.MethodGet, r.base+"/healthz", "", nil)
	if resp.StatusCode != http.StatusOK || strings.TrimSpace(body) != `{"status":"degraded","store":{"kind":"test","ok":false}}` {
		t.Errorf("healthz = %d %s", resp.StatusCode, body)
	}
}
