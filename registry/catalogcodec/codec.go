// Package catalogcodec writes an openapi.Catalog in a compact binary form
// and reads it back quickly. The server decodes the embedded Cognito
// catalog at every start, and the cached catalogs of saved sources at
// every restart, before it can answer a host: encoding/gob took about 2 ms
// for the embedded catalog, most of it allocating one string at a time.
//
// Decode allocates little: every string of the catalog is a substring of
// the data and every schema a slice of it, neither copied, and the
// server lists and security requirements that tools share (every Cognito
// tool has the same two) are decoded once and shared. A decoded catalog is
// as immutable as any other: nothing may modify it, nor the data it was
// decoded from.
//
// Encode and Decode round-trip every field of the catalog exactly, nil and
// empty lists apart (TestFieldsCovered fails when openapi adds a field the
// codec does not know).
package catalogcodec

import (
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"slices"
	"unsafe"

	"github.com/cognito-mcp/cognito-mcp/openapi"
)

// magic starts every encoded catalog: the format and its version.
const magic = "oacat\x01"

// Encode writes c in the binary form Decode reads.
func Encode(c *openapi.Catalog) []byte {
	w := &writer{buf: []byte(magic), servers: map[string]uint64{}, security: map[string]uint64{}}
	w.str(c.Title)
	w.str(c.Version)
	w.str(c.Description)
	w.serverList(c.Servers)
	writeList(w, c.SecuritySchemes, w.scheme)
	writeList(w, c.Tools, w.tool)
	writeList(w, c.Skipped, func(s *openapi.Skipped) { w.str(s.Method); w.str(s.Path); w.str(s.Reason) })
	w.strs(c.Warnings)
	writeList(w, c.Notes, func(n *openapi.Note) { w.str(n.ID); w.str(n.Text) })
	return w.buf
}

// Decode reads a catalog Encode wrote. The catalog's strings and schemas
// share data's memory: data must not be modified afterwards, or the
// catalog's strings change with it.
func Decode(data []byte) (*openapi.Catalog, error) {
	if len(data) < len(magic) || string(data[:len(magic)]) != magic {
		return nil, errors.New("not an encoded catalog, or one of another format version")
	}
	// Viewing data as a string instead of copying it saves a copy of the
	// whole catalog (390 KB for Cognito's, at every start).
	r := &reader{data: data, text: unsafe.String(unsafe.SliceData(data), len(data)), off: len(magic)}
	c := &openapi.Catalog{}
	c.Title = r.str()
	c.Version = r.str()
	c.Description = r.str()
	c.Servers = r.serverList()
	c.SecuritySchemes = readList(r, r.scheme)
	c.Tools = readList(r, r.tool)
	c.Skipped = readList(r, func(s *openapi.Skipped) { s.Method, s.Path, s.Reason = r.str(), r.str(), r.str() })
	c.Warnings = r.strs()
	c.Notes = readList(r, func(n *openapi.Note) { n.ID, n.Text = r.str(), r.str() })
	if r.err == nil && r.off != len(data) {
		r.fail("%d bytes after the catalog", len(data)-r.off)
	}
	if r.err != nil {
		return nil, r.err
	}
	return c, nil
}

// writer appends the encoding to buf. Lists are written as their length
// plus one, 0 standing for nil; optional values as a presence byte.
type writer struct {
	buf []byte
	// servers and security number the shared lists already written, by
	// their encoding.
	servers, security map[string]uint64
}

func (w *writer) uint(n uint64) { w.buf = binary.AppendUvarint(w.buf, n) }

func (w *writer) str(s string) {
	w.uint(uint64(len(s)))
	w.buf = append(w.buf, s...)
}

func (w *writer) bytes(b []byte) {
	if b == nil {
		w.uint(0)
		return
	}
	w.uint(uint64(len(b)) + 1)
	w.buf = append(w.buf, b...)
}

func (w *writer) bool(b bool) {
	if b {
		w.buf = append(w.buf, 1)
	} else {
		w.buf = append(w.buf, 0)
	}
}

// present writes whether p is set, and reports it.
func present[T any](w *writer, p *T) bool {
	w.bool(p != nil)
	return p != nil
}

func writeList[T any](w *writer, list []T, each func(*T)) {
	if list == nil {
		w.uint(0)
		return
	}
	w.uint(uint64(len(list)) + 1)
	for i := range list {
		each(&list[i])
	}
}

func (w *writer) strs(list []string) { writeList(w, list, func(s *string) { w.str(*s) }) }

// shared writes a list tools share: 0 for nil, 1 and the list the first
// time, 2+k for the k-th list written before with the same encoding.
func (w *writer) shared(seen map[string]uint64, isNil bool, write func(*writer)) {
	if isNil {
		w.uint(0)
		return
	}
	one := &writer{servers: w.servers, security: w.security}
	write(one)
	if k, ok := seen[string(one.buf)]; ok {
		w.uint(k + 2)
		return
	}
	seen[string(one.buf)] = uint64(len(seen))
	w.uint(1)
	w.buf = append(w.buf, one.buf...)
}

func (w *writer) serverList(list []openapi.Server) {
	w.shared(w.servers, list == nil, func(w *writer) {
		writeList(w, list, func(s *openapi.Server) {
			w.str(s.URL)
			w.str(s.Description)
			writeList(w, s.Variables, func(v *openapi.ServerVariable) {
				w.str(v.Name)
				w.str(v.Default)
				w.strs(v.Enum)
			})
		})
	})
}

func (w *writer) securityList(list []openapi.SecurityRequirement) {
	w.shared(w.security, list == nil, func(w *writer) {
		writeList(w, list, func(req *openapi.SecurityRequirement) {
			if *req == nil {
				w.uint(0)
				return
			}
			names := slices.Sorted(maps.Keys(*req))
			w.uint(uint64(len(names)) + 1)
			for _, name := range names {
				w.str(name)
				w.strs((*req)[name])
			}
		})
	})
}

func (w *writer) scheme(s *openapi.SecurityScheme) {
	w.str(s.Name)
	w.str(string(s.Type))
	w.str(s.In)
	w.str(s.Param)
	w.str(string(s.Scheme))
	w.str(s.TokenURL)
	w.str(s.Description)
	w.bool(s.AWSSigV4)
}

func (w *writer) tool(t *openapi.Tool) {
	w.str(t.Name)
	w.str(string(t.Path))
	w.str(t.Title)
	w.str(t.Description)
	w.bytes(t.InputSchema)
	w.bytes(t.OutputSchema)
	a := t.Annotations
	w.bool(a.ReadOnly)
	w.bool(a.Destructive)
	w.bool(a.Idempotent)
	w.bool(a.OpenWorld)
	w.plan(&t.Plan)
	if present(w, t.Paging) {
		p := t.Paging
		w.strs(p.InputTokens)
		w.strs(p.OutputTokens)
		w.str(p.LimitKey)
		w.strs(p.ResultKeys)
		w.str(p.MoreResults)
	}
	if present(w, t.Sensitive) {
		w.strs(t.Sensitive.Args)
		w.strs(t.Sensitive.Result)
	}
}

func (w *writer) plan(p *openapi.Plan) {
	w.str(p.OperationID)
	w.str(p.Method)
	w.str(p.Path)
	writeList(w, p.Params, func(p *openapi.Param) {
		w.str(p.Name)
		w.str(p.Arg)
		w.str(string(p.In))
		w.bool(p.Required)
		w.str(p.Style)
		w.bool(p.Explode)
		w.str(p.Type)
	})
	writeList(w, p.Headers, func(h *openapi.Header) { w.str(h.Name); w.str(h.Value) })
	if present(w, p.Body) {
		w.str(p.Body.MediaType)
		w.bool(p.Body.Required)
		w.str(p.Body.Arg)
		w.strs(p.Body.Props)
	}
	w.serverList(p.Servers)
	w.securityList(p.Security)
	if present(w, p.AWS) {
		w.str(p.AWS.Target)
		w.str(p.AWS.SigningName)
		w.str(p.AWS.JSONVersion)
		w.bool(p.AWS.Unsigned)
	}
}

// reader decodes data; text is the same memory seen as a string, which
// every decoded string is a part of. The first error sticks: later reads return
// zero values.
type reader struct {
	data []byte
	text string
	off  int
	err  error
	// servers and security are the shared lists read so far.
	servers  [][]openapi.Server
	security [][]openapi.SecurityRequirement
}

func (r *reader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("encoded catalog at byte %d: "+format, append([]any{r.off}, args...)...)
	}
}

func (r *reader) uint() uint64 {
	if r.err != nil {
		return 0
	}
	n, size := binary.Uvarint(r.data[r.off:])
	if size <= 0 {
		r.fail("bad number")
		return 0
	}
	r.off += size
	return n
}

// span returns the bounds of the next n bytes and skips them.
func (r *reader) span(n uint64) (int, int, bool) {
	if r.err != nil {
		return 0, 0, false
	}
	if n > uint64(len(r.data)-r.off) {
		r.fail("%d bytes wanted, %d left", n, len(r.data)-r.off)
		return 0, 0, false
	}
	start := r.off
	r.off += int(n)
	return start, r.off, true
}

func (r *reader) str() string {
	start, end, ok := r.span(r.uint())
	if !ok {
		return ""
	}
	return r.text[start:end]
}

func (r *reader) bytes() []byte {
	n := r.uint()
	if n == 0 {
		return nil
	}
	start, end, ok := r.span(n - 1)
	if !ok {
		return nil
	}
	return r.data[start:end:end] // an append copies instead of overwriting data
}

func (r *reader) bool() bool {
	start, _, ok := r.span(1)
	if !ok {
		return false
	}
	switch r.data[start] {
	case 0:
		return false
	case 1:
		return true
	}
	r.fail("bad boolean %d", r.data[start])
	return false
}

// readList reads a list writeList wrote. Each element is at least one
// byte, so a length beyond the data left is refused before allocating.
func readList[T any](r *reader, each func(*T)) []T {
	n := r.uint()
	if n == 0 || r.err != nil {
		return nil
	}
	n--
	if n > uint64(len(r.data)-r.off) {
		r.fail("a list of %d in %d bytes", n, len(r.data)-r.off)
		return nil
	}
	list := make([]T, n)
	for i := range list {
		each(&list[i])
	}
	return list
}

func (r *reader) strs() []string { return readList(r, func(s *string) { *s = r.str() }) }

// shared reads a list shared wrote: from the data the first time, from
// table after.
func shared[T any](r *reader, table *[][]T, read func() []T) []T {
	switch k := r.uint(); {
	case k == 0 || r.err != nil:
		return nil
	case k == 1:
		list := read()
		*table = append(*table, list)
		return list
	case k-2 < uint64(len(*table)):
		return (*table)[k-2]
	default:
		r.fail("shared list %d of %d", k-2, len(*table))
		return nil
	}
}

func (r *reader) serverList() []openapi.Server {
	return shared(r, &r.servers, func() []openapi.Server {
		return readList(r, func(s *openapi.Server) {
			s.URL, s.Description = r.str(), r.str()
			s.Variables = readList(r, func(v *openapi.ServerVariable) {
				v.Name, v.Default, v.Enum = r.str(), r.str(), r.strs()
			})
		})
	})
}

func (r *reader) securityList() []openapi.SecurityRequirement {
	return shared(r, &r.security, func() []openapi.SecurityRequirement {
		return readList(r, func(req *openapi.SecurityRequirement) {
			n := r.uint()
			if n == 0 {
				return
			}
			*req = make(openapi.SecurityRequirement, min(n-1, 64))
			for range n - 1 {
				if r.err != nil {
					return
				}
				name := r.str()
				(*req)[name] = r.strs()
			}
		})
	})
}

func (r *reader) scheme(s *openapi.SecurityScheme) {
	s.Name = r.str()
	s.Type = openapi.SchemeKind(r.str())
	s.In = r.str()
	s.Param = r.str()
	s.Scheme = openapi.HTTPScheme(r.str())
	s.TokenURL = r.str()
	s.Description = r.str()
	s.AWSSigV4 = r.bool()
}

func (r *reader) tool(t *openapi.Tool) {
	t.Name = r.str()
	t.Path = openapi.ToolPath(r.str())
	t.Title = r.str()
	t.Description = r.str()
	t.InputSchema = r.bytes()
	t.OutputSchema = r.bytes()
	t.Annotations = openapi.Annotations{ReadOnly: r.bool(), Destructive: r.bool(), Idempotent: r.bool(), OpenWorld: r.bool()}
	r.plan(&t.Plan)
	if r.bool() {
		t.Paging = &openapi.Paging{InputTokens: r.strs(), OutputTokens: r.strs(), LimitKey: r.str(), ResultKeys: r.strs(), MoreResults: r.str()}
	}
	if r.bool() {
		t.Sensitive = &openapi.Sensitive{Args: r.strs(), Result: r.strs()}
	}
}

func (r *reader) plan(p *openapi.Plan) {
	p.OperationID, p.Method, p.Path = r.str(), r.str(), r.str()
	p.Params = readList(r, func(p *openapi.Param) {
		p.Name, p.Arg, p.In = r.str(), r.str(), openapi.Location(r.str())
		p.Required, p.Style, p.Explode, p.Type = r.bool(), r.str(), r.bool(), r.str()
	})
	p.Headers = readList(r, func(h *openapi.Header) { h.Name, h.Value = r.str(), r.str() })
	if r.bool() {
		p.Body = &openapi.Body{MediaType: r.str(), Required: r.bool(), Arg: r.str(), Props: r.strs()}
	}
	p.Servers = r.serverList()
	p.Security = r.securityList()
	if r.bool() {
		p.AWS = &openapi.AWS{Target: r.str(), SigningName: r.str(), JSONVersion: r.str(), Unsigned: r.bool()}
	}
}
