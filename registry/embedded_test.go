package registry

import (
	"bytes"
	"encoding/gob"
	"encoding/json"
	"flag"
	"os"
	"testing"

	"github.com/cognito-mcp/cognito-mcp/botocore"
	"github.com/cognito-mcp/cognito-mcp/openapi"
)

var update = flag.Bool("update", false, "rewrite generated files")

// TestEmbeddedDocumentCurrent proves the embedded document is exactly what
// the converter makes of the committed model and paginators, which is what
// go generate ./registry writes.
func TestEmbeddedDocumentCurrent(t *testing.T) {
	read := func(name string) []byte {
		data, err := os.ReadFile("embedded/botocore/" + name)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	doc, err := botocore.Convert(read("cognito-idp-2016-04-18.service-2.json"), read("cognito-idp-2016-04-18.paginators-1.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(doc, CognitoDocument) {
		t.Fatal("embedded/cognito-idp.openapi.json is stale: run go generate ./registry")
	}
}

// TestEmbeddedCatalogCurrent proves the precomputed catalogs, full and
// short descriptions, are exactly what openapi.Load makes of the embedded
// document today. Gob writes maps in no fixed order, so they are compared
// as JSON, which is deterministic (decodeGob gives back the empty lists
// gob drops), and -update rewrites a file only when its catalog really
// changed.
func TestEmbeddedCatalogCurrent(t *testing.T) {
	for _, c := range []struct {
		file     string
		opts     openapi.Options
		embedded []byte
		get      func() (*openapi.Catalog, error)
	}{
		{"embedded/cognito.catalog.gob", cognitoOptions, cognitoCatalog, Cognito},
		{"embedded/cognito.short.catalog.gob", cognitoShortOptions, cognitoShortCatalog, CognitoShort},
	} {
		t.Run(c.file, func(t *testing.T) {
			checkEmbeddedCatalog(t, c.file, c.opts, c.embedded, c.get)
		})
	}
}

func checkEmbeddedCatalog(t *testing.T, file string, opts openapi.Options, data []byte, get func() (*openapi.Catalog, error)) {
	c, err := openapi.Load(CognitoDocument, opts)
	if err != nil {
		t.Fatal(err)
	}
	want, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	embedded, err := decodeGob(data)
	if err != nil && !*update {
		t.Fatalf("decode the embedded catalog: %v", err)
	}
	got, err := json.Marshal(embedded)
	if err != nil {
		t.Fatal(err)
	}
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
	cat, err := get()
	if err != nil {
		t.Fatal(err)
	}
	if len(cat.Tools) != 129 {
		t.Fatalf("embedded catalog has %d tools, want 129", len(cat.Tools))
	}
}
