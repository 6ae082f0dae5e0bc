package openapi

import (
	"bytes"
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/cognito-mcp/cognito-mcp/internal/schemagen"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// lenientSchema compiles a schema as the executor does (tools/validate.go):
// Draft 2020-12, and patterns Go's regexp cannot compile match everything.
func lenientSchema(t testing.TB, raw json.RawMessage) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("schema is not JSON: %v", err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.UseRegexpEngine(func(s string) (jsonschema.Regexp, error) {
		re, err := regexp.Compile(s)
		if err != nil {
			return matchAll(s), nil
		}
		return re, nil
	})
	if err := c.AddResource("mem:///input-schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("mem:///input-schema.json")
	if err != nil {
		t.Fatalf("schema does not compile: %v\n%s", err, raw)
	}
	return s
}

type matchAll string

func (m matchAll) MatchString(string) bool { return true }
func (m matchAll) String() string          { return string(m) }

func inputSchema(t *Tool) json.RawMessage  { return t.InputSchema }
func outputSchema(t *Tool) json.RawMessage { return t.OutputSchema }

// equivalence checks that every rewritten catalog accepts and rejects
// exactly the instances generated from the verbose catalog's input
// schemas. It returns the number of instances per tool.
func equivalence(t *testing.T, verbose *Catalog, rewritten ...*Catalog) map[string]int {
	t.Helper()
	return equivalenceOf(t, inputSchema, verbose, rewritten...)
}

// equivalenceOf is equivalence for the schema which selects.
func equivalenceOf(t *testing.T, which func(*Tool) json.RawMessage, verbose *Catalog, rewritten ...*Catalog) map[string]int {
	t.Helper()
	counts := map[string]int{}
	for i := range verbose.Tools {
		tool := &verbose.Tools[i]
		if len(which(tool)) == 0 {
			continue
		}
		var schema map[string]any
		if err := json.Unmarshal(which(tool), &schema); err != nil {
			t.Fatal(err)
		}
		old := lenientSchema(t, which(tool))
		var news []*jsonschema.Schema
		for _, c := range rewritten {
			if c.Tools[i].Name != tool.Name {
				t.Fatalf("tool %d is %s, want %s", i, c.Tools[i].Name, tool.Name)
			}
			news = append(news, lenientSchema(t, which(&c.Tools[i])))
		}
		accepted, rejected := 0, 0
		for _, in := range schemagen.Generate(schema) {
			raw, err := json.Marshal(in.Value)
			if err != nil {
				t.Fatal(err)
			}
			v, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
			if err != nil {
				t.Fatal(err)
			}
			want := old.Validate(v) == nil
			if want {
				accepted++
			} else {
				rejected++
			}
			if in.Name == "valid: every property" && !want {
				t.Errorf("%s: the verbose schema rejects the generated valid instance %s", tool.Name, raw)
			}
			for j, s := range news {
				if got := s.Validate(v) == nil; got != want {
					t.Errorf("%s (catalog %d): %s: verbose schema accepts=%v, rewritten accepts=%v", tool.Name, j, in.Name, want, got)
				}
			}
		}
		if accepted == 0 || rejected == 0 {
			t.Errorf("%s: %d accepted and %d rejected instances; want both kinds", tool.Name, accepted, rejected)
		}
		counts[tool.Name] = accepted + rejected
	}
	return counts
}

// TestCompactEquivalentCognito: for each tool of both Cognito documents
// (APIs.guru's and the one generated from AWS's current model), the
// compact schemas (full and short descriptions) accept and reject the same
// arguments as the verbose ones, and hold no $ref or $defs.
func TestCompactEquivalentCognito(t *testing.T) {
	for _, doc := range catalogDocs {
		t.Run(doc.name, func(t *testing.T) {
			f := formsOf(t, doc.name)
			compactEquivalent(t, f.verbose, f.full, f.short, doc.tools)
		})
	}
}

// compactEquivalent checks one document's catalogs: tools is how many
// tools it has.
func compactEquivalent(t *testing.T, verbose, full, short *Catalog, tools int) {
	for _, c := range []*Catalog{full, short} {
		for _, tool := range c.Tools {
			if bytes.Contains(tool.InputSchema, []byte(`"$ref"`)) || bytes.Contains(tool.InputSchema, []byte(`"$defs"`)) {
				t.Errorf("%s: compact input schema keeps $ref or $defs", tool.Name)
			}
		}
	}
	counts := equivalence(t, verbose, full, short)
	total, fewest, most := 0, "", ""
	for _, name := range sortedKeys(counts) {
		total += counts[name]
		if fewest == "" || counts[name] < counts[fewest] {
			fewest = name
		}
		if most == "" || counts[name] > counts[most] {
			most = name
		}
	}
	t.Logf("%d instances for %d tools: fewest %d (%s), most %d (%s), median %d",
		total, len(counts), counts[fewest], fewest, counts[most], most, median(counts))
	if len(counts) != tools {
		t.Errorf("%d tools checked, want %d", len(counts), tools)
	}
	// Output schemas have their references inlined; results must meet them
	// as before.
	for _, tool := range full.Tools {
		if bytes.Contains(tool.OutputSchema, []byte(`"$ref"`)) || bytes.Contains(tool.OutputSchema, []byte(`"$defs"`)) {
			t.Errorf("%s: compact output schema keeps $ref or $defs", tool.Name)
		}
	}
	outputs := equivalenceOf(t, outputSchema, verbose, full, short)
	total = 0
	for _, n := range outputs {
		total += n
	}
	t.Logf("output schemas: %d instances for %d tools", total, len(outputs))
}

// TestCompactEquivalentSmall runs the same check on the Petstore and on
// documents with recursion, $ref siblings and 3.1 keywords.
func TestCompactEquivalentSmall(t *testing.T) {
	for _, tt := range []struct {
		name string
		load func(Options) *Catalog
	}{
		{"petstore", func(o Options) *Catalog { o.Namespace = "petstore"; return loadFile(t, "petstore.openapi.yaml", o) }},
		{"swagger2", func(o Options) *Catalog { o.Namespace = "petstore"; return loadFile(t, "petstore.swagger2.json", o) }},
		{"keywords", func(o Options) *Catalog { o.Namespace = "t"; return loadStringWith(t, keywordsDoc, o) }},
		{"recursive", func(o Options) *Catalog { o.Namespace = "t"; return loadStringWith(t, recursiveDoc, o) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			equivalence(t, tt.load(Options{Schemas: SchemasVerbose}), tt.load(Options{}), tt.load(Options{Descriptions: DescriptionsShort}))
		})
	}
}

const recursiveDoc = `openapi: 3.0.3
info: {title: c, version: "1"}
paths:
  /nodes:
    post:
      operationId: addNode
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Node'}
      responses: {"200": {description: ok}}
components:
  schemas:
    Name: {type: string, minLength: 1, maxLength: 8, description: The name of the node.}
    Node:
      type: object
      required: [name]
      properties:
        name: {$ref: '#/components/schemas/Name'}
        children: {type: array, maxItems: 3, items: {$ref: '#/components/schemas/Node'}}
        label:
          allOf: [{$ref: '#/components/schemas/Name'}, {description: A label.}]
        other: {$ref: '#/components/schemas/A'}
    A:
      type: object
      properties:
        b: {$ref: '#/components/schemas/B'}
        n: {$ref: '#/components/schemas/Name'}
    B:
      type: object
      additionalProperties: false
      properties:
        a: {$ref: '#/components/schemas/A'}
`

// TestCompactRecursive: recursive types keep their $defs (and say so in a
// warning), everything else is inlined.
func TestCompactRecursive(t *testing.T) {
	cat := loadStringWith(t, recursiveDoc, Options{Namespace: "t"})
	tool := toolByTitle(t, cat, "addNode")
	s := schemaMap(t, tool.InputSchema)
	defs, _ := s["$defs"].(map[string]any)
	if got := sortedKeys(defs); !slices.Equal(got, []string{"A", "B", "Node"}) {
		t.Errorf("$defs = %v, want the recursive A, B, Node", got)
	}
	if strings.Contains(string(tool.InputSchema), `"#/$defs/Name"`) {
		t.Errorf("the acyclic Name is still referenced: %s", tool.InputSchema)
	}
	var warned bool
	for _, w := range cat.Warnings {
		warned = warned || strings.Contains(w, "keeps $defs for the recursive types A, B, Node")
	}
	if !warned {
		t.Errorf("no warning about the kept $defs: %v", cat.Warnings)
	}
}

// TestCompactKeywords: what the compact step takes away from the document
// TestSchemaKeywords converts.
func TestCompactKeywords(t *testing.T) {
	cat := loadStringWith(t, keywordsDoc, Options{Namespace: "t"})
	got := string(toolByTitle(t, cat, "createThing").InputSchema)
	for _, bad := range []string{`"examples"`, `"writeOnly"`, `"password"`} {
		if strings.Contains(got, bad) {
			t.Errorf("compact input schema keeps %s:\n%s", bad, got)
		}
	}
	for _, want := range []string{`"secret":{"type":"string"}`, `Must match the pattern: ^[a-z]+(?<!x)$`, `"exclusiveMinimum":1,"maximum":5`, `"uniqueItems":true`} {
		if !strings.Contains(got, want) {
			t.Errorf("compact input schema lacks %s:\n%s", want, got)
		}
	}
}

// TestCognitoNotes: the SMS-sandbox paragraph repeated in 15 operations is
// said once, as a note each of them points to.
func TestCognitoNotes(t *testing.T) {
	cat := loadCognito(t)
	const sandbox = "If you have never used SMS text messages with Amazon Cognito"
	var note *Note
	for i, n := range cat.Notes {
		if !strings.HasPrefix(n.ID, "cognito-") || n.Text == "" || strings.Contains(n.Text, "(note ") {
			t.Errorf("note %+v", n)
		}
		if strings.HasPrefix(n.Text, sandbox) {
			note = &cat.Notes[i]
		}
	}
	if note == nil {
		t.Fatalf("no note holds the SMS sandbox paragraph; notes: %d", len(cat.Notes))
	}
	pointing := 0
	for _, tool := range cat.Tools {
		if strings.Contains(tool.Description, sandbox) {
			t.Errorf("%s: description still holds the sandbox paragraph", tool.Name)
		}
		if strings.Contains(tool.Description, "(note "+note.ID+")") {
			pointing++
		}
	}
	if pointing != 15 {
		t.Errorf("%d tools point to note %s, want 15", pointing, note.ID)
	}
	// Every pointer names a note that exists.
	ids := map[string]bool{}
	for _, n := range cat.Notes {
		ids[n.ID] = true
	}
	ref := regexp.MustCompile(`\(note (cognito-\d+)\)`)
	for _, tool := range cat.Tools {
		for _, m := range ref.FindAllStringSubmatch(tool.Description+string(tool.InputSchema), -1) {
			if !ids[m[1]] {
				t.Errorf("%s points to missing note %s", tool.Name, m[1])
			}
		}
	}
	verbose := loadFile(t, "cognito-idp.openapi.yaml", Options{Namespace: "cognito", Schemas: SchemasVerbose})
	if len(verbose.Notes) != 0 {
		t.Errorf("verbose catalog has %d notes", len(verbose.Notes))
	}
}

func TestFirstSentence(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Creates a user. Then more.", "Creates a user."},
		{"Lists things, e.g. pools. More.", "Lists things, e.g. pools."},
		{"Valid values:\n- A\n- B", "Valid values:"},
		{"Deprecated. Old call. Use New.", "Deprecated. Old call."},
		{"When it happens. Later. " + dateTimeNote, "When it happens. " + dateTimeNote},
		{"The name. More. Must match the pattern: ^a(?<!x)$", "The name. Must match the pattern: ^a(?<!x)$"},
		{"Version 1.2 of it", "Version 1.2 of it"},
	} {
		if got := firstSentence(tt.in); got != tt.want {
			t.Errorf("firstSentence(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRestatesName(t *testing.T) {
	for _, tt := range []struct {
		desc, prop string
		context    []string
		want       bool
	}{
		{"The user pool ID for the user pool.", "UserPoolId", nil, true},
		{"The data type for AccountRecoverySetting.", "AccountRecoverySetting", nil, true},
		{"The device key.", "DeviceKey", nil, true},
		{"The minimum length.", "MinLength", nil, true},
		{"The user name.", "Username", nil, true},
		{"The user pool ID for the user pool where the user will be created.", "UserPoolId", nil, false},
		{"The user pool ID for the user pool where the user will be created.", "UserPoolId", []string{"AdminCreateUser"}, true},
		{"The user name of the user you want to disable.", "Username", []string{"AdminDisableUser", "Amazon Cognito Identity Provider"}, true},
		{"The name of the attribute.", "Name", nil, false},
		{"The name of the attribute.", "Name", []string{"UserAttributes", "SignUp"}, true},
		{"Specifies whether software token MFA is activated.", "Enabled", []string{"SoftwareTokenMfaSettings"}, true},
		{"The name of the provider attribute to link to, such as NameID.", "ProviderAttributeName", []string{"SourceUser", "AdminLinkProviderForUser"}, false},
		{"Not the user name.", "Username", nil, false},
		{"The user pool ID.", "", nil, false},
	} {
		if got := restatesName(tt.desc, tt.prop, tt.context...); got != tt.want {
			t.Errorf("restatesName(%q, %q, %q) = %v", tt.desc, tt.prop, tt.context, got)
		}
	}
}

func TestTrimPattern(t *testing.T) {
	const arn = `arn:[\w+=/,.@-]+:[\w+=/,.@-]+:([\w+=/,.@-]*)?:[0-9]+:[\w+=/,.@-]+`
	for _, tt := range []struct{ in, want string }{
		{arn + `(:[\w+=/,.@-]+)?(:[\w+=/,.@-]+)?`, arn},
		{`[\p{L}\p{M}\s*]*\{####\}[\p{L}\p{M}\s*]*`, `\{####\}`},
		{`.*\{####\}.*`, `\{####\}`},
		{`[a-z]{0,3}b(c|d)*?`, `b`},
		{`x*`, ``},
		{`^[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?$`, `^[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?$`},
		{`[\w-]+_[0-9a-zA-Z]+`, `[\w-]+_[0-9a-zA-Z]+`},
		{`a|b*`, `a|b*`},
		{`(a|b)?c\d{2}`, `c\d{2}`},
		{`[\x41-\x5A]*\u0041\p{Lu}+`, `\u0041\p{Lu}+`},
		{`((a)`, `((a)`},
	} {
		got := trimPattern(tt.in)
		if got != tt.want {
			t.Errorf("trimPattern(%q) = %q, want %q", tt.in, got, tt.want)
			continue
		}
		// The trimmed pattern finds a match in exactly the strings the
		// original does.
		before, err := regexp.Compile(tt.in)
		if err != nil {
			continue
		}
		after := regexp.MustCompile(got)
		for _, s := range []string{"", "b", "ab", "xbx", "{####}", "a{####}", "arn:aws:iam::123:role", "arn:aws:lambda:us-east-1:123:function:f:1", "c12", "ac1", "a-b_c", "AB", "ñ"} {
			if before.MatchString(s) != after.MatchString(s) {
				t.Errorf("%q and %q disagree on %q", tt.in, got, s)
			}
		}
	}
}

func TestCapWords(t *testing.T) {
	for _, tt := range []struct {
		in    string
		limit int
		want  string
	}{
		{"Short enough.", 20, "Short enough."},
		{"The user pool that hosts the resource server.", 20, "The user pool that…"},
		{"One, two, three, four", 9, "One, two…"},
		{"Unbrokenwordthatislong", 8, "Unbroken…"},
		{"déjà-vu-déjà-vu", 2, "d…"},
	} {
		if got := capWords(tt.in, tt.limit); got != tt.want {
			t.Errorf("capWords(%q, %d) = %q, want %q", tt.in, tt.limit, got, tt.want)
		}
	}
	long := strings.Repeat("word ", 40) + "end. More."
	if got := firstSentence(long); len(got) > maxShortSentence+len("…") || !strings.HasSuffix(got, "word…") {
		t.Errorf("firstSentence(long) = %q", got)
	}
}

const shortDoc = `openapi: 3.0.3
info: {title: Risk API, version: "1"}
paths:
  /risk:
    post:
      operationId: SetRiskConfiguration
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              properties:
                PoolId: {type: string, minLength: 1, pattern: '[\w-]+_[0-9a-z]+', description: The pool ID. Where the risk is configured.}
                Code: {type: string, minLength: 1, pattern: '[0-9]*', description: A code the user received.}
                Tag: {type: string, minLength: 2, pattern: '[a-z]+'}
                HighAction: {$ref: '#/components/schemas/Action'}
                LowAction: {$ref: '#/components/schemas/Action'}
      responses: {"200": {description: ok}}
components:
  schemas:
    Action:
      type: object
      description: Action to take for this risk.
      properties:
        Notify: {type: boolean, description: Whether to send a notification to the user.}
        Risk: {type: string, description: The risk configuration for the action.}
`

// TestCompactShort: a minLength of 1 goes beside a pattern that needs a
// character, descriptions that restate the names around them go, and short
// descriptions say a property's sentence once per tool.
func TestCompactShort(t *testing.T) {
	full := loadStringWith(t, shortDoc, Options{Namespace: "t"})
	short := loadStringWith(t, shortDoc, Options{Namespace: "t", Descriptions: DescriptionsShort})
	props := func(c *Catalog) map[string]any {
		return schemaMap(t, c.Tools[0].InputSchema)["properties"].(map[string]any)
	}
	for _, c := range []*Catalog{full, short} {
		p := props(c)
		if _, ok := p["PoolId"].(map[string]any)["minLength"]; ok {
			t.Errorf("PoolId keeps minLength 1 beside a pattern that needs a character")
		}
		for _, name := range []string{"Code", "Tag"} {
			if _, ok := p[name].(map[string]any)["minLength"]; !ok {
				t.Errorf("%s lost its minLength", name)
			}
		}
		risk := p["HighAction"].(map[string]any)["properties"].(map[string]any)["Risk"].(map[string]any)
		if d, ok := risk["description"]; ok {
			t.Errorf("HighAction.Risk keeps %q, which restates its names", d)
		}
	}
	if d := props(full)["PoolId"].(map[string]any)["description"]; d != "The pool ID. Where the risk is configured." {
		t.Errorf("full PoolId description = %q", d)
	}
	p := props(short)
	if _, ok := p["PoolId"].(map[string]any)["description"]; ok {
		t.Errorf("short PoolId keeps its first sentence, which restates its name")
	}
	notify := func(action string) any {
		return p[action].(map[string]any)["properties"].(map[string]any)["Notify"].(map[string]any)["description"]
	}
	if notify("HighAction") != "Whether to send a notification to the user." || notify("LowAction") != nil {
		t.Errorf("short Notify descriptions: HighAction %q, LowAction %q; want the sentence once", notify("HighAction"), notify("LowAction"))
	}
	if got := props(full)["LowAction"].(map[string]any)["properties"].(map[string]any)["Notify"].(map[string]any)["description"]; got == nil {
		t.Error("full descriptions lose LowAction.Notify's sentence")
	}
	equivalence(t, loadStringWith(t, shortDoc, Options{Namespace: "t", Schemas: SchemasVerbose}), full, short)
}

func TestDropSeeAlso(t *testing.T) {
	in := "Sets it. For more information, see Adding user device data to API requests. For more information, see InitiateAuth. Done."
	want := "Sets it.  For more information, see InitiateAuth. Done."
	if got := dropSeeAlso(in); got != want {
		t.Errorf("dropSeeAlso = %q, want %q", got, want)
	}
}

func TestParseDescriptions(t *testing.T) {
	for in, want := range map[string]Descriptions{"full": DescriptionsFull, "": DescriptionsFull, "Short": DescriptionsShort} {
		if got, err := ParseDescriptions(in); err != nil || got != want {
			t.Errorf("ParseDescriptions(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := ParseDescriptions("long"); err == nil || !strings.Contains(err.Error(), "full or short") {
		t.Errorf("ParseDescriptions(long) error = %v", err)
	}
	if DescriptionsShort.String() != "short" || DescriptionsFull.String() != "full" {
		t.Error("String does not give the flag form")
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func median(counts map[string]int) int {
	var v []int
	for _, n := range counts {
		v = append(v, n)
	}
	slices.Sort(v)
	if len(v) == 0 {
		return 0
	}
	return v[len(v)/2]
}
