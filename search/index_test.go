package search

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
)

// petDocs is a small second source beside Cognito.
var petDocs = []Doc{
	{Name: "pets_add_pet", Path: "pets.pet.addPet", Title: "addPet", Description: "Add a new pet to the store.", Source: "pets", Params: []string{"name", "status"}},
	{Name: "pets_delete_pet", Path: "pets.pet.deletePet", Title: "deletePet", Description: "Deletes a pet.", Source: "pets", Params: []string{"petId"}},
	{Name: "pets_find_pets_by_status", Path: "pets.pet.findPetsByStatus", Title: "findPetsByStatus", Description: "Finds pets by status. Multiple status values can be provided.", Source: "pets", Params: []string{"status"}, ReadOnly: true},
	{Name: "pets_create_user", Path: "pets.user.createUser", Title: "createUser", Description: "Create a user of the store. This can only be done by the logged in user.", Source: "pets", Params: []string{"username", "email"}},
}

func bothSources(t testing.TB) *Index {
	t.Helper()
	return New(append(cognitoDocs(t), petDocs...))
}

func TestSearchSourceFilter(t *testing.T) {
	ix := bothSources(t)
	all, allTotal := ix.Search("create a user", Options{})
	cog, cogTotal := ix.Search("create a user", Options{Source: "cognito"})
	pets, petsTotal := ix.Search("create a user", Options{Source: "pets"})
	if cogTotal+petsTotal != allTotal || len(all) != allTotal {
		t.Errorf("totals: cognito %d + pets %d != all %d (hits %d)", cogTotal, petsTotal, allTotal, len(all))
	}
	for _, h := range cog {
		if h.Source != "cognito" {
			t.Errorf("source cognito gave %s from %s", h.Name, h.Source)
		}
	}
	if len(pets) == 0 || pets[0].Name != "pets_create_user" {
		t.Errorf("source pets: got %v, want pets_create_user first", hitNames(pets))
	}
	if hits, total := ix.Search("create a user", Options{Source: "nosuch"}); len(hits) != 0 || total != 0 {
		t.Errorf("unknown source: %d hits, total %d", len(hits), total)
	}
}

func TestSearchReadOnly(t *testing.T) {
	ix := bothSources(t)
	hits, total := ix.Search("disable a user's account", Options{ReadOnly: true})
	if total == 0 || len(hits) != total {
		t.Fatalf("read-only: %d hits of %d", len(hits), total)
	}
	for _, h := range hits {
		if !h.ReadOnly {
			t.Errorf("read-only search gave %s", h.Name)
		}
	}
	if slices.Contains(hitNames(hits), "cognito_admin_disable_user") {
		t.Error("read-only search found cognito_admin_disable_user")
	}
	hits, _ = ix.Search("list users in a group", Options{ReadOnly: true, Limit: 1})
	if len(hits) != 1 || hits[0].Name != "cognito_list_users_in_group" {
		t.Errorf("read-only list users in a group: got %v", hitNames(hits))
	}
}

func TestSearchLimitAndTotal(t *testing.T) {
	ix := bothSources(t)
	all, total := ix.Search("delete a user", Options{})
	if total < 10 || len(all) != total {
		t.Fatalf("no limit: %d hits, total %d", len(all), total)
	}
	for _, limit := range []int{1, 3, 8, total, total + 5} {
		hits, got := ix.Search("delete a user", Options{Limit: limit})
		if got != total {
			t.Errorf("limit %d: total %d, want %d", limit, got, total)
		}
		if len(hits) != min(limit, total) {
			t.Errorf("limit %d: %d hits", limit, len(hits))
		}
		if !slices.EqualFunc(hits, all[:len(hits)], func(a, b Hit) bool { return a.Name == b.Name && a.Score == b.Score }) {
			t.Errorf("limit %d: hits are not the first of the unlimited ranking", limit)
		}
	}
	for i := 1; i < len(all); i++ {
		if all[i].Score > all[i-1].Score {
			t.Errorf("hit %d (%s %.3f) scores above hit %d (%.3f)", i, all[i].Name, all[i].Score, i-1, all[i-1].Score)
		}
	}
}

func TestSearchDeterministic(t *testing.T) {
	docs := append(cognitoDocs(t), petDocs...)
	a, b := New(docs), New(slices.Clone(docs))
	for _, c := range rankCases {
		h1, t1 := a.Search(c.query, Options{Limit: 8})
		h2, t2 := a.Search(c.query, Options{Limit: 8})
		h3, t3 := b.Search(c.query, Options{Limit: 8})
		if t1 != t2 || t1 != t3 || !slices.Equal(fmtHits(h1), fmtHits(h2)) || !slices.Equal(fmtHits(h1), fmtHits(h3)) {
			t.Errorf("%q: results differ:\n%v\n%v\n%v", c.query, fmtHits(h1), fmtHits(h2), fmtHits(h3))
		}
	}
}

func TestSearchTieBreakByName(t *testing.T) {
	docs := []Doc{
		{Name: "b_get_widget", Description: "Gets a widget.", Source: "b"},
		{Name: "a_get_widget", Description: "Gets a widget.", Source: "a"},
		{Name: "c_get_widget", Description: "Gets a widget.", Source: "c"},
	}
	hits, _ := New(docs).Search("get widget", Options{})
	if got := hitNames(hits); !slices.Equal(got, []string{"a_get_widget", "b_get_widget", "c_get_widget"}) {
		t.Errorf("equal docs ranked %v, want by name", got)
	}
}

func TestSearchEmptyAndNonsense(t *testing.T) {
	ix := bothSources(t)
	for _, q := range []string{"", "   ", "?!.,", "the of and a", "xyzzy plugh", "ñ", strings.Repeat("a", 10000), "🙂🙂"} {
		hits, total := ix.Search(q, Options{Limit: 8})
		if len(hits) != 0 || total != 0 {
			t.Errorf("%.20q: %d hits, total %d: %v", q, len(hits), total, hitNames(hits))
		}
	}
	// A nonsense word beside a real one finds what the real one finds.
	want, wantTotal := ix.Search("groups", Options{Limit: 5})
	got, gotTotal := ix.Search("groups qwertyuiop", Options{Limit: 5})
	if gotTotal != wantTotal || !slices.Equal(hitNames(got), hitNames(want)) {
		t.Errorf("nonsense word changed the ranking: %v vs %v", hitNames(got), hitNames(want))
	}
	if hits, _ := New(nil).Search("list users", Options{}); len(hits) != 0 {
		t.Errorf("empty index gave %d hits", len(hits))
	}
}

func TestSearchCaseAndPunctuation(t *testing.T) {
	ix := bothSources(t)
	want := fmtHits(first(ix.Search("list app clients", Options{Limit: 5})))
	for _, q := range []string{"LIST APP CLIENTS", "List, app-clients!", "  list\tapp\nclients?  ", "list_app_clients", "ListAppClients"} {
		if got := fmtHits(first(ix.Search(q, Options{Limit: 5}))); !slices.Equal(got, want) {
			t.Errorf("%q: got %v, want %v", q, got, want)
		}
	}
}

func TestSearchConcurrent(t *testing.T) {
	ix := bothSources(t)
	want := make([][]string, len(rankCases))
	for i, c := range rankCases {
		want[i] = fmtHits(first(ix.Search(c.query, Options{Limit: 3})))
	}
	var wg sync.WaitGroup
	errs := make(chan string, len(rankCases)*4)
	for g := range 4 {
		wg.Go(func() {
			for i := range rankCases {
				j := (i + g*7) % len(rankCases)
				if got := fmtHits(first(ix.Search(rankCases[j].query, Options{Limit: 3}))); !slices.Equal(got, want[j]) {
					errs <- fmt.Sprintf("%q: %v, want %v", rankCases[j].query, got, want[j])
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func first(hits []Hit, _ int) []Hit { return hits }

func fmtHits(hits []Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = fmt.Sprintf("%s/%s %.6f", h.Source, h.Name, h.Score)
	}
	return out
}

func TestSearchLongQuery(t *testing.T) {
	ix := bothSources(t)
	q := strings.Repeat("disable the user account with its pool and group ", 2000)
	hits, total := ix.Search(q, Options{Limit: 3})
	if total == 0 || len(hits) != 3 {
		t.Fatalf("long query: %d hits, total %d", len(hits), total)
	}
}
