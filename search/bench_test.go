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

// benchQueries are what agents would ask of GitHub's API, for timing.
var benchQueries = []string{
	"list pull requests of a repository",
	"create an issue comment",
	"add a collaborator to a repo",
	"delete a branch protection rule",
	"list workflow runs",
	"who is in the admins team",
	"disable a user's account",
	"get the latest release",
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
	for _, q := range benchQueries {
		hits, total := ix.Search(q, Options{Limit: 3})
		b.Logf("%q: %d matches, top 3 %v", q, total, hitNames(hits))
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		ix.Search(benchQueries[i%len(benchQueries)], Options{Limit: 8})
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
		s.search(benchQueries[i%len(benchQueries)], 8)
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
