package search

import (
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/cognito-mcp/cognito-mcp/internal/peers"
	"github.com/cognito-mcp/cognito-mcp/openapi"
)

// githubCases are what agents would ask of GitHub's API, with the tools
// that answer them (MCP names without "github_"). They time the search
// and, logged by BenchmarkIndexSearchGitHub, show how the ranking carries
// over to an API it was not tuned on.
var githubCases = []rankCase{
	{"list pull requests of a repository", []string{"pulls_list"}},
	{"who is in the admins team", []string{"teams_list_members_in_org", "teams_list_members_legacy"}},
	{"add a collaborator to a repo", []string{"repos_add_collaborator"}},
	{"create an issue", []string{"issues_create"}},
	{"list open issues assigned to me", []string{"issues_list", "issues_list_for_authenticated_user", "issues_list_for_repo"}},
	{"merge a pull request", []string{"pulls_merge"}},
	{"star a repository", []string{"activity_star_repo_for_authenticated_user"}},
	{"delete a webhook", []string{"repos_delete_webhook", "orgs_delete_webhook"}},
	{"list the members of an organization", []string{"orgs_list_members"}},
	{"get the contents of a file", []string{"repos_get_content"}},
	{"list workflow runs", []string{"actions_list_workflow_runs", "actions_list_workflow_runs_for_repo"}},
	{"get the latest release", []string{"repos_get_latest_release"}},
	{"create a gist", []string{"gists_create"}},
	{"list branches", []string{"repos_list_branches"}},
	{"comment on an issue", []string{"issues_create_comment"}},
	{"fork a repository", []string{"repos_create_fork"}},
	{"search code", []string{"search_code"}},
	{"get the authenticated user", []string{"users_get_authenticated"}},
	{"list commits", []string{"repos_list_commits"}},
	{"add labels to an issue", []string{"issues_add_labels"}},
}

var (
	githubOnce sync.Once
	githubDocs []Doc
	githubErr  error
)

// githubBenchDocs loads GitHub's REST description once per test binary
// (about 1.6 s) and builds one Doc per tool.
func githubBenchDocs(b *testing.B) []Doc {
	b.Helper()
	path := peers.GitHubOpenAPI(b)
	githubOnce.Do(func() {
		data, err := os.ReadFile(path)
		if err != nil {
			githubErr = err
			return
		}
		cat, err := openapi.Load(data, openapi.Options{Namespace: "github"})
		if err != nil {
			githubErr = err
			return
		}
		githubDocs = catalogDocs(cat, "github")
	})
	if githubErr != nil {
		b.Fatal(githubErr)
	}
	return githubDocs
}

func catalogDocs(cat *openapi.Catalog, source string) []Doc {
	docs := make([]Doc, len(cat.Tools))
	for i, tl := range cat.Tools {
		docs[i] = Doc{
			Name:        tl.Name,
			Path:        string(tl.Path),
			Title:       tl.Title,
			Description: tl.Description,
			Source:      source,
			Params:      ParamNames(tl.InputSchema),
			ReadOnly:    tl.Annotations.ReadOnly,
		}
	}
	return docs
}

// BenchmarkIndexBuildGitHub builds the index over GitHub's 1,200-odd tools.
func BenchmarkIndexBuildGitHub(b *testing.B) {
	docs := githubBenchDocs(b)
	b.ReportAllocs()
	for b.Loop() {
		New(docs)
	}
	b.ReportMetric(float64(len(docs)), "docs")
}

// BenchmarkIndexSearchGitHub runs one query of benchQueries per iteration.
func BenchmarkIndexSearchGitHub(b *testing.B) {
	ix := New(githubBenchDocs(b))
	top1, top3 := 0, 0
	for _, c := range githubCases {
		rank, hits := c.rank(ix, "github_", 3)
		if rank == 0 {
			top1++
		}
		if rank >= 0 {
			top3++
		} else {
			b.Logf("%q: not in the top 3: %v", c.query, hitNames(hits))
		}
	}
	b.Logf("%d GitHub queries: top-1 %d, top-3 %d", len(githubCases), top1, top3)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		ix.Search(githubCases[i%len(githubCases)].query, Options{Limit: 8})
		i++
	}
}

// BenchmarkIndexBaselineBuildGitHub is the baseline for the build: what a
// substring scan must prepare, one lowercased text per doc.
func BenchmarkIndexBaselineBuildGitHub(b *testing.B) {
	docs := githubBenchDocs(b)
	b.ReportAllocs()
	for b.Loop() {
		newScan(docs)
	}
}

// BenchmarkIndexBaselineSearchGitHub is the baseline for a query: a
// substring scan of every doc for every word, ranked by words found.
func BenchmarkIndexBaselineSearchGitHub(b *testing.B) {
	s := newScan(githubBenchDocs(b))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		s.search(githubCases[i%len(githubCases)].query, 8)
		i++
	}
}

// BenchmarkIndexBuildCognito builds the index over the embedded catalog.
func BenchmarkIndexBuildCognito(b *testing.B) {
	docs := cognitoDocs(b)
	b.ReportAllocs()
	for b.Loop() {
		New(docs)
	}
}

// BenchmarkIndexSearchCognito runs the ranking cases' queries in turn.
func BenchmarkIndexSearchCognito(b *testing.B) {
	ix := New(cognitoDocs(b))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		ix.Search(rankCases[i%len(rankCases)].query, Options{Limit: 8})
		i++
	}
}

// BenchmarkIndexBaselineSearchCognito is the substring scan over Cognito.
func BenchmarkIndexBaselineSearchCognito(b *testing.B) {
	s := newScan(cognitoDocs(b))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		s.search(rankCases[i%len(rankCases)].query, 8)
		i++
	}
}

// scan is the baseline: no index, a case-insensitive substring test of
// each query word against each doc's name, path, title, parameters and
// description.
type scan struct {
	docs []Doc
	text []string
}

func newScan(docs []Doc) *scan {
	s := &scan{docs: docs, text: make([]string, len(docs))}
	for i, d := range docs {
		s.text[i] = strings.ToLower(strings.Join([]string{d.Name, d.Path, d.Title, strings.Join(d.Params, " "), d.Description}, " "))
	}
	return s
}

func (s *scan) search(query string, limit int) []string {
	words := strings.Fields(strings.ToLower(query))
	type hit struct {
		name  string
		count int
	}
	var hits []hit
	for i, t := range s.text {
		n := 0
		for _, w := range words {
			if strings.Contains(t, w) {
				n++
			}
		}
		if n > 0 {
			hits = append(hits, hit{s.docs[i].Name, n})
		}
	}
	slices.SortFunc(hits, func(a, b hit) int {
		if a.count != b.count {
			return b.count - a.count
		}
		return strings.Compare(a.name, b.name)
	})
	out := make([]string, 0, limit)
	for _, h := range hits[:min(limit, len(hits))] {
		out = append(out, h.name)
	}
	return out
}

func hitNames(hits []Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.Name
	}
	return out
}
