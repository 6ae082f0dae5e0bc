package registry

// The embedded Cognito source is generated from AWS's model in two steps,
// in this order: the OpenAPI document from the botocore model, then the
// precomputed catalogs (full and short descriptions) from that document.
// TestEmbeddedDocumentCurrent and TestEmbeddedCatalogCurrent fail when one
// is stale.

//go:generate go run ../cmd/botocore2openapi -model embedded/botocore/cognito-idp-2016-04-18.service-2.json -paginators embedded/botocore/cognito-idp-2016-04-18.paginators-1.json -output embedded/cognito-idp.openapi.json
//go:generate go test -run TestEmbeddedCatalogCurrent -update .
