package openapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/cognito-mcp/cognito-mcp/internal/lazyre"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"
)

// Options control how a document becomes a Catalog. The zero value is not
// useful: Namespace is required.
type Options struct {
	// Namespace prefixes every MCP name: "cognito" gives
	// "cognito_admin_create_user". Lowercase letters and digits.
	Namespace string
	// PathPrefix, when set, prefixes every tool path: "petstore" gives
	// "petstore.pet.addPet". Empty for the embedded source.
	PathPrefix string
	// Include and Exclude filter operations; each entry matches an
	// operationId, a tool path or an MCP name, with '*' as a wildcard,
	// ignoring ASCII case. Empty Include means every operation; Exclude
	// applies after it. Names are assigned before filtering, so a tool's
	// name does not depend on the filter.
	Include, Exclude []string
	// Location is where the document came from, for resolving relative
	// external $refs. Nil when the document was given as text.
	Location *url.URL
	// ReadRef reads an external $ref target. Nil refuses external refs.
	ReadRef func(*url.URL) ([]byte, error)
	// Schemas says how input schemas are written: SchemasCompact (the zero
	// value) or SchemasVerbose, the $defs form with every annotation.
	Schemas Schemas
	// Descriptions is DescriptionsFull (the zero value) or DescriptionsShort.
	Descriptions Descriptions

	// noPrune loads large documents whole; tests compare the two paths.
	noPrune bool
}

// maxNamespaceLen leaves room in a 48-byte MCP name for the operation.
const maxNamespaceLen = 24

var namespaceRE = lazyre.New(`^[a-z][a-z0-9]*$`)

// Load parses an OpenAPI 3.0, 3.1 or Swagger 2.0 document (JSON or YAML)
// and returns its Catalog.
//
// Load fails only when no tool could be made: the data is not an OpenAPI
// document, does not parse, has no paths, or has a $ref that does not
// resolve. What kin-openapi's validation finds beyond that (with pattern,
// format, default and example checks off, since real documents such as
// Cognito's carry regexes Go cannot compile) becomes Catalog.Warnings.
func Load(data []byte, opts Options) (*Catalog, error) {
	if !namespaceRE().MatchString(opts.Namespace) || len(opts.Namespace) > maxNamespaceLen {
		return nil, fmt.Errorf("openapi: namespace %q: want 1-%d lowercase letters and digits, starting with a letter", opts.Namespace, maxNamespaceLen)
	}
	doc, err := parse(data, opts)
	if err != nil {
		return nil, err
	}
	if doc.Paths == nil || doc.Paths.Len() == 0 {
		return nil, errors.New("openapi: the document has no paths, so there is nothing to call")
	}
	b := newBuilder(doc, opts)
	if n := countOperations(doc); n > maxValidatedOperations {
		// kin-openapi validates the schemas under each operation anew, so
		// its time grows with operations times schema size: Microsoft
		// Graph's 11,422 operations took over a minute, for warnings only.
		b.warn(fmt.Sprintf("the document has %d operations, more than the %d up to which it is checked against the OpenAPI specification: it was not", n, maxValidatedOperations))
	} else if err := doc.Validate(context.Background(),
		openapi3.DisableSchemaPatternValidation(),
		openapi3.DisableSchemaFormatValidation(),
		openapi3.DisableSchemaDefaultsValidation(),
		openapi3.DisableExamplesValidation(),
		openapi3.AllowExtraSiblingFields("description", "example", "examples", "nullable", "deprecated", "readOnly", "writeOnly"),
		openapi3.EnableMultiError(),
	); err != nil {
		for _, line := range strings.Split(err.Error(), "\n") {
			if line = strings.TrimSpace(line); line != "" && line != "|" {
				b.warn("document does not validate: " + line)
			}
		}
	}
	return b.build(), nil
}

// maxValidatedOperations is the largest document, in operations, that Load
// checks against the OpenAPI specification. GitHub's REST description has
// about 1,200.
const maxValidatedOperations = 3000

// countOperations counts the operations of a parsed document.
func countOperations(doc *openapi3.T) int {
	n := 0
	for _, item := range doc.Paths.Map() {
		if item != nil {
			n += len(item.Operations())
		}
	}
	return n
}

// newLoader is a kin-openapi loader that reads external $refs with
// opts.ReadRef, or refuses them.
func newLoader(opts Options) *openapi3.Loader {
	loader := openapi3.NewLoader()
	if opts.ReadRef != nil {
		loader.IsExternalRefsAllowed = true
		read := opts.ReadRef
		loader.ReadFromURIFunc = func(_ *openapi3.Loader, u *url.URL) ([]byte, error) {
			return read(u)
		}
	}
	return loader
}

// docVersion is which specification a document declares.
type docVersion int

const (
	unknownVersion docVersion = iota
	openAPI3
	swagger2
)

// parse reads the document with kin-openapi, converting Swagger 2.0 to
// OpenAPI 3, and resolves its $refs.
func parse(data []byte, opts Options) (*openapi3.T, error) {
	loader := newLoader(opts)
	location := opts.Location
	if location == nil {
		location = &url.URL{Path: "openapi.yaml"}
	}
	version := probeVersion(data)
	switch version {
	case swagger2:
		var doc2 openapi2.T
		if err := openapi2.UnmarshalFromData(data, &doc2); err != nil {
			return nil, parseError(data, err)
		}
		if doc2.Swagger == "" {
			return nil, notADocument
		}
		doc, err := openapi2conv.ToV3WithLoader(&doc2, loader, location)
		if err != nil {
			return nil, refError(err)
		}
		return doc, nil
	default:
		if version == openAPI3 && looksJSON(data) {
			// kin-openapi reads everything as YAML first, which for a large
			// JSON document (GitHub's, 13 MB) costs seconds and hundreds of
			// MB; encoding/json does the same job in a fraction. Errors go
			// through the general path below for its messages.
			if len(data) >= pruneThreshold && !opts.noPrune {
				if pruned, ok := prune(data); ok {
					if doc, err := decodeLarge(pruned); err == nil && loader.ResolveRefsIn(doc, location) == nil {
						return doc, nil
					}
					// Anything pruning got wrong is not the caller's problem:
					// load the document as it is.
					loader = newLoader(opts)
				}
			}
			doc := &openapi3.T{}
			if json.Unmarshal(data, doc) == nil {
				if err := loader.ResolveRefsIn(doc, location); err != nil {
					return nil, refError(err)
				}
				return doc, nil
			}
		}
		doc, err := loader.LoadFromDataWithPath(data, location)
		if err != nil {
			if strings.HasPrefix(err.Error(), "failed to unmarshal data") {
				if version == unknownVersion && (strings.Contains(err.Error(), "cannot construct") || strings.Contains(err.Error(), "cannot unmarshal")) {
					return nil, notADocument
				}
				return nil, parseError(data, err)
			}
			return nil, refError(err)
		}
		if doc.OpenAPI == "" {
			return nil, notADocument
		}
		return doc, nil
	}
}

var notADocument = errors.New("openapi: not an OpenAPI document: no openapi or swagger field")

// parseError rephrases kin-openapi's decode error: "parse YAML: line 4: did
// not find expected ',' or ']'", with the JSON error first for JSON input.
func parseError(data []byte, err error) error {
	msg := err.Error()
	yamlMsg := msg
	if i := strings.LastIndex(msg, "yaml: "); i >= 0 {
		yamlMsg = msg[i+len("yaml: "):]
	}
	if looksJSON(data) {
		jsonMsg := msg
		if i := strings.Index(msg, "json error: "); i >= 0 {
			jsonMsg = msg[i+len("json error: "):]
			if j := strings.Index(jsonMsg, ", yaml error: "); j >= 0 {
				jsonMsg = jsonMsg[:j]
			}
		}
		return fmt.Errorf("openapi: parse JSON: %s (as YAML: %s)", jsonMsg, yamlMsg)
	}
	return fmt.Errorf("openapi: parse YAML: %s", yamlMsg)
}

// refError wraps a failure to resolve a $ref.
func refError(err error) error {
	return fmt.Errorf("openapi: resolve $ref: %w; every $ref must point into this document (or, for an added source, a readable file next to it)", err)
}

func looksJSON(data []byte) bool {
	data = bytes.TrimLeft(data, " \t\r\n\ufeff")
	return len(data) > 0 && data[0] == '{'
}

// probeVersion finds the top-level openapi or swagger field without parsing
// the whole document: in JSON it reads top-level keys, skipping values; in
// YAML it looks for the key at the start of a line.
func probeVersion(data []byte) docVersion {
	if looksJSON(data) {
		dec := json.NewDecoder(bytes.NewReader(data))
		if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
			return unknownVersion
		}
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				return unknownVersion
			}
			switch tok {
			case "openapi":
				return openAPI3
			case "swagger":
				return swagger2
			}
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return unknownVersion
			}
		}
		return unknownVersion
	}
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		line = bytes.Trim(line, "\"'")
		switch {
		case bytes.HasPrefix(line, []byte("openapi")) && isKeyEnd(line[len("openapi"):]):
			return openAPI3
		case bytes.HasPrefix(line, []byte("swagger")) && isKeyEnd(line[len("swagger"):]):
			return swagger2
		}
	}
	return unknownVersion
}

// isKeyEnd reports whether rest (what follows a key name) ends the key: an
// optional closing quote, spaces, then ':'.
func isKeyEnd(rest []byte) bool {
	rest = bytes.TrimLeft(rest, "\"' \t")
	return len(rest) > 0 && rest[0] == ':'
}
