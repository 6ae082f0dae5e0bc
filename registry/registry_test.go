package registry

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestCheckNamespace(t *testing.T) {
	for _, tc := range []struct {
		ns   string
		want string // substring of the error; empty: valid
	}{
		{"petstore", ""},
		{"a", ""},
		{"github2", ""},
		{"abcdefghijklmnop", ""},
		{"abcdefghijklmnopq", "not valid"},
		{"", "not valid"},
		{"Pets", "not valid"},
		{"pet_store", "not valid"},
		{"pet-store", "not valid"},
		{"1pets", "not valid"},
		{"openapi", "reserved"},
		{"cognito", "reserved"},
	} {
		err := CheckNamespace(tc.ns)
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("CheckNamespace(%q) = %v, want %q", tc.ns, err, tc.want)
		}
	}
}

func TestDefaultStateDir(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"XDG_STATE_HOME": "/x/state", "HOME": "/home/u"}, "/x/state/cognito-mcp"},
		{map[string]string{"XDG_STATE_HOME": "relative", "HOME": "/home/u"}, "/home/u/.local/state/cognito-mcp"},
		{map[string]string{"HOME": "/home/u"}, "/home/u/.local/state/cognito-mcp"},
		{map[string]string{}, filepath.Join(os.TempDir(), "cognito-mcp-state")},
	} {
		if got := DefaultStateDir(func(k string) string { return tc.env[k] }); got != tc.want {
			t.Errorf("DefaultStateDir(%v) = %q, want %q", tc.env, got, tc.want)
		}
	}
}

func TestDefaultCacheDir(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"XDG_CACHE_HOME": "/x/cache", "HOME": "/home/u"}, "/x/cache/cognito-mcp/catalogs"},
		{map[string]string{"XDG_CACHE_HOME": "relative", "HOME": "/home/u"}, "/home/u/.cache/cognito-mcp/catalogs"},
		{map[string]string{}, ""},
	} {
		if got := DefaultCacheDir(func(k string) string { return tc.env[k] }); got != tc.want {
			t.Errorf("DefaultCacheDir(%v) = %q, want %q", tc.env, got, tc.want)
		}
	}
}

func TestAddReplaceRemove(t *testing.T) {
	ctx := context.Background()
	r := newTestRegistry(t, t.TempDir())
	var seen []*Snapshot
	r.Subscribe(func(s *Snapshot) { seen = append(seen, s) })

	if got := r.Snapshot().Sources; len(got) != 1 || !got[0].Builtin || got[0].Origin != OriginEmbedded {
		t.Fatalf("start: sources %+v, want only the builtin", got)
	}
	res, err := r.Add(ctx, AddRequest{Namespace: "pets", Spec: petsDoc.text()})
	if err != nil {
		t.Fatal(err)
	}
	if res.ToolCount != 3 || !slices.Equal(res.Tools, []string{"pets_getpet", "pets_addpet", "pets_deletepet"}) || res.Replaced {
		t.Errorf("add result %+v", res)
	}
	snap := r.Snapshot()
	if ns := namespaces(snap); !slices.Equal(ns, []string{"cognito", "pets"}) {
		t.Errorf("namespaces %v", ns)
	}
	if src := snap.Source("pets"); src.Origin != OriginInline || src.Catalog.Tools[0].Path != "pets.pet.getPet" {
		t.Errorf("source %+v", src)
	}

	before := r.Snapshot()
	if _, err := r.Add(ctx, AddRequest{Namespace: "pets", Spec: petsDoc.text()}); err == nil || !strings.Contains(err.Error(), "replace: true") {
		t.Errorf("duplicate add: %v", err)
	}
	if r.Snapshot() != before {
		t.Error("duplicate add changed the snapshot")
	}

	smaller := petsDoc
	smaller.Ops = []string{"getPet"}
	res, err = r.Add(ctx, AddRequest{Namespace: "pets", Spec: smaller.text(), Replace: true})
	if err != nil || !res.Replaced || res.ToolCount != 1 {
		t.Fatalf("replace: %+v, %v", res, err)
	}
	if got := toolNames(r.Snapshot().Source("pets")); !slices.Equal(got, []string{"pets_getpet"}) {
		t.Errorf("after replace: %v", got)
	}

	if err := r.Remove(ctx, "cognito"); err == nil || !strings.Contains(err.Error(), "cannot be removed") {
		t.Errorf("remove builtin: %v", err)
	}
	if err := r.Remove(ctx, "nosuch"); err == nil || !strings.Contains(err.Error(), "no source") {
		t.Errorf("remove unknown: %v", err)
	}
	if err := r.Remove(ctx, "pets"); err != nil {
		t.Fatal(err)
	}
	if ns := namespaces(r.Snapshot()); !slices.Equal(ns, []string{"cognito"}) {
		t.Errorf("after remove: %v", ns)
	}
	// Subscribe saw the start, add, replace and remove: one call per change.
	if len(seen) != 4 {
		t.Errorf("subscriber called %d times, want 4", len(seen))
	}
}

func namespaces(s *Snapshot) []string {
	var out []string
	for _, src := range s.Sources {
		out = append(out, src.Namespace)
	}
	return out
}

func TestAddErrorsChangeNothing(t *testing.T) {
	refDoc := petsDoc
	refDoc.Ref = "schemas/missing.json"
	relative := petsDoc
	relative.Servers = []string{"/v1"}
	templated := petsDoc
	templated.Servers = []string{"https://{tenant}.example.com"}
	big := petsDoc
	big.Title = strings.Repeat("x", 5000)

	upstream := serve(t, map[string]string{
		"/pets.json": petsDoc.text(),
		"/ref.json":  refDoc.text(),
		"/big.json":  big.text(),
	})
	loop := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.Path+"x", http.StatusFound)
	}))
	t.Cleanup(loop.Close)
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	t.Cleanup(hang.Close)
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()

	allowed := t.TempDir()
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "pets.json"), []byte(petsDoc.text()), 0o600)

	for _, tc := range []struct {
		name string
		req  AddRequest
		want string
	}{
		{"invalid namespace", AddRequest{Namespace: "Pet_Store", Spec: petsDoc.text()}, "not valid"},
		{"reserved openapi", AddRequest{Namespace: "openapi", Spec: petsDoc.text()}, "reserved"},
		{"reserved cognito", AddRequest{Namespace: "cognito", Spec: petsDoc.text(), Replace: true}, "reserved"},
		{"empty spec", AddRequest{Namespace: "pets", Spec: "  "}, "spec is empty"},
		{"not a document", AddRequest{Namespace: "pets", Spec: "hello, world"}, "not an OpenAPI document"},
		{"JSON but not OpenAPI", AddRequest{Namespace: "pets", Spec: `{"hello": "world"}`}, "could not be loaded"},
		{"broken YAML", AddRequest{Namespace: "pets", Spec: "openapi: 3.0.0\ninfo: [unclosed"}, "could not be loaded"},
		{"unresolvable $ref inline", AddRequest{Namespace: "pets", Spec: refDoc.text()}, "cannot be resolved"},
		{"unresolvable $ref by URL", AddRequest{Namespace: "pets", Spec: upstream.URL + "/ref.json"}, "HTTP 404"},
		{"HTTP 404", AddRequest{Namespace: "pets", Spec: upstream.URL + "/nosuch.json"}, "HTTP 404"},
		{"oversized text", AddRequest{Namespace: "pets", Spec: big.text()}, "larger than the 4096-byte limit"},
		{"oversized", AddRequest{Namespace: "pets", Spec: upstream.URL + "/big.json"}, "larger than the 4096-byte limit"},
		{"redirect loop", AddRequest{Namespace: "pets", Spec: loop.URL + "/a"}, "more than 2 redirects"},
		{"timeout", AddRequest{Namespace: "pets", Spec: hang.URL + "/pets.json"}, "no complete answer within"},
		{"unreachable", AddRequest{Namespace: "pets", Spec: closed.URL + "/pets.json"}, "check that the URL is reachable"},
		{"local path refused", AddRequest{Namespace: "pets", Spec: filepath.Join(outside, "pets.json")}, "refused"},
		{"file URL refused", AddRequest{Namespace: "pets", Spec: "file://" + filepath.Join(outside, "pets.json")}, "refused"},
		{"relative path refused", AddRequest{Namespace: "pets", Spec: "./pets.json"}, "refused"},
		{"relative server", AddRequest{Namespace: "pets", Spec: relative.text()}, "pass baseUrl"},
		{"templated server", AddRequest{Namespace: "pets", Spec: templated.text()}, "pass baseUrl"},
		{"bad baseUrl", AddRequest{Namespace: "pets", Spec: petsDoc.text(), BaseURL: "ftp://x"}, "baseUrl must be"},
		{"unknown auth scheme", AddRequest{Namespace: "pets", Spec: petsDoc.text(), Auth: map[string]SecretRef{"oauth": {Env: "X"}}}, "known schemes: api_key"},
		{"auth without reference", AddRequest{Namespace: "pets", Spec: petsDoc.text(), Auth: map[string]SecretRef{"api_key": {}}}, `want {"env"`},
		{"credential header", AddRequest{Namespace: "pets", Spec: petsDoc.text(), Headers: map[string]string{"authorization": "Bearer x"}}, "through auth"},
		{"api key header", AddRequest{Namespace: "pets", Spec: petsDoc.text(), Headers: map[string]string{"x-api-key": "k"}}, "through auth"},
		{"filters leave nothing", AddRequest{Namespace: "pets", Spec: petsDoc.text(), Include: []string{"nosuch"}}, "no tools"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			r := newTestRegistry(t, dir, func(o *Options) {
				o.MaxDocumentBytes = 4096
				o.MaxRedirects = 2
				o.FetchTimeout = 200 * time.Millisecond
				o.AllowDirs = []string{allowed}
			})
			before := r.Snapshot()
			res, err := r.Add(context.Background(), tc.req)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Add = %+v, %v; want an error containing %q", res, err, tc.want)
			}
			if r.Snapshot() != before {
				t.Error("the snapshot changed")
			}
			if files := dirFiles(t, dir); len(files) != 0 {
				t.Errorf("files written: %v", files)
			}
		})
	}
}

func TestAddFromURL(t *testing.T) {
	withRef := petsDoc
	withRef.Ref = "schemas/pet.json"
	withRef.Servers = []string{"/api/v3"}
	upstream := serve(t, map[string]string{
		"/specs/pets.json":        withRef.text(),
		"/specs/schemas/pet.json": `{"type": "object"}`,
	})
	r := newTestRegistry(t, t.TempDir())
	res, err := r.Add(context.Background(), AddRequest{Namespace: "pets", Spec: upstream.URL + "/specs/pets.json?token=abc#frag"})
	if err != nil {
		t.Fatal(err)
	}
	src := r.Snapshot().Source("pets")
	if src.Origin != upstream.URL+"/specs/pets.json" {
		t.Errorf("origin %q: want the URL without query or fragment", src.Origin)
	}
	if src.BaseURL != upstream.URL+"/api/v3" {
		t.Errorf("base URL %q: want the relative server resolved against the document URL", src.BaseURL)
	}
	if len(res.Warnings) == 0 || !strings.Contains(strings.Join(res.Warnings, "\n"), "relative") {
		t.Errorf("warnings %q: want a note about the relative server", res.Warnings)
	}
}

func TestLocalFilesAllowed(t *testing.T) {
	allowed := t.TempDir()
	sub := filepath.Join(allowed, "specs")
	os.Mkdir(sub, 0o700)
	withRef := petsDoc
	withRef.Ref = "pet.json"
	os.WriteFile(filepath.Join(sub, "pets.json"), []byte(withRef.text()), 0o600)
	os.WriteFile(filepath.Join(sub, "pet.json"), []byte(`{}`), 0o600)
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "secret.json"), []byte(petsDoc.text()), 0o600)
	os.Symlink(filepath.Join(outside, "secret.json"), filepath.Join(sub, "link.json"))

	r := newTestRegistry(t, t.TempDir(), func(o *Options) { o.AllowDirs = []string{allowed} })
	ctx := context.Background()
	if _, err := r.Add(ctx, AddRequest{Namespace: "bypath", Spec: filepath.Join(sub, "pets.json")}); err != nil {
		t.Errorf("path under an allowed dir: %v", err)
	}
	if _, err := r.Add(ctx, AddRequest{Namespace: "byurl", Spec: "file://" + filepath.Join(sub, "pets.json")}); err != nil {
		t.Errorf("file URL under an allowed dir: %v", err)
	}
	if src := r.Snapshot().Source("bypath"); src == nil || src.Origin != filepath.Join(sub, "pets.json") {
		t.Errorf("source %+v", src)
	}
	if _, err := r.Add(ctx, AddRequest{Namespace: "link", Spec: filepath.Join(sub, "link.json")}); err == nil || !strings.Contains(err.Error(), "refused") {
		t.Errorf("symlink out of the allowed dir: %v", err)
	}
	if _, err := r.Add(ctx, AddRequest{Namespace: "escape", Spec: filepath.Join(sub, "..", "..", filepath.Base(outside), "secret.json")}); err == nil || !strings.Contains(err.Error(), "refused") {
		t.Errorf("path out of the allowed dir: %v", err)
	}
}

func TestPreviewChangesNothing(t *testing.T) {
	dir := t.TempDir()
	r := newTestRegistry(t, dir)
	before := r.Snapshot()
	res, err := r.Preview(context.Background(), PreviewRequest{Spec: petsDoc.text()})
	if err != nil {
		t.Fatal(err)
	}
	if r.Snapshot() != before || len(dirFiles(t, dir)) != 0 {
		t.Error("preview changed something")
	}
	if res.Namespace != "petstore" || res.Title != "Pet Store" || res.OperationCount != 3 || res.ToolCount != 3 {
		t.Errorf("preview %+v", res)
	}
	if tl := res.Tools[0]; tl.Name != "petstore_getpet" || tl.Path != "petstore.pet.getPet" || !tl.Annotations.ReadOnly || !slices.Equal(tl.Required, []string{"id"}) {
		t.Errorf("planned tool %+v", tl)
	}
	if !strings.Contains(strings.Join(res.Warnings, "\n"), `"api_key": {"env"`) {
		t.Errorf("warnings %q: want a hint on auth", res.Warnings)
	}

	relative := petsDoc
	relative.Servers = []string{"/v1"}
	res, err = r.Preview(context.Background(), PreviewRequest{Spec: relative.text(), Namespace: "pets"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Namespace != "pets" || !strings.Contains(strings.Join(res.Warnings, "\n"), "pass baseUrl") {
		t.Errorf("preview of a relative server: %+v", res)
	}
	if _, err := r.Preview(context.Background(), PreviewRequest{Spec: "nonsense"}); err == nil {
		t.Error("preview of nonsense: no error")
	}
}

func TestSecretRefJSON(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // error substring; empty: valid
	}{
		{`{"env": "PETSTORE_API_KEY"}`, ""},
		{`{"file": "/run/secrets/key"}`, ""},
		{`{"clientId": {"env": "ID"}, "clientSecret": {"file": "/s"}, "scopes": ["a"]}`, ""},
		{`"s3cr3t"`, "literal secret"},
		{`{"value": "s3cr3t"}`, "literal secret"},
		{`{"token": "s3cr3t"}`, "literal secret"},
		{`{"env": "NOT A NAME"}`, "environment variable name"},
		{`{"file": "relative"}`, "absolute"},
		{`{"env": "AWS_SECRET_ACCESS_KEY"}`, "AWS_* variables are refused"},
		{`{"env": "COGNITO_MCP_AUTH_TOKEN"}`, "COGNITO_MCP_* variables"},
		{`{"file": "/home/u/.aws/credentials"}`, "refused"},
		{`{"file": "/home/u/.ssh/../.ssh/id_ed25519"}`, "refused"},
		{`{"env": "A", "file": "/b"}`, "not both"},
		{`{"clientId": {"env": "ID"}}`, "both"},
		{`{}`, `want {"env"`},
	} {
		var r SecretRef
		err := r.UnmarshalJSON([]byte(tc.in))
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%s: %v, want %q", tc.in, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("%s: the error echoes the secret: %v", tc.in, err)
		}
	}
}

func TestConcurrentAdds(t *testing.T) {
	r := newTestRegistry(t, t.TempDir())
	names := []string{"a", "b", "c", "d", "e", "f"}
	errs := make(chan error, 2*len(names))
	for _, ns := range names {
		for range 2 { // the same namespace twice: exactly one wins
			go func() {
				_, err := r.Add(context.Background(), AddRequest{Namespace: ns, Spec: petsDoc.text()})
				errs <- err
			}()
		}
	}
	failed := 0
	for range 2 * len(names) {
		if err := <-errs; err != nil {
			if !strings.Contains(err.Error(), "already exists") {
				t.Error(err)
			}
			failed++
		}
	}
	if failed != len(names) {
		t.Errorf("%d adds failed, want %d", failed, len(names))
	}
	if got := namespaces(r.Snapshot()); !slices.Equal(got, []string{"a", "b", "c", "cognito", "d", "e", "f"}) {
		t.Errorf("namespaces %v", got)
	}
	if got := namespaces(newTestRegistry(t, r.Dir()).Snapshot()); len(got) != 7 {
		t.Errorf("after restart %v", got)
	}
}

func TestSuggestNamespace(t *testing.T) {
	r := newTestRegistry(t, t.TempDir())
	for _, tc := range []struct{ doc, want string }{
		{"openapi: 3.0.3\ninfo:\n  title: Swagger Petstore - OpenAPI 3.0\n", "swaggerpetstor"},
		{`{"openapi":"3.1.0","info":{"version":"1","title":"GitHub v3 REST API"}}`, "githubv3restapi"[:14]},
		{"swagger: '2.0'\ninfo:\n  title: '42 Things'\n", "things"},
		{"openapi: 3.0.0\n", "api"},
		{"openapi: 3.0.0\ninfo:\n  title: Cognito\n", "cognito2"},
	} {
		if got := r.suggestNamespace(scanTitle([]byte(tc.doc))); got != tc.want {
			t.Errorf("%q: %q, want %q", tc.doc, got, tc.want)
		}
	}
}

// TestSecretFilesOnlyInSecretDirs: the model names the file, so only files
// under a directory the operator allowed may become credentials.
func TestSecretFilesOnlyInSecretDirs(t *testing.T) {
	secrets := t.TempDir()
	inside := filepath.Join(secrets, "pets.key")
	if err := os.WriteFile(inside, []byte("k"), 0o600); err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(t.TempDir(), "other.key")
	if err := os.WriteFile(outside, []byte("k"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(secrets, "link.key")
	if err := os.Symlink(outside, link); err != nil {
		t.Fatal(err)
	}
	add := func(r *Registry, file string) error {
		_, err := r.Add(context.Background(), AddRequest{Namespace: "pets", Spec: petsDoc.text(), Replace: true,
			Auth: map[string]SecretRef{"api_key": {File: file}}})
		return err
	}
	none := newTestRegistry(t, t.TempDir())
	if err := add(none, inside); err == nil || !strings.Contains(err.Error(), "--secret-dir") {
		t.Errorf("file reference without --secret-dir: %v", err)
	}
	r := newTestRegistry(t, t.TempDir(), func(o *Options) { o.SecretDirs = []string{secrets} })
	if err := add(r, inside); err != nil {
		t.Errorf("file inside the secret dir: %v", err)
	}
	for _, f := range []string{outside, link, filepath.Join(secrets, "..", filepath.Base(filepath.Dir(outside)), "other.key")} {
		if err := add(r, f); err == nil || !strings.Contains(err.Error(), "outside the secret directories") {
			t.Errorf("%s: %v, want refused", f, err)
		}
	}
}

func TestMetadataAddressNotFetched(t *testing.T) {
	r := newTestRegistry(t, t.TempDir())
	_, err := r.Preview(context.Background(), PreviewRequest{Spec: "http://169.254.169.254/latest/meta-data/openapi.json"})
	if err == nil || !strings.Contains(err.Error(), "instance metadata") {
		t.Fatalf("preview of a metadata URL: %v", err)
	}
}
