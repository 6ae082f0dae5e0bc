package registry

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"flag"
	"os"
	"slices"
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
// openapi.Load makes of the embedded document today. Gob writes maps in no
// fixed order, so the two are compared as JSON, which is deterministic, and
// -update rewrites the file only when the catalog really changed.
func TestEmbeddedCatalogCurrent(t *testing.T) {
	c, err := openapi.Load(CognitoDocument, cognitoOptions)
	if err != nil {
		t.Fatal(err)
	}
	want, err := json.Marshal(gobForm(c))
	if err != nil {
		t.Fatal(err)
	}
	var embedded openapi.Catalog
	if err := gob.NewDecoder(bytes.NewReader(cognitoCatalog)).Decode(&embedded); err != nil && !*update {
		t.Fatalf("decode the embedded catalog: %v", err)
	}
	got, err := json.Marshal(&embedded)
	if err != nil {
		t.Fatal(err)
	}
	const file = "embedded/cognito.catalog.gob"
	if *update {
		if !bytes.Equal(got, want) {
			var buf bytes.Buffer
			if err := gob.NewEncoder(&buf).Encode(c); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return // the binary holds the old copy; the next run checks the new one
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is stale: run go generate ./registry", file)
	}
	cat, err := Cognito()
	if err != nil {
		t.Fatal(err)
	}
	if len(cat.Tools) != 101 {
		t.Fatalf("embedded catalog has %d tools, want 101", len(cat.Tools))
	}
}

// gobForm is c as gob gives it back: gob sends no empty slices, so the empty
// scope lists of security requirements come back nil, which means the same.
func gobForm(c *openapi.Catalog) *openapi.Catalog {
	out := *c
	out.Tools = slices.Clone(c.Tools)
	for i := range out.Tools {
		sec := make([]openapi.SecurityRequirement, len(out.Tools[i].Plan.Security))
		for j, req := range out.Tools[i].Plan.Security {
			sec[j] = openapi.SecurityRequirement{}
			for k, scopes := range req {
				if len(scopes) == 0 {
					scopes = nil
				}
				sec[j][k] = scopes
			}
		}
		out.Tools[i].Plan.Security = sec
	}
	return &out
}
