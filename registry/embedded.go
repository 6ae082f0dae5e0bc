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

// CognitoDocument is the embedded Amazon Cognito user pools OpenAPI document:
// package botocore's conversion of AWS's model of the service
// (embedded/botocore, with its license and provenance), 129 operations.
//
//go:embed embedded/cognito-idp.openapi.json
var CognitoDocument []byte

// cognitoCatalog is openapi.Load's result for CognitoDocument, computed
// ahead of time and gob-encoded, so that start-up decodes it in a few
// milliseconds instead of parsing the 1.3 MB document or decoding the
// same catalog as JSON (about three times gob's cost).
// TestEmbeddedCatalogCurrent fails when it is stale; regenerate the
// document and the catalog with
//
//	go generate ./registry
//
//go:embed embedded/cognito.catalog.gob
var cognitoCatalog []byte

// cognitoShortCatalog is the same catalog with short descriptions
// (openapi.Load with DescriptionsShort), precomputed for the same reason:
// --descriptions short then costs nothing at start.
// TestEmbeddedCatalogCurrent checks it too.
//
//go:embed embedded/cognito.short.catalog.gob
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
	c, err := decodeGob(data)
	if err != nil {
		return nil, fmt.Errorf("embedded Cognito catalog: %w (run go generate ./registry)", err)
	}
	return c, nil
}

// decodeGob decodes a gob-encoded catalog. Gob keeps no empty lists, but
// openapi.Load makes Plan.Security and each requirement's scopes lists,
// never nil (an empty Security: the operation needs no credentials, where
// nil would mean "the document's default"), so nil is put back to empty.
func decodeGob(data []byte) (*openapi.Catalog, error) {
	var cat openapi.Catalog
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&cat); err != nil {
		return nil, err
	}
	for i := range cat.Tools {
		p := &cat.Tools[i].Plan
		if p.Security == nil {
			p.Security = []openapi.SecurityRequirement{}
		}
		for _, req := range p.Security {
			for name, scopes := range req {
				if scopes == nil {
					req[name] = []string{}
				}
			}
		}
	}
	return &cat, nil
}

// Cognito returns the catalog of the embedded Cognito source. It is built
// once and shared: callers must not modify it.
func Cognito() (*openapi.Catalog, error) { return cognito() }

// CognitoShort returns the catalog of the embedded Cognito source with
// short descriptions: what openapi.Load makes of CognitoDocument with
// DescriptionsShort. It is built once and shared: callers must not modify
// it.
func CognitoShort() (*openapi.Catalog, error) { return cognitoShort() }
