package registry

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// These tests use the real loader (openapi.Load) on the Petstore document,
// kept once for the repository in openapi/testdata.

func readPetstore(t *testing.T, file string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "openapi", "testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func newRealRegistry(t *testing.T, dir string, edit ...func(*Options)) *Registry {
	t.Helper()
	return newTestRegistry(t, dir, append([]func(*Options){func(o *Options) { o.Load = nil }}, edit...)...)
}

func TestPetstorePreview(t *testing.T) {
	for _, file := range []string{"petstore.openapi.yaml", "petstore.swagger2.json"} {
		t.Run(file, func(t *testing.T) { testPetstorePreview(t, file) })
	}
}

func testPetstorePreview(t *testing.T, file string) {
	doc := readPetstore(t, file)
	upstream := serve(t, map[string]string{"/petstore.yaml": doc})
	dir := t.TempDir()
	r := newRealRegistry(t, dir)
	before := r.Snapshot()
	for _, spec := range []string{doc, upstream.URL + "/petstore.yaml"} {
		res, err := r.Preview(context.Background(), PreviewRequest{Spec: spec, Namespace: "petstore"})
		if err != nil {
			t.Fatal(err)
		}
		if res.OperationCount != 19 || res.ToolCount != 19 || len(res.Tools) != 19 {
			t.Errorf("operations %d, tools %d, want 19", res.OperationCount, res.ToolCount)
		}
		if !strings.HasPrefix(res.Title, "Swagger Petstore") {
			t.Errorf("title %q", res.Title)
		}
		var schemes []string
		for _, s := range res.SecuritySchemes {
			schemes = append(schemes, s.Name)
		}
		if !slices.Equal(schemes, []string{"api_key", "petstore_auth"}) {
			t.Errorf("security schemes %v", schemes)
		}
		for _, tl := range res.Tools {
			if !strings.HasPrefix(tl.Name, "petstore_") || !strings.HasPrefix(string(tl.Path), "petstore.") {
				t.Errorf("tool %+v: want the petstore namespace", tl)
			}
		}
	}
	if r.Snapshot() != before || len(dirFiles(t, dir)) != 0 {
		t.Error("preview changed something")
	}
}

func TestPetstoreAddRestartRemove(t *testing.T) {
	doc := readPetstore(t, "petstore.openapi.yaml")
	upstream := serve(t, map[string]string{"/petstore.yaml": doc})
	dir := t.TempDir()
	ctx := context.Background()
	r := newRealRegistry(t, dir)
	res, err := r.Add(ctx, AddRequest{
		Namespace: "petstore",
		Spec:      upstream.URL + "/petstore.yaml",
		Auth: map[string]SecretRef{
			"api_key":       {Env: "PETSTORE_API_KEY"},
			"petstore_auth": {Env: "PETSTORE_TOKEN"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.ToolCount != 19 || !slices.Contains(res.Tools, "petstore_get_pet_by_id") {
		t.Errorf("add: %+v", res)
	}
	upstream.Close()

	r2 := newRealRegistry(t, dir)
	src := r2.Snapshot().Source("petstore")
	if src == nil || len(src.Catalog.Tools) != 19 {
		t.Fatalf("after restart: %v, problems %+v", namespaces(r2.Snapshot()), r2.Snapshot().Problems)
	}
	if err := r2.Remove(ctx, "petstore"); err != nil {
		t.Fatal(err)
	}
	r3 := newRealRegistry(t, dir)
	if r3.Snapshot().Source("petstore") != nil {
		t.Error("removed source is back after restart")
	}
}

func TestRealLoaderRejects(t *testing.T) {
	for _, tc := range []struct{ name, spec, want string }{
		{"JSON but not OpenAPI", `{"hello": "world"}`, "could not be loaded"},
		{"broken YAML", "openapi: 3.0.3\ninfo: {title: x\npaths: [", "could not be loaded"},
		{"unresolvable $ref", "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: 'other.yaml#/Thing'}\n", "pass the document's URL"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			r := newRealRegistry(t, dir)
			before := r.Snapshot()
			_, err := r.Add(context.Background(), AddRequest{Namespace: "bad", Spec: tc.spec})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Add: %v; want an error containing %q", err, tc.want)
			}
			if r.Snapshot() != before || len(dirFiles(t, dir)) != 0 {
				t.Error("something changed")
			}
		})
	}
}

func TestNewLoadsEmbeddedCognito(t *testing.T) {
	r, err := New(context.Background(), Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	src := r.Snapshot().Source(CognitoNamespace)
	if src == nil || !src.Builtin || src.Origin != OriginEmbedded || len(src.Catalog.Tools) != 129 {
		t.Fatalf("builtin source %+v", src)
	}
}

func TestRealLoaderExternalRefByURL(t *testing.T) {
	main := "openapi: 3.0.3\ninfo: {title: Refs, version: '1'}\nservers: [{url: /api}]\npaths:\n  /pets/{id}:\n    get:\n      operationId: getPet\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: 'schemas/pet.yaml#/Pet'}\n"
	pet := "Pet:\n  type: object\n  properties:\n    name: {type: string}\n"
	upstream := serve(t, map[string]string{"/specs/main.yaml": main, "/specs/schemas/pet.yaml": pet})
	dir := t.TempDir()
	r := newRealRegistry(t, dir)
	if _, err := r.Add(context.Background(), AddRequest{Namespace: "refs", Spec: upstream.URL + "/specs/main.yaml"}); err != nil {
		t.Fatal(err)
	}
	if got := r.Snapshot().Source("refs").BaseURL; got != upstream.URL+"/api" {
		t.Errorf("base URL %q", got)
	}
	upstream.Close()
	r2 := newRealRegistry(t, dir)
	if src := r2.Snapshot().Source("refs"); src == nil || len(src.Catalog.Tools) != 1 {
		t.Fatalf("after restart: problems %+v", r2.Snapshot().Problems)
	}
}
