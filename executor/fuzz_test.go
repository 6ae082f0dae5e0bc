package executor

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cognito-mcp/cognito-mcp/openapi"
)

// fuzzTools are real tools: Cognito operations (AWS JSON, a body of
// members) and Petstore operations (path, query, header, form and
// octet-stream parameters).
var fuzzTools = sync.OnceValues(func() ([]*openapi.Tool, error) {
	var out []*openapi.Tool
	for _, src := range []struct {
		file, ns string
		ops      []string
	}{
		{"cognito-idp.openapi.yaml", "cognito", []string{"AdminCreateUser", "ListUsers", "AdminUpdateUserAttributes", "InitiateAuth", "AdminListUserAuthEvents"}},
		{"petstore.openapi.yaml", "pets", []string{"addPet", "findPetsByStatus", "getPetById", "updatePetWithForm", "uploadFile", "deleteUser"}},
	} {
		data, err := os.ReadFile(filepath.Join("..", "openapi", "testdata", src.file))
		if err != nil {
			return nil, err
		}
		cat, err := openapi.Load(data, openapi.Options{Namespace: src.ns, Include: src.ops})
		if err != nil {
			return nil, err
		}
		for i := range cat.Tools {
			out = append(out, &cat.Tools[i])
		}
	}
	return out, nil
})

// maxFuzzArgs bounds the arguments one input may carry.
const maxFuzzArgs = 16 << 10

// fuzzBase is where built requests go; nothing is sent.
const fuzzBase = "https://api.example.com/v3"

// FuzzArguments: any JSON arguments to a real tool are either refused by
// validation or conversion with a message, or built into a request that
// goes to the source's own host.
func FuzzArguments(f *testing.F) {
	for i, args := range []string{
		`{"UserPoolId":"eu-west-1_abc","Username":"alice","TemporaryPassword":"Passw0rd!","UserAttributes":[{"Name":"email","Value":"a@example.com"}]}`,
		`{"UserPoolId":"eu-west-1_abc","Limit":10,"Filter":"email ^= \"a\""}`,
		`{"UserPoolId":"eu-west-1_abc","Username":"alice","UserAttributes":[]}`,
		`{"AuthFlow":"USER_PASSWORD_AUTH","ClientId":"c","AuthParameters":{"USERNAME":"a","PASSWORD":"p"}}`,
		`{"UserPoolId":"eu-west-1_abc","Username":"alice","MaxResults":5}`,
		`{"name":"doggie","photoUrls":["x"],"status":"available","tags":[{"id":1,"name":"t"}]}`,
		`{"status":"sold"}`,
		`{"petId":10}`,
		`{"petId":10,"name":"doggie","status":"sold"}`,
		`{"petId":10,"additionalMetadata":"front","body":"raw bytes"}`,
		`{"username":"../../admin?x=1#frag"}`,
	} {
		f.Add(uint8(i), []byte(args))
	}
	tools, err := fuzzTools()
	if err != nil {
		f.Fatal(err)
	}
	e := New(Options{})
	f.Fuzz(func(t *testing.T, pick uint8, data []byte) {
		if len(data) > maxFuzzArgs {
			return
		}
		var args map[string]any
		if json.Unmarshal(data, &args) != nil || args == nil {
			return
		}
		tool := tools[int(pick)%len(tools)]
		st := e.state(tool)
		st.init(e.log, tool.Name)
		if err := st.validate(tool.Name, args); err != nil {
			wantMessage(t, err)
			return
		}
		conv, err := st.convert(tool.Name, &tool.Plan, args)
		if err != nil {
			wantMessage(t, err)
			return
		}
		w, err := build(&tool.Plan, fuzzBase, conv, nil)
		if err != nil {
			wantMessage(t, err)
			return
		}
		req, err := w.newHTTPRequest(context.Background())
		if err != nil {
			t.Fatalf("%s: built a request that cannot be made: %v", tool.Name, err)
		}
		if req.URL.Scheme != "https" || req.URL.Host != "api.example.com" || !strings.HasPrefix(req.URL.EscapedPath(), "/v3") {
			t.Fatalf("%s: the arguments moved the request to %s", tool.Name, req.URL.Redacted())
		}
		if tool.Plan.AWS != nil && !json.Valid(w.body) {
			t.Fatalf("%s: AWS body is not JSON", tool.Name)
		}
		for k, vs := range req.Header {
			for _, v := range vs {
				if strings.ContainsAny(v, "\r\n") || strings.ContainsAny(k, "\r\n: ") {
					t.Fatalf("%s: header %q carries a line break", tool.Name, k)
				}
			}
		}
	})
}

func wantMessage(t *testing.T, err error) {
	t.Helper()
	if strings.TrimSpace(err.Error()) == "" {
		t.Fatalf("an error without a message: %#v", err)
	}
}

// FuzzTimestamps: any string a model may write for a date-time is read as
// epoch seconds or refused with errNotDateTime; what is read comes back,
// through the output conversion and back in, as the same instant (to the
// millisecond), within the years RFC 3339 can write.
func FuzzTimestamps(f *testing.F) {
	for _, s := range []string{"2026-11-30T12:00:00Z", "2026-11-30T12:00:00.123+02:00", "2026-11-30", "2026-11-30 12:00:00", "1732968000", "1732968000.5", "-1", "1e9", "NaN", "Inf", "0x10", "not a date", " 2026-11-30T12:00 "} {
		f.Add(s, 1732968000.25)
	}
	f.Fuzz(func(t *testing.T, s string, epoch float64) {
		if len(s) > 256 {
			return
		}
		n, err := parseDateTime(s)
		if err != nil {
			if err != errNotDateTime {
				t.Fatalf("%q: unexpected error %v", s, err)
			}
		} else {
			roundTrip(t, s, n)
		}
		// Output: a number from the wire becomes RFC 3339, or stays.
		var d schemaDoc
		out := d.toRFC3339(map[string]any{"type": "string", "format": "date-time"}, epoch)
		if str, ok := out.(string); ok {
			if _, err := time.Parse(time.RFC3339Nano, str); err != nil && inRFC3339Years(epoch) {
				t.Fatalf("%v became %q, which is not RFC 3339", epoch, str)
			}
		}
	})
}

// roundTrip checks that epoch seconds n, read from s, survive the trip to
// RFC 3339 and back.
func roundTrip(t *testing.T, s string, n json.Number) {
	t.Helper()
	f1, err := n.Float64()
	if err != nil || math.IsNaN(f1) || math.IsInf(f1, 0) {
		t.Fatalf("%q read as %q, not a finite number", s, n)
	}
	if !inRFC3339Years(f1) {
		return
	}
	tm, ok := epochTime(n)
	if !ok {
		t.Fatalf("%q: %s is not epoch seconds", s, n)
	}
	back, err := parseDateTime(tm.UTC().Format(time.RFC3339Nano))
	if err != nil {
		t.Fatalf("%q: its RFC 3339 form %s does not read back: %v", s, tm.UTC().Format(time.RFC3339Nano), err)
	}
	f2, _ := back.Float64()
	if math.Abs(f2-f1) > 0.001 {
		t.Fatalf("%q: %s came back as %s", s, n, back)
	}
}

// inRFC3339Years reports whether epoch seconds fall in years 0001-9999.
func inRFC3339Years(f float64) bool {
	return f >= -62135596800 && f < 253402300800
}
