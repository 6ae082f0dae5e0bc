package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cognito-mcp/cognito-mcp/internal/peers"
)

// agent drives one server as an agent would and counts what the model
// reads and writes: tools/list once, then each request (tool name and
// arguments as JSON) and each result's text.
type agent struct {
	srv                *stdioServer
	list, write, reads int
	calls              int
}

func newAgent(b *testing.B, srv *stdioServer) *agent {
	raw, _ := srv.rawToolsList(b)
	return &agent{srv: srv, list: len(raw)}
}

// call sends one request and returns its result, which must succeed.
func (a *agent) call(b *testing.B, name string, args map[string]any) map[string]any {
	b.Helper()
	req, err := json.Marshal(map[string]any{"name": name, "arguments": args})
	if err != nil {
		b.Fatal(err)
	}
	res := a.srv.call(b, name, args)
	a.write += len(req)
	a.reads += len(toolText(res))
	a.calls++
	if res.IsError {
		b.Fatalf("%s: %s", name, toolText(res))
	}
	out, _ := jsonObject(res.StructuredContent)
	return out
}

// op calls a Cognito operation the way the mode offers it: directly in
// full mode, through openapi_call_tool in search mode.
func (a *agent) op(b *testing.B, mode, operation string, args map[string]any) map[string]any {
	if mode == "search" {
		return a.call(b, "openapi_call_tool", map[string]any{"name": toolName(operation), "arguments": args})
	}
	return a.call(b, toolName(operation), args)
}

// learn is what an agent does before using an operation it has not seen:
// nothing in full mode (tools/list holds it), a search and a describe in
// search and code mode.
func (a *agent) learn(b *testing.B, mode, query, operation string) {
	if mode == "full" {
		return
	}
	a.call(b, "openapi_search_tools", map[string]any{"query": query, "limit": 3})
	a.call(b, "openapi_describe_tool", map[string]any{"name": toolName(operation)})
}

func (a *agent) total() int { return a.list + a.write + a.reads }

// contextTask is one scripted agent task: setup makes a fresh pool and
// returns its id; run performs the task in a mode and returns its answer.
type contextTask struct {
	name  string
	setup func(b *testing.B, emu emulator) string
	run   func(b *testing.B, a *agent, mode, pool string) any
}

var contextTasks = []contextTask{
	{
		name: "bulk-disable",
		setup: func(b *testing.B, emu emulator) string {
			pool := str(emu.must(b, "CreateUserPool", map[string]any{"PoolName": "bench-disable"}), "UserPool", "Id")
			for i := range 30 {
				domain := "example.org"
				if i%3 == 0 {
					domain = "example.com"
				}
				emu.must(b, "AdminCreateUser", map[string]any{"UserPoolId": pool, "Username": fmt.Sprintf("user%02d", i), "MessageAction": "SUPPRESS",
					"UserAttributes": []any{map[string]any{"Name": "email", "Value": fmt.Sprintf("user%d@%s", i, domain)}}})
			}
			return pool
		},
		run: func(b *testing.B, a *agent, mode, pool string) any {
			a.learn(b, mode, "list the users of a pool", "ListUsers")
			a.learn(b, mode, "disable a user", "AdminDisableUser")
			if mode == "code" {
				out := a.call(b, "openapi_execute", map[string]any{"allowWrites": true, "code": fmt.Sprintf(`
const pool = %q, users = [];
let token;
do {
  const page = await tools.cognito.listUsers({UserPoolId: pool, Limit: 60, ...(token ? {PaginationToken: token} : {})});
  users.push(...page.Users);
  token = page.PaginationToken;
} while (token);
const hit = users.filter(u => u.Attributes.some(a => a.Name === "email" && a.Value.endsWith("@example.com")));
for (const u of hit) await tools.cognito.adminDisableUser({UserPoolId: pool, Username: u.Username});
return hit.length;`, pool)})
				return out["value"]
			}
			page := a.op(b, mode, "ListUsers", map[string]any{"UserPoolId": pool, "Limit": 60})
			n := 0
			for _, u := range page["Users"].([]any) {
				if email, _ := attribute(at(u, "Attributes"), "email"); strings.HasSuffix(email, "@example.com") {
					a.op(b, mode, "AdminDisableUser", map[string]any{"UserPoolId": pool, "Username": str(u, "Username")})
					n++
				}
			}
			return float64(n)
		},
	},
	{
		name: "client-without-secret",
		setup: func(b *testing.B, emu emulator) string {
			pool := str(emu.must(b, "CreateUserPool", map[string]any{"PoolName": "bench-clients"}), "UserPool", "Id")
			for i, secret := range []bool{true, true, false, true} {
				emu.must(b, "CreateUserPoolClient", map[string]any{"UserPoolId": pool, "ClientName": fmt.Sprintf("app%d", i), "GenerateSecret": secret})
			}
			return pool
		},
		run: func(b *testing.B, a *agent, mode, pool string) any {
			a.learn(b, mode, "list app clients", "ListUserPoolClients")
			a.learn(b, mode, "describe an app client", "DescribeUserPoolClient")
			if mode == "code" {
				out := a.call(b, "openapi_execute", map[string]any{"code": fmt.Sprintf(`
const {UserPoolClients: list} = await tools.cognito.listUserPoolClients({UserPoolId: %[1]q, MaxResults: 60});
for (const c of list) {
  const {UserPoolClient: d} = await tools.cognito.describeUserPoolClient({UserPoolId: %[1]q, ClientId: c.ClientId});
  if (!d.ClientSecret) return d;
}
return null;`, pool)})
				return str(out, "value", "ClientName")
			}
			list := a.op(b, mode, "ListUserPoolClients", map[string]any{"UserPoolId": pool, "MaxResults": 60})
			for _, c := range list["UserPoolClients"].([]any) {
				d := a.op(b, mode, "DescribeUserPoolClient", map[string]any{"UserPoolId": pool, "ClientId": str(c, "ClientId")})
				if at(d, "UserPoolClient", "ClientSecret") == nil {
					return str(d, "UserPoolClient", "ClientName")
				}
			}
			return nil
		},
	},
	{
		name: "mfa-off",
		setup: func(b *testing.B, emu emulator) string {
			pool := str(emu.must(b, "CreateUserPool", map[string]any{"PoolName": "bench-mfa"}), "UserPool", "Id")
			for i := range 10 {
				emu.must(b, "AdminCreateUser", map[string]any{"UserPoolId": pool, "Username": fmt.Sprintf("member%d", i), "MessageAction": "SUPPRESS"})
			}
			return pool
		},
		run: func(b *testing.B, a *agent, mode, pool string) any {
			a.learn(b, mode, "list the users of a pool", "ListUsers")
			a.learn(b, mode, "get a user's MFA settings", "AdminGetUser")
			if mode == "code" {
				out := a.call(b, "openapi_execute", map[string]any{"code": fmt.Sprintf(`
const {Users} = await tools.cognito.listUsers({UserPoolId: %[1]q, Limit: 60});
const off = [];
for (const u of Users) {
  const g = await tools.cognito.adminGetUser({UserPoolId: %[1]q, Username: u.Username});
  if (!(g.UserMFASettingList || []).length) off.push(u.Username);
}
return off;`, pool)})
				v, _ := out["value"].([]any)
				return float64(len(v))
			}
			page := a.op(b, mode, "ListUsers", map[string]any{"UserPoolId": pool, "Limit": 60})
			off := 0
			for _, u := range page["Users"].([]any) {
				g := a.op(b, mode, "AdminGetUser", map[string]any{"UserPoolId": pool, "Username": str(u, "Username")})
				if l, _ := g["UserMFASettingList"].([]any); len(l) == 0 {
					off++
				}
			}
			return float64(off)
		},
	},
}

// BenchmarkAgentContext runs three agent tasks against cognito-local in
// full, search and code mode and reports the bytes the model reads and
// writes in each: tools/list, the requests it sends (name and arguments)
// and the result texts it reads. The answers must agree across modes.
//
//	go test ./cmd/cognito-mcp -run '^$' -bench AgentContext -benchtime 1x
func BenchmarkAgentContext(b *testing.B) {
	local := peers.StartCognitoLocal(b)
	emu := emulator{local}
	env := baseEnv(b, "AWS_ACCESS_KEY_ID="+testAccessKeyID, "AWS_SECRET_ACCESS_KEY="+testSecretAccessKey)
	servers := map[string]*stdioServer{}
	for _, mode := range []string{"full", "search", "code"} {
		servers[mode] = startStdio(b, protocolPinned, env, "--endpoint-url", local, "--region", "us-east-1", "--catalog", mode)
	}
	for b.Loop() {
		for _, task := range contextTasks {
			var answers []string
			for _, mode := range []string{"full", "search", "code"} {
				pool := task.setup(b, emu)
				a := newAgent(b, servers[mode])
				answers = append(answers, fmt.Sprint(task.run(b, a, mode, pool)))
				// Printed rather than logged: benchmark logs keep 10 lines.
				fmt.Printf("%-22s %-6s tools/list %7d  requests %6d  results %7d  total %7d bytes  (%d calls)\n",
					task.name, mode, a.list, a.write, a.reads, a.total(), a.calls)
				b.ReportMetric(float64(a.total()), task.name+"-"+mode+"-B")
			}
			if answers[0] != answers[1] || answers[1] != answers[2] {
				b.Fatalf("%s: answers differ across full, search, code: %v", task.name, answers)
			}
			fmt.Printf("%-22s answer %s\n", task.name, answers[0])
		}
	}
}

// BenchmarkCodeModeOverhead measures against the same cognito-local, in
// the same run: a direct DescribeUserPool call in full mode; an
// openapi_execute that makes no call (sandbox start and the MCP round
// trip); and one that makes 20 sequential calls, whose extra time per call
// against the empty script is a call's cost inside the sandbox.
//
//	go test ./cmd/cognito-mcp -run '^$' -bench CodeModeOverhead -benchtime 20x
func BenchmarkCodeModeOverhead(b *testing.B) {
	local := peers.StartCognitoLocal(b)
	pool := str(emulator{local}.must(b, "CreateUserPool", map[string]any{"PoolName": "bench-overhead"}), "UserPool", "Id")
	env := baseEnv(b, "AWS_ACCESS_KEY_ID="+testAccessKeyID, "AWS_SECRET_ACCESS_KEY="+testSecretAccessKey)
	full := startStdio(b, protocolPinned, env, "--endpoint-url", local, "--region", "us-east-1")
	code := startStdio(b, protocolPinned, env, "--endpoint-url", local, "--region", "us-east-1", "--catalog", "code")
	const calls = 20
	many := fmt.Sprintf(`for (let i = 0; i < %d; i++) await tools.cognito.describeUserPool({UserPoolId: %q}); return 1`, calls, pool)
	// Warm both: the first execute compiles nothing (warmed after
	// tools/list), but the first AWS call loads the configuration.
	okJSON(b, "DescribeUserPool", full.call(b, toolName("DescribeUserPool"), map[string]any{"UserPoolId": pool}))
	code.execute(b, map[string]any{"code": many})
	var direct, empty, scripted, inScript time.Duration
	for b.Loop() {
		start := time.Now()
		for range calls {
			okJSON(b, "DescribeUserPool", full.call(b, toolName("DescribeUserPool"), map[string]any{"UserPoolId": pool}))
		}
		direct += time.Since(start)
		start = time.Now()
		code.execute(b, map[string]any{"code": "return 1"})
		empty += time.Since(start)
		start = time.Now()
		out := code.execute(b, map[string]any{"code": many})
		scripted += time.Since(start)
		inScript += time.Duration(out["callTimeMs"].(float64)) * time.Millisecond
	}
	n := float64(b.N)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / n }
	b.ReportMetric(ms(direct)/calls, "direct-call-ms")
	b.ReportMetric(ms(empty), "execute-empty-ms")
	b.ReportMetric(ms(scripted), "execute-20-calls-ms")
	b.ReportMetric((ms(scripted)-ms(empty))/calls, "script-call-ms")
	b.ReportMetric(ms(inScript)/calls, "script-call-bridge-ms")
}

// BenchmarkConcurrentScripts runs 10 scripts at once through the binary,
// each making 20 Cognito calls and building a 4 MiB string, and reports
// the server's peak RSS against its RSS after start.
//
//	go test ./cmd/cognito-mcp -run '^$' -bench ConcurrentScripts -benchtime 3x
func BenchmarkConcurrentScripts(b *testing.B) {
	local := peers.StartCognitoLocal(b)
	pool := str(emulator{local}.must(b, "CreateUserPool", map[string]any{"PoolName": "bench-rss"}), "UserPool", "Id")
	env := baseEnv(b, "AWS_ACCESS_KEY_ID="+testAccessKeyID, "AWS_SECRET_ACCESS_KEY="+testSecretAccessKey)
	code := startStdio(b, protocolPinned, env, "--endpoint-url", local, "--region", "us-east-1", "--catalog", "code")
	code.execute(b, map[string]any{"code": "return 1"})
	idle := peakRSS(b, code.proc.Process.Pid)
	script := fmt.Sprintf(`let n = 0;
for (let i = 0; i < 20; i++) n += (await tools.cognito.describeUserPool({UserPoolId: %q})).UserPool.Name.length;
const s = "m".repeat(1 << 22);
return n + s.length;`, pool)
	var round time.Duration
	for b.Loop() {
		start := time.Now()
		var wg sync.WaitGroup
		errs := make(chan string, 10)
		for range 10 {
			wg.Go(func() {
				res, err := code.executeRaw(map[string]any{"code": script})
				switch {
				case err != nil:
					errs <- err.Error()
				case res.IsError:
					errs <- toolText(res)
				}
			})
		}
		wg.Wait()
		round += time.Since(start)
		close(errs)
		for e := range errs {
			b.Fatalf("a script failed: %s", e)
		}
	}
	b.ReportMetric(float64(idle)/1024, "idle-RSS-MiB")
	b.ReportMetric(float64(peakRSS(b, code.proc.Process.Pid))/1024, "peak-RSS-MiB")
	b.ReportMetric(round.Seconds()/float64(b.N), "round-s")
}
