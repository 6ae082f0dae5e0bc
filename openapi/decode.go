package openapi

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
)

// decodeLarge decodes a large OpenAPI 3 JSON document, split by prune, into
// the same openapi3.T that json.Unmarshal gives for the whole, in a fraction
// of the time. kin-openapi's own UnmarshalJSON methods decode the whole
// document twice (once for the fields, once more for the extensions) and its
// paths four times; here each component map is decoded once, path items
// as pathDecoder does, and paths and components on separate goroutines.
func decodeLarge(split *splitDoc) (*openapi3.T, error) {
	rest, err := json.Marshal(split.top)
	if err != nil {
		return nil, err
	}
	paths, compsRaw := split.paths, split.comps
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range paths {
			if !yield(k) {
				return
			}
		}
	})

	var (
		doc   openapi3.T
		comps *openapi3.Components
		items = make([]*openapi3.PathItem, len(keys))
		errs  = make([]error, 4)
		wg    sync.WaitGroup
	)
	half := len(keys) / 2
	decodeItems := func(slot, from, to int) {
		d := newPathDecoder()
		for i := from; i < to; i++ {
			if strings.HasPrefix(keys[i], "x-") {
				continue
			}
			item, err := d.item(paths[keys[i]])
			if err != nil {
				errs[slot] = fmt.Errorf("paths[%q]: %w", keys[i], err)
				return
			}
			items[i] = item
		}
	}
	wg.Go(func() { decodeItems(0, 0, half) })
	wg.Go(func() { decodeItems(1, half, len(keys)) })
	wg.Go(func() {
		if compsRaw != nil {
			comps, errs[2] = decodeComponents(compsRaw)
		}
	})
	errs[3] = json.Unmarshal(rest, &doc)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}

	if paths != nil {
		doc.Paths = openapi3.NewPathsWithCapacity(len(keys))
		for i, k := range keys {
			if items[i] != nil {
				doc.Paths.Set(k, items[i])
				continue
			}
			var v any
			if err := json.Unmarshal(paths[k], &v); err != nil {
				return nil, fmt.Errorf("paths[%q]: %w", k, err)
			}
			if doc.Paths.Extensions == nil {
				doc.Paths.Extensions = map[string]any{}
			}
			doc.Paths.Extensions[k] = v
		}
	}
	doc.Components = comps
	return &doc, nil
}

// decodeComponents decodes each component map once, into its typed field.
func decodeComponents(m map[string]json.RawMessage) (*openapi3.Components, error) {
	c := &openapi3.Components{}
	fields := map[string]any{
		"schemas":         &c.Schemas,
		"parameters":      &c.Parameters,
		"headers":         &c.Headers,
		"requestBodies":   &c.RequestBodies,
		"responses":       &c.Responses,
		"securitySchemes": &c.SecuritySchemes,
		"examples":        &c.Examples,
		"links":           &c.Links,
		"callbacks":       &c.Callbacks,
	}
	for k, v := range m {
		target, ok := fields[k]
		if !ok {
			if c.Extensions == nil {
				c.Extensions = map[string]any{}
			}
			var x any
			if err := json.Unmarshal(v, &x); err != nil {
				return nil, fmt.Errorf("components.%s: %w", k, err)
			}
			c.Extensions[k] = x
			continue
		}
		if err := json.Unmarshal(v, target); err != nil {
			return nil, fmt.Errorf("components.%s: %w", k, err)
		}
	}
	return c, nil
}
