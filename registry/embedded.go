package registry

import (
	"bytes"
	_ "embed"
	"encoding/gob"
	"fmt"
	"sync"

	"github.com/cognito-mcp/cognito-mcp/openapi"
)

// CognitoNamespace is the namespace of the embedded Cognito source.
const CognitoNamespace = "cognito"

// CognitoDocument is the embedded Amazon Cognito user pools OpenAPI document,
// byte for byte as published.
//
//go:embed embedded/cognito-idp.openapi.yaml
var CognitoDocument []byte

// cognitoCatalog is openapi.Load's result for CognitoDocument, computed
// ahead of time and gob-encoded, so that start-up decodes it in a few
// milliseconds instead of parsing 670 KB of YAML (about 80 ms) or decoding
// the same catalog as JSON (about three times gob's cost).
// TestEmbeddedCatalogCurrent fails when it is stale; regenerate it with
//
//	go generate ./registry
//
//go:generate go test -run TestEmbeddedCatalogCurrent -update .
//go:embed embedded/cognito.catalog.gob
var cognitoCatalog []byte

// cognitoOptions are the options the embedded catalog is built with.
var cognitoOptions = openapi.Options{Namespace: CognitoNamespace}

var cognito = sync.OnceValues(func() (*openapi.Catalog, error) {
	var c openapi.Catalog
	if err := gob.NewDecoder(bytes.NewReader(cognitoCatalog)).Decode(&c); err != nil {
		return nil, fmt.Errorf("embedded Cognito catalog: %w (run go generate ./registry)", err)
	}
	return &c, nil
})

// Cognito returns the catalog of the embedded Cognito source. It is built
// once and shared: callers must not modify it.
func Cognito() (*openapi.Catalog, error) { return cognito() }
