package registry

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"
)

// Store keeps the added sources so that they outlive the process. The
// Registry owns the live set of sources and talks to its Store only through
// this interface; FileStore, the state directory, is the default.
//
// Several processes or replicas may share one store, so a change reads the
// store's current state, not a copy the caller remembers: Put and Delete
// change one source each and leave the others as they find them. Every
// change is atomic: after an error the saved state is as it was. Every
// method is safe for concurrent use and honours its context.
type Store interface {
	// Load returns every saved source. An error means the saved state
	// cannot be read at all: the Registry then loads no saved source and
	// refuses changes rather than overwrite what it could not read.
	Load(ctx context.Context) ([]SavedSource, error)

	// Document returns the bytes Put saved under sum, the hex SHA-256 of
	// those bytes. The caller checks the sum.
	Document(ctx context.Context, sum string) ([]byte, error)

	// Put saves src and the documents it refers to (docs, by their hex
	// SHA-256; a document the store already holds may be left out). A
	// source of the same namespace that is already saved is replaced when
	// replace is true; otherwise Put fails with ErrSourceExists. replaced
	// reports whether a saved source was replaced. Documents that no saved
	// source refers to any more may be deleted.
	Put(ctx context.Context, src SavedSource, docs map[string][]byte, replace bool) (replaced bool, err error)

	// Delete removes the saved source of namespace, and the documents no
	// other saved source refers to. It fails with ErrNoSource when no
	// source of that namespace is saved.
	Delete(ctx context.Context, namespace string) error

	// Watch reports changes made to the saved state by others (other
	// processes, other replicas): after each value received, Load may
	// return something new. Values may be coalesced; the channel is closed
	// when ctx ends. A store that cannot see changes made by others
	// returns a nil channel, which is never ready.
	Watch(ctx context.Context) (<-chan struct{}, error)

	// Location says where the state is kept, for messages: a directory, or
	// a database URL without its password.
	Location() string
}

// Errors a Store returns for Put and Delete; test them with errors.Is.
var (
	ErrSourceExists = errors.New("a source of this namespace is already saved")
	ErrNoSource     = errors.New("no source of this namespace is saved")
)

// SavedSource is an added source as a Store keeps it: everything needed to
// load it again with no network. It holds secret references, never secrets.
// The JSON form is the one FileStore writes in sources.json.
type SavedSource struct {
	Namespace string `json:"namespace"`
	// Origin is the document URL (without credentials or query), the local
	// file path, or OriginInline.
	Origin string `json:"origin"`
	// Location is the URL relative $refs resolve against, if any.
	Location string `json:"location,omitempty"`
	// Document is the hex SHA-256 of the saved document bytes.
	Document string `json:"document"`
	// Refs maps each external $ref URL read to the hex SHA-256 of its bytes.
	Refs    map[string]string `json:"refs,omitempty"`
	Config  Config            `json:"config"`
	AddedAt time.Time         `json:"addedAt"`
}

// Documents lists the hex SHA-256 of every document s refers to: the
// document itself and its $ref targets.
func (s SavedSource) Documents() []string {
	out := []string{s.Document}
	for _, sum := range s.Refs {
		out = append(out, sum)
	}
	return out
}

// digest is the hex SHA-256 of b: the name under which a Store keeps b.
func digest(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// isDigest reports whether s is a hex SHA-256 as digest writes it.
func isDigest(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range s {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
