package registry

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"os"
	"testing"

	"github.com/cognito-mcp/cognito-mcp/openapi"
)

var update = flag.Bool("update", false, "rewrite generated files")

// cognitoSHA256 is the published document's digest (DESIGN.md).
const cognitoSHA256 = "c3f152c2e77ddd7acb9cf7e27be083002c071bb4b59c81173eca6e7f2b7d6d7b"

func TestEmbeddedDocumentUnchanged(t *testing.T) {
	sum := sha256.Sum256(CognitoDocument)
	if got := hex.EncodeToString(sum[:]); got != cognitoSHA256 {
		t.Fatalf("embedded document sha256 %s, want %s: the document must be embedded as published", got, cognitoSHA256)
	}
}

// TestEmbeddedCatalogCurrent proves the precomputed catalog is exactly what
// openapi.Load makes of the embedded document today.
func TestEmbeddedCatalogCurrent(t *testing.T) {
	c, err := openapi.Load(CognitoDocument, cognitoOptions)
	if err != nil {
		t.Fatal(err)
	}
	want, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	want = append(want, '\n')
	const file = "embedded/cognito.catalog.json"
	if *update {
		if err := os.WriteFile(file, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return // the binary holds the old copy; the next run checks the new one
	}
	if !bytes.Equal(cognitoCatalogJSON, want) {
		t.Fatalf("%s is stale: run go generate ./registry", file)
	}
	got, err := Cognito()
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Tools) != 101 {
		t.Fatalf("embedded catalog has %d tools, want 101", len(got.Tools))
	}
}
