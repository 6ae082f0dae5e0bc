// Package pgstore keeps the added sources of a registry in PostgreSQL, so
// that any number of stateless replicas share them: a registry.Store.
//
// Each source is one row of cognito_mcp_sources (namespace, origin,
// location, the SHA-256 of its document and of every $ref target, its
// Config with secret references, never secrets, when it was added, a
// version and the time of its last change), and every document is one row
// of cognito_mcp_documents by the SHA-256 of its bytes, so a replica loads
// every source with no network. Open applies the embedded migrations under
// an advisory lock and refuses a schema newer than it knows. Put and
// Delete are one transaction each, serialized by an advisory lock, and
// NOTIFY the other replicas; Watch LISTENs on a dedicated connection and,
// when it is lost, reconnects with backoff and reports a change so that
// the registry resynchronises fully.
//
// It never reads a password from anywhere but the URL given to Open and
// the usual PG* variables and password file (PGPASSWORD, PGPASSFILE), never
// logs one, and never builds a catalog or calls an API.
package pgstore
