package registry

import (
	"bytes"
	_ "embed"
	"encoding/json"
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

// cognitoCatalogJSON is openapi.Load's result for CognitoDocument, computed
// ahead of time so that start-up decodes JSON instead of parsing 670 KB of
// YAML. TestEmbeddedCatalogCurrent fails when it is stale; regenerate it with
//
//	go generate ./registry
//
//go:generate go test -run TestEmbeddedCatalogCurrent -update .
//go:embed embedded/cognito.catalog.json
var cognitoCatalogJSON []byte

// cognitoOptions are the options the embedded catalog is built with.
var cognitoOptions = openapi.Options{Namespace: CognitoNamespace}

var cognito = sync.OnceValues(func() (*openapi.Catalog, error) {
	var c openapi.Catalog
	dec := json.NewDecoder(bytes.NewReader(cognitoCatalogJSON))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("embedded Cognito catalog: %w (run go generate ./registry)", err)
	}
	return &c, nil
})

// Cognito returns the catalog of the embedded Cognito source. It is built
// once and shared: callers must not modify it.
func Cognito() (*openapi.Catalog, error) { return cognito() }
