package executor

import (
	"encoding/json"
	"testing"

	"github.com/cognito-mcp/cognito-mcp/internal/cognitotest"
)

func TestParseDateTime(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"2023-11-14T22:13:20Z", "1700000000"},
		{"2023-11-14T22:13:20.250Z", "1700000000.25"},
		{"2023-11-15T00:13:20+02:00", "1700000000"},
		{"2023-11-14T22:13:20", "1700000000"},
		{"2023-11-14 22:13:20", "1700000000"},
		{"2023-11-14", "1699920000"},
		{"1700000000", "1700000000"},
		{"1700000000.5", "1700000000.5"},
	}
	for _, tc := range tests {
		got, err := parseDateTime(tc.in)
		if err != nil || string(got) != tc.want {
			t.Errorf("parseDateTime(%q) = %v, %v; want %s", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "tomorrow", "14/11/2023", "NaN"} {
		if _, err := parseDateTime(bad); err == nil {
			t.Errorf("parseDateTime(%q) accepted", bad)
		}
	}
}

func TestToRFC3339FollowsRefs(t *testing.T) {
	var doc schemaDoc
	if err := json.Unmarshal([]byte(cognitotest.ListUsersOutput), &doc.root); err != nil {
		t.Fatal(err)
	}
	v, err := decodeJSON([]byte(`{"Users":[{"Username":"a","UserCreateDate":0},{"Username":"b","UserCreateDate":1.5}],"PaginationToken":"123"}`))
	if err != nil {
		t.Fatal(err)
	}
	out := doc.toRFC3339(doc.resolve(doc.root), v).(map[string]any)
	users := out["Users"].([]any)
	if got := users[0].(map[string]any)["UserCreateDate"]; got != "1970-01-01T00:00:00Z" {
		t.Errorf("first date = %v", got)
	}
	if got := users[1].(map[string]any)["UserCreateDate"]; got != "1970-01-01T00:00:01.5Z" {
		t.Errorf("second date = %v", got)
	}
	if got := out["PaginationToken"]; got != "123" {
		t.Errorf("a non-date string changed: %v", got)
	}
}
