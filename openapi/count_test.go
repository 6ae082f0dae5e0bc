package openapi

import (
	"fmt"
	"strings"
	"testing"
)

func TestCountOperations(t *testing.T) {
	cases := []struct {
		doc  string
		n    int
		json bool
	}{
		{`{"openapi":"3.0.3","paths":{"/a":{"get":{},"post":{},"parameters":[]},"/b":{"delete":{},"x-y":1,"GET":{}},"x-ext":"v"}}`, 3, true},
		{`{"swagger":"2.0","paths":{"/a":{"put":{}}}}`, 1, true},
		{`{"openapi":"3.0.3"}`, 0, false},
		{"openapi: 3.0.3\npaths:\n  /a:\n    get: {}\n", 0, false},
		{`{"openapi":`, 0, false},
	}
	for _, c := range cases {
		n, ok := CountOperations([]byte(c.doc))
		if n != c.n || ok != c.json {
			t.Errorf("CountOperations(%.40q) = %d, %v; want %d, %v", c.doc, n, ok, c.n, c.json)
		}
	}
}

// TestCountOperationsAgreesWithLoad counts the operations of a generated
// document the way Load does: tools plus skipped operations.
func TestCountOperationsAgreesWithLoad(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"openapi":"3.0.3","info":{"title":"t","version":"1"},"servers":[{"url":"https://x.example"}],"paths":{`)
	for i := range 50 {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `"/r%d/{id}":{"get":{"operationId":"get%d","responses":{"200":{"description":"ok"}}},"delete":{"operationId":"del%d","responses":{"204":{"description":"ok"}}}}`, i, i, i)
	}
	b.WriteString(`}}`)
	data := []byte(b.String())
	n, ok := CountOperations(data)
	cat, err := Load(data, Options{Namespace: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if !ok || n != len(cat.Tools)+len(cat.Skipped) || n != 100 {
		t.Errorf("CountOperations = %d, %v; Load found %d tools and %d skipped", n, ok, len(cat.Tools), len(cat.Skipped))
	}
}
