// Package botocore converts an AWS service model in botocore's JSON form
// (service-2.json, protocol "json": AWS JSON 1.0 or 1.1) and its
// paginators-1.json into an OpenAPI 3.0 document that openapi.Load turns
// into one tool per operation.
//
//	doc, err := botocore.Convert(model, paginators)
//
// The document has the shape of the APIs.guru conversions of AWS models:
// one POST path per operation, "/#X-Amz-Target=<targetPrefix>.<Operation>"
// (the fragment is never sent); a required X-Amz-Target header with that
// single value; the SigV4 parameters (X-Amz-Date, X-Amz-Signature...) on
// every path, which the loader drops; request and response bodies and
// errors (as responses 480, 481... in the model's order) as component
// schemas named after the model's shapes; and the model's documentation,
// HTML as AWS writes it. Servers are the regional https endpoints of the
// aws and aws-cn partitions (an operation with a host prefix gets its own).
// What the OpenAPI vocabulary lacks goes into
// extensions:
//
//   - x-sensitive: true on a schema (or on a member's annotation) whose
//     values must never be logged: the model's sensitive trait;
//   - x-aws-unsigned: true on an operation AWS serves without SigV4 (auth
//     smithy.api#noAuth or authtype none); the operation also declares
//     security: [];
//   - x-aws-pagination on an operation with a paginator: inputToken,
//     outputToken and resultKey (lists), limitKey and moreResults;
//   - x-aws-signing-name in info: the SigV4 service name.
//
// The output is deterministic: the same input gives the same bytes (JSON,
// keys sorted, indented with tabs, HTML not escaped). Nothing in the package
// is specific to one service. It does no I/O: callers pass bytes and get
// bytes.
package botocore
