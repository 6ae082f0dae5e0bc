package search_test

import (
	"fmt"

	"github.com/cognito-mcp/cognito-mcp/search"
)

func ExampleIndex_Search() {
	ix := search.New([]search.Doc{
		{Name: "cognito_admin_disable_user", Title: "AdminDisableUser", Source: "cognito",
			Description: "Deactivates a user and revokes all access tokens for the user.",
			Params:      []string{"UserPoolId", "Username"}},
		{Name: "cognito_admin_enable_user", Title: "AdminEnableUser", Source: "cognito",
			Description: "Enables the specified user as an administrator.",
			Params:      []string{"UserPoolId", "Username"}},
		{Name: "cognito_list_users_in_group", Title: "ListUsersInGroup", Source: "cognito",
			Description: "Lists the users in the specified group.", ReadOnly: true,
			Params: []string{"GroupName", "UserPoolId"}},
		{Name: "cognito_admin_list_groups_for_user", Title: "AdminListGroupsForUser", Source: "cognito",
			Description: "Lists the groups that the user belongs to.", ReadOnly: true,
			Params: []string{"UserPoolId", "Username"}},
	})
	for _, q := range []string{"suspend an account", "who is in the admins group"} {
		hits, total := ix.Search(q, search.Options{Limit: 1})
		fmt.Printf("%s: %s (%d matched)\n", q, hits[0].Name, total)
	}
	// Output:
	// suspend an account: cognito_admin_disable_user (4 matched)
	// who is in the admins group: cognito_list_users_in_group (4 matched)
}

func ExampleSummary() {
	fmt.Println(search.Summary("Deactivates a user and revokes all access tokens for the user. " +
		"A deactivated user can't sign in, but still appears in the responses to ListUsers."))
	// Output:
	// Deactivates a user and revokes all access tokens for the user.
}
