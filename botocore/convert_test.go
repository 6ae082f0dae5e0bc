package botocore_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/cognito-mcp/cognito-mcp/botocore"
	"github.com/cognito-mcp/cognito-mcp/openapi"
)

var update = flag.Bool("update", false, "rewrite testdata/queue-2024-01-01.openapi.json")

func read(t testing.TB, file string) []byte {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// convertQueue converts the hand-written model of a small queue service.
func convertQueue(t testing.TB) []byte {
	t.Helper()
	doc, err := botocore.Convert(read(t, "testdata/queue-2024-01-01.service-2.json"), read(t, "testdata/queue-2024-01-01.paginators-1.json"))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestConvertGolden pins the whole document of the queue model; -update
// rewrites it.
func TestConvertGolden(t *testing.T) {
	doc := convertQueue(t)
	const golden = "testdata/queue-2024-01-01.openapi.json"
	if *update {
		if err := os.WriteFile(golden, doc, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(doc, read(t, golden)) {
		t.Fatalf("the document differs from %s; if the change is intended, run go test ./botocore -update and review the diff", golden)
	}
}

// TestConvertShape checks the queue document part by part.
func TestConvertShape(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(convertQueue(t), &doc); err != nil {
		t.Fatal(err)
	}
	get := func(path string) any {
		t.Helper()
		var cur any = doc
		for _, seg := range strings.Split(path, "|") {
			switch c := cur.(type) {
			case map[string]any:
				cur = c[seg]
			case []any:
				i := int(seg[0] - '0')
				cur = c[i]
			}
			if cur == nil {
				t.Fatalf("no %s", path)
			}
		}
		return cur
	}
	eq := func(path string, want any) {
		t.Helper()
		got, _ := json.Marshal(get(path))
		w, _ := json.Marshal(want)
		if !bytes.Equal(got, w) {
			t.Errorf("%s = %s, want %s", path, got, w)
		}
	}
	const create = "paths|/#X-Amz-Target=ExampleQueue_20240101.CreateQueue|post"
	eq("openapi", "3.0.0")
	eq("info|title", "Example Queue Service")
	eq("info|x-aws-signing-name", "exqueue")
	eq("servers|0|url", "https://queue.{region}.amazonaws.com")
	eq(create+"|operationId", "CreateQueue")
	eq(create+"|parameters|0|schema|enum", []string{"ExampleQueue_20240101.CreateQueue"})
	eq(create+"|requestBody|content|application/x-amz-json-1.0|schema|$ref", "#/components/schemas/CreateQueueInput")
	eq(create+"|responses|480|description", "QueueExists")
	eq(create+"|responses|481|content|application/x-amz-json-1.0|schema|$ref", "#/components/schemas/Throttled")
	eq("paths|/#X-Amz-Target=ExampleQueue_20240101.CreateQueue|parameters|1|$ref", "#/components/parameters/X-Amz-Date")
	eq("paths|/#X-Amz-Target=ExampleQueue_20240101.DeleteQueue|post|deprecated", true)
	eq("paths|/#X-Amz-Target=ExampleQueue_20240101.DeleteQueue|post|description", "<p>Deletes a queue.</p> <p>Deprecated: Use PurgeQueue.</p>")
	eq("paths|/#X-Amz-Target=ExampleQueue_20240101.ListMessages|post|x-aws-unsigned", true)
	eq("paths|/#X-Amz-Target=ExampleQueue_20240101.ListMessages|post|security", []any{})
	eq("paths|/#X-Amz-Target=ExampleQueue_20240101.ListMessages|post|x-aws-pagination", map[string]any{
		"inputToken": []string{"Marker", "Offset"}, "outputToken": []string{"NextMarker", "NextOffset"},
		"limitKey": "MaxItems", "moreResults": "Truncated", "resultKey": []string{"Messages"},
	})
	eq("components|schemas|CreateQueueInput|title", "CreateQueueInput")
	eq("components|schemas|CreateQueueInput|required", []string{"QueueName", "Kind"})
	eq("components|schemas|CreateQueueInput|properties|Kind", map[string]any{"$ref": "#/components/schemas/QueueKind"})
	eq("components|schemas|CreateQueueInput|properties|Owner|allOf|1", map[string]any{"description": "<p>Who owns it.</p>", "x-sensitive": true})
	eq("components|schemas|CreateQueueInput|properties|Legacy|allOf|1", map[string]any{"description": "<p>Deprecated: Ignored.</p>", "deprecated": true})
	eq("components|schemas|QueueName", map[string]any{"type": "string", "minLength": 1, "maxLength": 80, "pattern": "[A-Za-z0-9_-]+"})
	eq("components|schemas|AttributeValue", map[string]any{"type": "string", "x-sensitive": true})
	eq("components|schemas|Attributes", map[string]any{"type": "object", "additionalProperties": map[string]any{"$ref": "#/components/schemas/AttributeValue"}, "minProperties": 1, "maxProperties": 10})
	eq("components|schemas|Body", map[string]any{"type": "string"})
	eq("components|schemas|Timestamp", map[string]any{"type": "string", "format": "date-time"})
	eq("components|schemas|Long", map[string]any{"type": "integer"})
	eq("components|schemas|Ratio", map[string]any{"type": "number", "minimum": 0.0, "maximum": 1.5})
	eq("components|schemas|Weight", map[string]any{"type": "number", "minimum": 0.5, "deprecated": true})
	eq("components|schemas|StringList|maxItems", 1000)
	eq("components|schemas|Document", map[string]any{"description": "<p>Any JSON.</p>"})
	eq("components|schemas|Target|maxProperties", 1)
	eq("components|schemas|QueueExists|properties|message|$ref", "#/components/schemas/String")
	eq("security", []any{map[string]any{"hmac": []any{}}})
	if strings.Contains(string(convertQueue(t)), `\u003c`) {
		t.Error("HTML is escaped")
	}
	// The exact bound text of the model survives: 0.0 stays 0.0.
	if !bytes.Contains(convertQueue(t), []byte(`"minimum": 0.0`)) {
		t.Error("the bound 0.0 was rewritten")
	}
}

// TestConvertLoads loads the queue document as the server would.
func TestConvertLoads(t *testing.T) {
	cat, err := openapi.Load(convertQueue(t), openapi.Options{Namespace: "queue"})
	if err != nil {
		t.Fatal(err)
	}
	if len(cat.Tools) != 5 || len(cat.Skipped) != 0 {
		t.Fatalf("%d tools, %d skipped", len(cat.Tools), len(cat.Skipped))
	}
	for _, w := range cat.Warnings {
		t.Errorf("warning: %s", w)
	}
	tools := map[string]openapi.Tool{}
	for _, tool := range cat.Tools {
		tools[tool.Title] = tool
		aws := tool.Plan.AWS
		if aws == nil || aws.SigningName != "exqueue" || aws.JSONVersion != "1.0" || aws.Target != "ExampleQueue_20240101."+tool.Title {
			t.Errorf("%s: AWS plan %+v", tool.Title, aws)
		}
		if tool.Plan.Path != "/" || len(tool.Plan.Params) != 0 {
			t.Errorf("%s: path %s, params %+v", tool.Title, tool.Plan.Path, tool.Plan.Params)
		}
	}
	create := tools["CreateQueue"]
	if create.Path != "xAmzTargetExampleQueue20240101CreateQueue.createQueue" || create.Name != "queue_create_queue" {
		t.Errorf("CreateQueue: path %s, name %s", create.Path, create.Name)
	}
	var unsigned []string
	for _, tool := range cat.Tools {
		if tool.Plan.AWS.Unsigned {
			unsigned = append(unsigned, tool.Title)
		}
	}
	if !slices.Equal(unsigned, []string{"ListMessages", "Ping"}) {
		t.Errorf("unsigned %v, want ListMessages (noAuth) and Ping (authtype none); ListQueues may be signed", unsigned)
	}
	if p := tools["ListMessages"].Paging; p == nil || !slices.Equal(p.InputTokens, []string{"Marker", "Offset"}) || p.MoreResults != "Truncated" {
		t.Errorf("ListMessages paging %+v", p)
	}
	if s := create.Sensitive; s == nil || !slices.Equal(s.Args, []string{"Attributes.*", "Owner"}) {
		t.Errorf("CreateQueue sensitive %+v", s)
	}
	if s := tools["ListMessages"].Sensitive; s == nil || !slices.Equal(s.Result, []string{"Messages[].Attributes.*"}) {
		t.Errorf("ListMessages sensitive %+v", s)
	}
	if srv := tools["Ping"].Plan.Servers; len(srv) != 2 || srv[0].URL != "https://status-queue.{region}.amazonaws.com" {
		t.Errorf("Ping servers %+v; want the host prefix status-", srv)
	}
	if srv := create.Plan.Servers; len(srv) != 2 || srv[0].URL != "https://queue.{region}.amazonaws.com" {
		t.Errorf("CreateQueue servers %+v", srv)
	}
	if tools["Ping"].Plan.Body == nil || tools["Ping"].Plan.Body.Props != nil {
		t.Errorf("Ping: body %+v; an operation without input sends {}", tools["Ping"].Plan.Body)
	}
}

func TestConvertErrors(t *testing.T) {
	model := string(read(t, "testdata/queue-2024-01-01.service-2.json"))
	pages := string(read(t, "testdata/queue-2024-01-01.paginators-1.json"))
	for _, tt := range []struct {
		name, model, pages, want string
	}{
		{"not JSON", "openapi: 3.0.0", "", "parse the service model"},
		{"rest-json", strings.NewReplacer(`"protocols": ["json"]`, `"protocols": ["rest-json"]`, `"protocol": "json"`, `"protocol": "rest-json"`).Replace(model), "", `protocol is "rest-json"`},
		{"no target prefix", strings.Replace(model, `"targetPrefix": "ExampleQueue_20240101",`, "", 1), "", "lacks targetPrefix"},
		{"unknown shape", strings.Replace(model, `{"shape": "QueueKind"}`, `{"shape": "Nope"}`, 1), "", `shape "Nope"`},
		{"GET", strings.Replace(model, `"method": "POST"`, `"method": "GET"`, 1), "", "uses GET"},
		{"unknown type", strings.Replace(model, `"type": "blob"`, `"type": "bigdecimal"`, 1), "", `type "bigdecimal"`},
		{"required non-member", strings.Replace(model, `"required": ["QueueName", "Kind"]`, `"required": ["QueueName", "Nope"]`, 1), "", "requires Nope"},
		{"paginator of another service", model, strings.Replace(pages, `"ListQueues"`, `"ListTopics"`, 1), "operation ListTopics"},
		{"token not a member", model, strings.Replace(pages, `"input_token": "NextToken"`, `"input_token": "Next"`, 1), "Next is not a member"},
		{"token counts", model, strings.Replace(pages, `"output_token": ["NextMarker", "NextOffset"]`, `"output_token": "NextMarker"`, 1), "as many output tokens"},
		{"paginators not JSON", model, "{", "parse the paginators"},
		{"host label", strings.Replace(model, `"hostPrefix": "status-"`, `"hostPrefix": "{QueueUrl}."`, 1), "", "host labels are not supported"},
	} {
		if tt.model == model && tt.pages == "" && tt.name != "not JSON" {
			t.Fatalf("%s: the replacement did not apply", tt.name)
		}
		_, err := botocore.Convert([]byte(tt.model), []byte(tt.pages))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one containing %q", tt.name, err, tt.want)
		}
	}
	if strings.Contains(model, `"rest-json"`) {
		t.Fatal("the queue model must not mention rest-json")
	}
}

// TestConvertNoPaginators: the paginators are optional.
func TestConvertNoPaginators(t *testing.T) {
	doc, err := botocore.Convert(read(t, "testdata/queue-2024-01-01.service-2.json"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(doc, []byte("x-aws-pagination")) {
		t.Error("pagination without paginators")
	}
}
