package registry

import (
	_ "embed"
	"fmt"
	"sync"

	"github.com/cognito-mcp/cognito-mcp/openapi"
	"github.com/cognito-mcp/cognito-mcp/registry/catalogcodec"
)

// CognitoNamespace is the namespace of the embedded Cognito source.
const CognitoNamespace = "cognito"

// CognitoDocument is the embedded Amazon Cognito user pools OpenAPI document:
// package botocore's conversion of AWS's model of the service
// (embedded/botocore, with its license and provenance), 129 operations.
//
//go:embed embedded/cognito-idp.openapi.json
var CognitoDocument []byte

// cognitoCatalog is openapi.Load's result for CognitoDocument, computed
// ahead of time and encoded with catalogcodec, so that start-up decodes it
// in half a millisecond instead of parsing the 1.3 MB document (or
// decoding it as gob, four times slower, or JSON, slower still).
// TestEmbeddedCatalogCurrent fails when it is stale; regenerate the
// document and the catalog with
//
//	go generate ./registry
//
//go:embed embedded/cognito.catalog.bin
var cognitoCatalog []byte

// cognitoShortCatalog is the same catalog with short descriptions
// (openapi.Load with DescriptionsShort), precomputed for the same reason:
// --descriptions short then costs nothing at start.
// TestEmbeddedCatalogCurrent checks it too.
//
//go:embed embedded/cognito.short.catalog.bin
var cognitoShortCatalog []byte

// cognitoOptions are the options the embedded catalog is built with;
// cognitoShortOptions those of the short one.
var (
	cognitoOptions      = openapi.Options{Namespace: CognitoNamespace}
	cognitoShortOptions = openapi.Options{Namespace: CognitoNamespace, Descriptions: openapi.DescriptionsShort}
)

var (
	cognito      = sync.OnceValues(func() (*openapi.Catalog, error) { return decodeEmbedded(cognitoCatalog) })
	cognitoShort = sync.OnceValues(func() (*openapi.Catalog, error) { return decodeEmbedded(cognitoShortCatalog) })
)

// decodeEmbedded decodes one of the precomputed catalogs.
func decodeEmbedded(data []byte) (*openapi.Catalog, error) {
	c, err := catalogcodec.Decode(data)
	if err != nil {
		return nil, fmt.Errorf("embedded Cognito catalog: %w (run go generate ./registry)", err)
	}
	return c, nil
}

// Cognito returns the catalog of the embedded Cognito source. It is built
// once and shared: callers must not modify it.
func Cognito() (*openapi.Catalog, error) { return cognito() }

// CognitoShort returns the catalog of the embedded Cognito source with
// short descriptions: what openapi.Load makes of CognitoDocument with
// DescriptionsShort. It is built once and shared: callers must not modify
// it.
func CognitoShort() (*openapi.Catalog, error) { return cognitoShort() }
