package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/cognito-mcp/cognito-mcp/internal/peers"
)

// protocolModern is the newest protocol revision: no initialize, the
// server/discover probe, and notifications only on subscriptions/listen.
const protocolModern = "2026-07-28"

// TestInteropClientV2 runs the TypeScript SDK v2 client
// (@modelcontextprotocol/client) over stdio, stateful Streamable HTTP and
// --stateless Streamable HTTP, in the 2025 era (initialize) and the
// 2026-07-28 era (server/discover, subscriptions/listen). Each run lists
// every tool across pages, creates and lists user pools in cognito-local
// (MaxResults sent as the string "10", as some hosts send integers), and
// adds a source: where the server has a session the client gets
// notifications/tools/list_changed (in the modern era through its
// subscriptions/listen stream) and then sees the new tools.
func TestInteropClientV2(t *testing.T) {
	peer := startInteropPeer(t)
	type run struct {
		transport string // stdio, http
		stateless bool
		era       string // legacy, modern
	}
	var runs []run
	for _, era := range []string{"legacy", "modern"} {
		runs = append(runs, run{"stdio", false, era}, run{"http", false, era}, run{"http", true, era})
	}
	for _, r := range runs {
		name := r.transport + "-" + r.era
		if r.stateless {
			name = "stateless-" + r.era
		}
		t.Run(name, func(t *testing.T) {
			env := peer.env(t)
			args := peer.args
			if r.stateless {
				args = append(slices.Clone(args), "--stateless")
			}
			pool := "interop-v2-" + name
			add := addPetstoreCall(t)
			add.WaitListChanged = !r.stateless // no session: nothing to notify on
			scenario := peers.ClientScenario{
				Env: clientEnv(env),
				Calls: []peers.ClientCall{
					{Name: "cognito_create_user_pool", Arguments: map[string]any{"PoolName": pool}},
					{Name: "cognito_list_user_pools", Arguments: map[string]any{"MaxResults": "10"}},
					add,
				},
			}
			got := peers.RunMCPClientV2(t, r.era, scenario, transportArgs(t, r.transport, env, args...)...)
			if len(got.Errors) > 0 {
				t.Fatalf("client errors: %q", got.Errors)
			}
			wantProtocol := protocolPinned
			if r.era == "modern" {
				wantProtocol = protocolModern
			}
			if got.ProtocolVersion != wantProtocol {
				t.Errorf("protocol version %q, want %q", got.ProtocolVersion, wantProtocol)
			}
			if got.ServerInfo["name"] != "cognito-mcp" {
				t.Errorf("serverInfo %v", got.ServerInfo)
			}
			// The v2 client's listTools follows nextCursor itself (the
			// server pages at interopPageSize), so the script sees one page.
			wantCount := cognitoToolCount + controlToolCount
			if got.Tools == nil || got.Tools.Count != wantCount {
				t.Fatalf("tools/list: %d tools, want %d", toolCount(got.Tools), wantCount)
			}
			if len(got.Calls) != 3 {
				t.Fatalf("%d calls, want 3", len(got.Calls))
			}
			created := decodeCall(t, got.Calls[0])
			if up, _ := created.StructuredContent["UserPool"].(map[string]any); up["Name"] != pool {
				t.Errorf("create_user_pool: UserPool %v, want Name %q", up, pool)
			}
			if names := poolNames(decodeCall(t, got.Calls[1])); !slices.Contains(names, pool) {
				t.Errorf("list_user_pools with MaxResults \"10\": pools %q, want %q among them", names, pool)
			}
			decodeCall(t, got.Calls[2])
			if r.stateless {
				if got.ListChangedCount != 0 {
					t.Errorf("%d notifications/tools/list_changed in stateless mode, want none", got.ListChangedCount)
				}
			} else {
				if !got.Calls[2].ListChanged {
					t.Error("openapi_add_source: no notifications/tools/list_changed")
				}
				if r.era == "modern" && !got.ListenFilter["toolsListChanged"] {
					t.Errorf("subscriptions/listen honoured %v, want toolsListChanged", got.ListenFilter)
				}
			}
			after := got.Calls[2].ToolsAfter
			if want := wantCount + petstoreToolCount; after == nil || after.Count != want {
				t.Fatalf("tools after openapi_add_source: %d, want %d", toolCount(after), want)
			}
			petstore := 0
			for _, n := range after.Names {
				if strings.HasPrefix(n, "petstore_") {
					petstore++
				}
			}
			if petstore != petstoreToolCount {
				t.Errorf("%d petstore_ tools, want %d", petstore, petstoreToolCount)
			}
		})
	}
}

func toolCount(tools *peers.ClientTools) int {
	if tools == nil {
		return -1
	}
	return tools.Count
}
