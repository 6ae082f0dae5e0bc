// Package registry owns the set of live OpenAPI sources: the embedded
// Cognito default and the sources added at run time. It previews, adds and
// removes sources, saves them through a Store, and tells its subscribers of
// every change. It never builds or sends API requests, never holds a
// secret (only references such as {"env": "NAME"}), and never fetches or
// loads a document while holding a lock.
//
// # Reading
//
// Snapshot returns the current, immutable set of sources without locking.
// Subscribe is told of every change, in order, one call per change, after
// the change is made and with no lock held: a subscriber may read the
// registry back, but must not call Add or Remove.
//
// # Sources
//
// A spec is an http(s) URL (fetched within a size limit, a timeout and a
// redirect limit), the document text (JSON or YAML), or a local file under
// one of Options.AllowDirs. Relative external $refs resolve against the
// document's URL with the same limits.
//
// # Persistence
//
// A Store keeps the added sources: each one's namespace, origin, Config
// and the SHA-256 of its document and of every $ref target, and those
// documents by their SHA-256, so a restart needs no network. FileStore, the
// default, keeps them under Options.Dir: sources.json (versioned) and
// documents/, every file written atomically, each change made under an
// exclusive lock on sources.lock so that several processes share one
// directory. Each change reads the saved state again and changes one
// source, so stores shared by several processes or replicas (the
// PostgreSQL store of package pgstore) fit behind the same interface;
// Follow applies the changes others make when the Store reports them. A
// saved source that fails to load is reported in Snapshot.Problems and
// skipped; saved state that cannot be read is reported and never
// overwritten.
//
// With Options.CacheDir set, the catalog built for each saved source is
// kept on disk, keyed by its documents' SHA-256, its options and
// LoaderVersion, so a restart decodes it instead of parsing the document.
// Export and Import move saved sources between stores as JSON lines.
package registry
