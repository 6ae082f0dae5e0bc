package registry_test

import (
	"fmt"

	"github.com/cognito-mcp/cognito-mcp/registry"
)

func ExampleCheckNamespace() {
	for _, ns := range []string{"petstore", "pet_store", "cognito"} {
		fmt.Println(ns, registry.CheckNamespace(ns))
	}
	// Output:
	// petstore <nil>
	// pet_store namespace "pet_store" is not valid: use 1-16 lowercase letters and digits, starting with a letter (no '_', '-' or '.'), e.g. "petstore"
	// cognito namespace "cognito" is reserved; choose another
}
