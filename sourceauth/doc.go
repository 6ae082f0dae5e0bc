// Package sourceauth authorizes the requests of added OpenAPI sources from
// their security schemes and secret references: API keys, HTTP bearer and
// basic, OAuth2 access tokens and client-credentials tokens it fetches and
// caches. Secrets are read at call time (environment or file) and never
// appear in errors, hints or logs.
//
// It never signs AWS requests (package executor does SigV4), never builds
// or sends the calls themselves, and never speaks MCP.
package sourceauth
