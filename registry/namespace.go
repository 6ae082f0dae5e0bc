package registry

import (
	"fmt"

	"github.com/cognito-mcp/cognito-mcp/internal/lazyre"
)

// ControlNamespace is the namespace of the openapi.* control tools.
const ControlNamespace = "openapi"

var namespaceRE = lazyre.New(`^[a-z][a-z0-9]{0,15}$`)

// CheckNamespace reports whether ns may name an added source: 1 to 16
// lowercase letters and digits, starting with a letter, and not reserved.
// Underscores are not allowed so that the compact MCP names of two sources
// ("<namespace>_<operation>") can never collide.
func CheckNamespace(ns string) error {
	if !namespaceRE().MatchString(ns) {
		return fmt.Errorf("namespace %q is not valid: use 1-16 lowercase letters and digits, starting with a letter (no '_', '-' or '.'), e.g. \"petstore\"", ns)
	}
	if ns == ControlNamespace || ns == CognitoNamespace {
		return fmt.Errorf("namespace %q is reserved; choose another", ns)
	}
	return nil
}
