package catalogcodec_test

import (
	"bytes"
	"encoding/gob"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cognito-mcp/cognito-mcp/openapi"
	"github.com/cognito-mcp/cognito-mcp/registry"
	"github.com/cognito-mcp/cognito-mcp/registry/catalogcodec"
)

// every is a catalog with every field set, lists empty and nil side by
// side, and lists that tools share.
func every() *openapi.Catalog {
	servers := []openapi.Server{{URL: "https://{region}.example.com", Description: "regional", Variables: []openapi.ServerVariable{
		{Name: "region", Default: "eu", Enum: []string{"eu", "us"}},
		{Name: "empty", Default: "", Enum: []string{}},
		{Name: "none"},
	}}}
	security := []openapi.SecurityRequirement{{"key": nil, "oauth": {"read", "write"}, "empty": {}}, nil, {}}
	return &openapi.Catalog{
		Title: "Every field", Version: "1.0", Description: "ünïcode\x00and bytes",
		Servers: servers,
		SecuritySchemes: []openapi.SecurityScheme{
			{Name: "key", Type: openapi.SchemeAPIKey, In: "header", Param: "X-Key", Description: "a key"},
			{Name: "oauth", Type: openapi.SchemeOAuth2, TokenURL: "https://auth.example.com/token"},
			{Name: "sigv4", Type: openapi.SchemeHTTP, Scheme: openapi.HTTPBearer, AWSSigV4: true},
		},
		Tools: []openapi.Tool{
			{
				Name: "ns_get_pet", Path: "ns.pet.getPet", Title: "getPet", Description: "Get a pet.",
				InputSchema:  []byte(`{"type":"object"}`),
				OutputSchema: []byte(`{}`),
				Annotations:  openapi.Annotations{ReadOnly: true, Idempotent: true, OpenWorld: true},
				Plan: openapi.Plan{
					OperationID: "getPet", Method: "GET", Path: "/pet/{petId}",
					Params: []openapi.Param{
						{Name: "petId", Arg: "petId", In: openapi.InPath, Required: true, Style: "simple", Type: "integer"},
						{Name: "tags", Arg: "tags", In: openapi.InQuery, Style: "form", Explode: true, Type: "array"},
					},
					Headers:  []openapi.Header{{Name: "X-Fixed", Value: "1"}},
					Servers:  servers,
					Security: security,
				},
				Paging:    &openapi.Paging{InputTokens: []string{"NextToken"}, OutputTokens: []string{"A.B[-1].Id"}, LimitKey: "Limit", ResultKeys: []string{"Pets"}, MoreResults: "More"},
				Sensitive: &openapi.Sensitive{Args: []string{"Password"}, Result: []string{}},
			},
			{
				Name: "ns_add_pet", Path: "ns.pet.addPet", Title: "addPet",
				InputSchema: []byte(`{"type":"object","properties":{"name":{"type":"string"}}}`),
				Annotations: openapi.Annotations{Destructive: true},
				Plan: openapi.Plan{
					Method: "POST", Path: "/",
					Params:   []openapi.Param{},
					Body:     &openapi.Body{MediaType: "application/x-amz-json-1.1", Required: true, Props: []string{"name"}},
					Servers:  servers,
					Security: []openapi.SecurityRequirement{},
					AWS:      &openapi.AWS{Target: "Svc.AddPet", SigningName: "svc", JSONVersion: "1.1", Unsigned: true},
				},
				Sensitive: &openapi.Sensitive{},
			},
			{
				Name: "ns_raw", Path: "ns.raw", InputSchema: []byte{},
				Plan: openapi.Plan{Method: "PUT", Path: "/raw", Body: &openapi.Body{MediaType: "application/json", Arg: "body"}, Security: security},
			},
		},
		Skipped:  []openapi.Skipped{{Method: "TRACE", Path: "/x", Reason: "no tool for TRACE"}},
		Warnings: []string{},
		Notes:    []openapi.Note{{ID: "ns-1", Text: "Said once.\nTwice."}},
	}
}

// loaded returns the catalogs the real loader builds of the repository's
// documents: the embedded Cognito source in both description lengths and
// the Petstore in OpenAPI 3 and Swagger 2.0.
func loaded(t *testing.T) map[string]*openapi.Catalog {
	t.Helper()
	out := map[string]*openapi.Catalog{}
	for name, opts := range map[string]openapi.Options{
		"cognito":       {Namespace: "cognito"},
		"cognito-short": {Namespace: "cognito", Descriptions: openapi.DescriptionsShort},
	} {
		c, err := openapi.Load(registry.CognitoDocument, opts)
		if err != nil {
			t.Fatal(err)
		}
		out[name] = c
	}
	for _, file := range []string{"petstore.openapi.yaml", "petstore.swagger2.json"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "openapi", "testdata", file))
		if err != nil {
			t.Fatal(err)
		}
		c, err := openapi.Load(data, openapi.Options{Namespace: "petstore"})
		if err != nil {
			t.Fatal(err)
		}
		out[file] = c
	}
	return out
}

func TestRoundTrip(t *testing.T) {
	cats := loaded(t)
	cats["every field"] = every()
	cats["empty"] = &openapi.Catalog{}
	for name, c := range cats {
		t.Run(name, func(t *testing.T) {
			data := catalogcodec.Encode(c)
			got, err := catalogcodec.Decode(data)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, c) {
				t.Fatalf("decoded catalog differs from the encoded one")
			}
			if again := catalogcodec.Encode(got); !bytes.Equal(again, data) {
				t.Fatalf("encoding is not deterministic")
			}
		})
	}
}

// TestDecodedShareAndAlias checks what makes Decode fast: lists tools
// share are decoded once, and schemas are slices of the data, capped so
// that an append cannot write into it.
func TestDecodedShareAndAlias(t *testing.T) {
	data := catalogcodec.Encode(every())
	c, err := catalogcodec.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	a, b := c.Tools[0].Plan, c.Tools[1].Plan
	if &a.Servers[0] != &b.Servers[0] || &a.Servers[0] != &c.Servers[0] {
		t.Error("the server list all tools share was decoded more than once")
	}
	if &a.Security[0] != &c.Tools[2].Plan.Security[0] {
		t.Error("the security list two tools share was decoded twice")
	}
	in := c.Tools[0].InputSchema
	if cap(in) != len(in) {
		t.Errorf("schema has capacity %d beyond its %d bytes: an append would overwrite the data", cap(in), len(in))
	}
	before := slices.Clone(data)
	_ = append(in, '!')
	if !bytes.Equal(data, before) {
		t.Error("append to a decoded schema changed the data")
	}
}

func TestDecodeRefusesDamage(t *testing.T) {
	data := catalogcodec.Encode(every())
	for name, bad := range map[string][]byte{
		"empty":          nil,
		"other format":   append([]byte("oacat\x02"), data[6:]...),
		"gob":            []byte("\x1f\xff\x81\x03\x01\x01\x07Catalog"),
		"truncated":      data[:len(data)/2],
		"trailing bytes": append(slices.Clone(data), 0),
		"huge list":      append([]byte("oacat\x01\x00\x00\x00\x00\x00"), 0xff, 0xff, 0xff, 0xff, 0x0f),
	} {
		if c, err := catalogcodec.Decode(bad); err == nil {
			t.Errorf("%s: decoded %+v, want an error", name, c)
		} else if !strings.Contains(err.Error(), "catalog") {
			t.Errorf("%s: error %q does not say what it was reading", name, err)
		}
	}
}

// TestFieldsCovered fails when openapi's catalog types gain, lose or
// change a field: the codec must then write and read it (and
// TestRoundTrip's every() must set it) before this list is updated.
func TestFieldsCovered(t *testing.T) {
	want := []string{
		"AWS.JSONVersion string", "AWS.SigningName string", "AWS.Target string", "AWS.Unsigned bool",
		"Annotations.Destructive bool", "Annotations.Idempotent bool", "Annotations.OpenWorld bool", "Annotations.ReadOnly bool",
		"Body.Arg string", "Body.MediaType string", "Body.Props []string", "Body.Required bool",
		"Catalog.Description string", "Catalog.Notes []openapi.Note", "Catalog.SecuritySchemes []openapi.SecurityScheme",
		"Catalog.Servers []openapi.Server", "Catalog.Skipped []openapi.Skipped", "Catalog.Title string",
		"Catalog.Tools []openapi.Tool", "Catalog.Version string", "Catalog.Warnings []string",
		"Header.Name string", "Header.Value string",
		"Note.ID string", "Note.Text string",
		"Paging.InputTokens []string", "Paging.LimitKey string", "Paging.MoreResults string", "Paging.OutputTokens []string", "Paging.ResultKeys []string",
		"Param.Arg string", "Param.Explode bool", "Param.In openapi.Location", "Param.Name string", "Param.Required bool", "Param.Style string", "Param.Type string",
		"Plan.AWS *openapi.AWS", "Plan.Body *openapi.Body", "Plan.Headers []openapi.Header", "Plan.Method string", "Plan.OperationID string",
		"Plan.Params []openapi.Param", "Plan.Path string", "Plan.Security []openapi.SecurityRequirement", "Plan.Servers []openapi.Server",
		"SecurityScheme.AWSSigV4 bool", "SecurityScheme.Description string", "SecurityScheme.In string", "SecurityScheme.Name string",
		"SecurityScheme.Param string", "SecurityScheme.Scheme openapi.HTTPScheme", "SecurityScheme.TokenURL string", "SecurityScheme.Type openapi.SchemeKind",
		"Sensitive.Args []string", "Sensitive.Result []string",
		"Server.Description string", "Server.URL string", "Server.Variables []openapi.ServerVariable",
		"ServerVariable.Default string", "ServerVariable.Enum []string", "ServerVariable.Name string",
		"Skipped.Method string", "Skipped.Path string", "Skipped.Reason string",
		"Tool.Annotations openapi.Annotations", "Tool.Description string", "Tool.InputSchema json.RawMessage", "Tool.Name string",
		"Tool.OutputSchema json.RawMessage", "Tool.Paging *openapi.Paging", "Tool.Path openapi.ToolPath", "Tool.Plan openapi.Plan",
		"Tool.Sensitive *openapi.Sensitive", "Tool.Title string",
	}
	var got []string
	seen := map[reflect.Type]bool{}
	var walk func(reflect.Type)
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || t.PkgPath() != reflect.TypeFor[openapi.Catalog]().PkgPath() || seen[t] {
			return
		}
		seen[t] = true
		for f := range t.Fields() {
			got = append(got, t.Name()+"."+f.Name+" "+f.Type.String())
			walk(f.Type)
		}
	}
	walk(reflect.TypeFor[openapi.Catalog]())
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("openapi's catalog types changed: teach the codec (and every()) the new fields, then update this list:\ngot  %q\nwant %q", got, want)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(catalogcodec.Encode(every()))
	f.Add(catalogcodec.Encode(&openapi.Catalog{}))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := catalogcodec.Decode(data)
		if err != nil {
			return
		}
		back, err := catalogcodec.Decode(catalogcodec.Encode(c))
		if err != nil || !reflect.DeepEqual(back, c) {
			t.Fatalf("a decoded catalog does not round-trip: %v", err)
		}
	})
}

// BenchmarkDecodeCognito decodes the embedded Cognito catalog with this
// codec and, alternately in the same loop, with encoding/gob (what the
// server used before); gob-x-codec is the ratio of their times.
//
//	go test ./registry/catalogcodec -run '^$' -bench DecodeCognito -benchtime 300x
func BenchmarkDecodeCognito(b *testing.B) {
	c, err := registry.Cognito()
	if err != nil {
		b.Fatal(err)
	}
	data := catalogcodec.Encode(c)
	var gobData bytes.Buffer
	if err := gob.NewEncoder(&gobData).Encode(c); err != nil {
		b.Fatal(err)
	}
	var codecTime, gobTime time.Duration
	for b.Loop() {
		start := time.Now()
		if _, err := catalogcodec.Decode(data); err != nil {
			b.Fatal(err)
		}
		codecTime += time.Since(start)
		start = time.Now()
		var back openapi.Catalog
		if err := gob.NewDecoder(bytes.NewReader(gobData.Bytes())).Decode(&back); err != nil {
			b.Fatal(err)
		}
		gobTime += time.Since(start)
	}
	b.ReportMetric(float64(codecTime.Microseconds())/float64(b.N), "codec-µs/op")
	b.ReportMetric(float64(gobTime.Microseconds())/float64(b.N), "gob-µs/op")
	b.ReportMetric(float64(gobTime)/float64(codecTime), "gob-x-codec")
	b.ReportMetric(float64(len(data)), "codec-bytes")
	b.ReportMetric(float64(gobData.Len()), "gob-bytes")
}
