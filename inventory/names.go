package inventory

import (
	"fmt"

	"github.com/cognito-mcp/cognito-mcp/openapi"
)

// NameStyle chooses what clients see as a tool's name.
type NameStyle int

const (
	// CompactNames are "<namespace>_<snake_case(operationId)>": [a-z0-9_],
	// at most 48 characters, safe for every host.
	CompactNames NameStyle = iota
	// PathNames are the tool paths, "group.leaf", for hosts that accept them.
	PathNames
)

// ParseNameStyle reads the --tool-names value: "compact" or "path".
func ParseNameStyle(s string) (NameStyle, error) {
	switch s {
	case "compact", "":
		return CompactNames, nil
	case "path":
		return PathNames, nil
	}
	return 0, fmt.Errorf("tool names %q: want compact or path", s)
}

// Name is the name clients see for t in this style.
func (s NameStyle) Name(t *openapi.Tool) string {
	if s == PathNames {
		return string(t.Path)
	}
	return t.Name
}
