// Package search ranks an API's tools for a query in plain words, so that
// an agent can find "disable a user's account" among hundreds of tools
// without listing them all.
//
//	ix := search.New(docs) // one Doc per tool: name, path, title, description, params
//	hits, total := ix.Search("who is in the admins group", search.Options{Limit: 8})
//	// hits[0].Name == "cognito_list_users_in_group"
//
// # Ranking
//
// BM25F over the fields of each tool, weighted by how much they say about
// what the tool does: the name and title (camelCase, snake_case and acronyms
// split: AdminDisableUser -> admin disable user), the tool path without the
// words most of its source's paths share, the first sentence of the
// description, parameter names and short enum values, and the rest of the
// description without the paragraphs that five or more tools repeat word
// for word. Words are lowercased and lightly stemmed (users -> user,
// disabled -> disable, configuration -> config) and stop words are dropped.
//
// Four refinements on top of BM25F:
//   - Word order: pairs of nearby words of names, first sentences and
//     parameter names are indexed, so "users in a group" and "groups of a
//     user" find different tools.
//   - Coverage: a tool whose name the query covers entirely ranks above one
//     with words the query never mentions ("create a user pool" prefers
//     CreateUserPool to CreateUserPoolDomain).
//   - Intent: words after "with", "using" or "without" count half (they say
//     how, not what), and a question ("what...", "which...") prefers
//     read-only tools.
//   - Vocabulary: a short table maps the words agents use to the words
//     APIs use (account -> user, app -> client, 2fa -> mfa, who is in ->
//     list users), phrasal verbs included ("log a user out").
//
// # What it never does
//
// It does no I/O and knows nothing of MCP, registries or OpenAPI: callers
// build the docs. An Index never changes once New returns it, so searching
// needs no lock; a new set of tools means a new Index.
package search
