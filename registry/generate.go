package registry

//go:generate go run ../cmd/botocore2openapi -model embedded/botocore/cognito-idp-2016-04-18.service-2.json -paginators embedded/botocore/cognito-idp-2016-04-18.paginators-1.json -output embedded/cognito-idp.openapi.json
