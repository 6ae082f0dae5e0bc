// Package openapi turns an OpenAPI document into MCP tool definitions and
// request plans. It does no I/O: callers pass bytes (and, for external
// $refs, a function that reads them) and get a *Catalog.
//
//	cat, err := openapi.Load(spec, openapi.Options{Namespace: "cognito"})
//	tool := cat.Tool("cognito_admin_create_user")
//
// # What Load accepts
//
// OpenAPI 3.0 and 3.1 and Swagger 2.0 (converted to OpenAPI 3), as JSON or
// YAML, parsed by kin-openapi. Load fails only when no tool can be made:
// the data is not an OpenAPI document, does not parse, has no paths, or has
// a $ref that does not resolve. Everything else kin-openapi's validation
// finds (with pattern, format, default and example checks off) is reported
// in Catalog.Warnings, with dropped patterns and renamed tools.
//
// # Tools
//
// Each operation becomes one Tool: a tool path (group.leaf: camelCase of the
// first tag or path segment, then of the operationId),
// a compact MCP name ([a-z0-9_], at most 48 bytes, shortened and
// disambiguated with a hash), a plain-text description (HTML converted,
// capped at 4,000 bytes on a sentence end), a self-contained JSON Schema
// 2020-12 input schema, MCP annotations classified from the method and the
// operation name, and a Plan saying where every argument goes. AWS JSON
// operations (a fixed X-Amz-Target header on an amazonaws.com or SigV4
// API) also get a lenient output schema.
//
// # Extensions
//
// Documents converted from AWS models (package botocore) say more than
// OpenAPI can: x-sensitive marks schemas whose values logs must mask
// (Tool.Sensitive lists their argument and result paths), x-aws-unsigned
// marks operations AWS serves without SigV4 (AWS.Unsigned), and
// x-aws-pagination gives a list operation's paginator (Tool.Paging).
// Documents without them load as before.
//
// # Compact schemas
//
// By default (SchemasCompact) input schemas are self-contained: every $ref
// is inlined, and $defs stay only for recursive types (said in
// Catalog.Warnings). Text that several tools repeat (Cognito's SMS-sandbox
// paragraph, in 15 operations; any sentence of 60 bytes or more) is said
// once in Catalog.Notes and replaced by "(note cognito-9)"; whoever lists
// the tools gives the notes (the server, in its instructions). Descriptions
// that only restate where they stand go: every word of "The user name of
// the user you want to disable." is filler or a word of the names around
// Username in AdminDisableUser (the property, the properties enclosing it,
// the operation and the API's title). References to documentation pages,
// examples, $comment, writeOnly, titles repeating the property name, the
// "password" format, the ends of a pattern that may match nothing (a
// pattern matches wherever part of a string does) and a minLength of 1
// beside a pattern that needs a character go too; whitespace collapses.
// Every constraint stays: a test generates valid and invalid arguments for
// each tool of both Cognito documents and checks that the compact and the
// verbose schemas (SchemasVerbose, the converter's own output) agree on
// every one. Output schemas get their references inlined too.
// DescriptionsShort keeps the first sentence of each operation and property
// description, cut at a word past 100 bytes, and says a property's sentence
// once per tool (the Notify flag of three risk actions is described at the
// first).
//
// What the model reads of a catalog (name, title, description and input
// schema of each tool) is held by a test to issue 9's targets against the
// verbose catalog of the same document: at most 60% in full mode and 35%
// with short descriptions. BenchmarkCatalogBytes reports the figures, with
// and without the notes.
//
// # Large documents
//
// Microsoft Graph v1.0 (20 MB, 11,422 operations) gives 109 MB of compact
// input schemas, because its entity types, inlined, reach one another.
// Load keeps that cheap: a JSON document over 1 MB is pruned of what no
// tool needs before kin-openapi decodes it, kin-openapi's validation is
// skipped above 3,000 operations, each named schema is converted and
// inlined once and shared by every tool that reaches it (immutable trees,
// never encoded and decoded between passes), each tool's schema is written
// once on as many goroutines as GOMAXPROCS allows, and the parsed document
// is let go before the schemas are written. BenchmarkLargeDocuments holds the
// catalogs of GitHub's and Graph's descriptions to recorded digests.
//
// # Determinism
//
// Paths, methods, properties, required lists, $defs, warnings and name
// collisions are all handled in sorted order, so the same document always
// gives byte-identical JSON, whatever GOMAXPROCS.
package openapi
