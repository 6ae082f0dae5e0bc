package botocore_test

import (
	"bytes"
	"testing"

	"github.com/cognito-mcp/cognito-mcp/botocore"
)

// The Cognito model and the document go generate ./registry makes of it.
const (
	cognitoModel      = "../registry/embedded/botocore/cognito-idp-2016-04-18.service-2.json"
	cognitoPaginators = "../registry/embedded/botocore/cognito-idp-2016-04-18.paginators-1.json"
	cognitoDocument   = "../registry/embedded/cognito-idp.openapi.json"
)

// TestCognitoDocumentCurrent fails when the committed document is not what
// the converter makes of the committed model: run go generate ./registry.
func TestCognitoDocumentCurrent(t *testing.T) {
	doc, err := botocore.Convert(read(t, cognitoModel), read(t, cognitoPaginators))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(doc, read(t, cognitoDocument)) {
		t.Fatalf("%s is stale: run go generate ./registry", cognitoDocument)
	}
}

// TestConvertDeterministic converts the Cognito model several times: map
// order must not reach the output.
func TestConvertDeterministic(t *testing.T) {
	model, pages := read(t, cognitoModel), read(t, cognitoPaginators)
	first, err := botocore.Convert(model, pages)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		again, err := botocore.Convert(model, pages)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first, again) {
			t.Fatal("two conversions of the same model differ")
		}
	}
}
