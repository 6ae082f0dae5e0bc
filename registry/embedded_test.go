package registry

import (
	"bytes"
	"flag"
	"os"
	"testing"

	"github.com/cognito-mcp/cognito-mcp/botocore"
	"github.com/cognito-mcp/cognito-mcp/openapi"
	"github.com/cognito-mcp/cognito-mcp/registry/catalogcodec"
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
// document today, encoded with catalogcodec, which is deterministic; -update
// rewrites a file only when its catalog really changed.
func TestEmbeddedCatalogCurrent(t *testing.T) {
	for _, c := range []struct {
		file     string
		opts     openapi.Options
		embedded []byte
		get      func() (*openapi.Catalog, error)
	}{
		{"embedded/cognito.catalog.bin", cognitoOptions, cognitoCatalog, Cognito},
		{"embedded/cognito.short.catalog.bin", cognitoShortOptions, cognitoShortCatalog, CognitoShort},
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
	want := catalogcodec.Encode(c)
	if *update {
		if !bytes.Equal(data, want) {
			if err := os.WriteFile(file, want, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return // the binary holds the old copy; the next run checks the new one
	}
	if !bytes.Equal(data, want) {
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
