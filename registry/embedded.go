package registry

import (
	_ "embed"
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

var cognito = sync.OnceValues(func() (*openapi.Catalog, error) {
	return openapi.Load(CognitoDocument, openapi.Options{Namespace: CognitoNamespace})
})

// Cognito returns the catalog of the embedded Cognito source. It is built
// once and shared: callers must not modify it.
func Cognito() (*openapi.Catalog, error) { return cognito() }
