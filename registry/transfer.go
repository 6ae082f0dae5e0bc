package registry

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// ExportLine is one line of an export (JSON lines): a saved source and
// every document it refers to, by SHA-256 (base64 in JSON). It holds
// secret references, never secrets.
type ExportLine struct {
	Source    SavedSource       `json:"source"`
	Documents map[string][]byte `json:"documents"`
}

// Export writes every source saved in st to w, one ExportLine per line,
// and returns how many.
func Export(ctx context.Context, st Store, w io.Writer) (int, error) {
	saved, err := st.Load(ctx)
	if err != nil {
		return 0, err
	}
	enc := json.NewEncoder(w)
	for i, e := range saved {
		line := ExportLine{Source: e, Documents: map[string][]byte{}}
		for _, sum := range e.Documents() {
			data, err := st.Document(ctx, sum)
			if err != nil {
				return i, fmt.Errorf("source %q: document %s: %w", e.Namespace, sum, err)
			}
			if digest(data) != sum {
				return i, fmt.Errorf("source %q: document %s is damaged (checksum mismatch)", e.Namespace, sum)
			}
			line.Documents[sum] = data
		}
		if err := enc.Encode(line); err != nil {
			return i, err
		}
	}
	return len(saved), nil
}

// Import saves in st every source Export wrote to r, each with its
// documents, and returns how many. A source already saved in st is an
// error unless replace is true; the sources before it stay imported.
func Import(ctx context.Context, st Store, r io.Reader, replace bool) (int, error) {
	dec := json.NewDecoder(r)
	n := 0
	for {
		var line ExportLine
		err := dec.Decode(&line)
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return n, fmt.Errorf("line %d is not an exported source: %v", n+1, err)
		}
		e := line.Source
		if err := CheckNamespace(e.Namespace); err != nil {
			return n, fmt.Errorf("line %d: %w", n+1, err)
		}
		for _, sum := range e.Documents() {
			if data, ok := line.Documents[sum]; !ok || digest(data) != sum {
				return n, fmt.Errorf("line %d, source %q: document %s is missing or damaged; export again", n+1, e.Namespace, sum)
			}
		}
		if _, err := st.Put(ctx, e, line.Documents, replace); err != nil {
			if errors.Is(err, ErrSourceExists) {
				return n, fmt.Errorf("source %q is already saved in %s; pass --replace to replace it", e.Namespace, st.Location())
			}
			return n, fmt.Errorf("source %q: %w", e.Namespace, err)
		}
		n++
	}
}
