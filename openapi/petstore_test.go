package openapi

import (
	"strings"
	"testing"
)

// petstoreTools are the 19 Petstore operations: tool path and MCP name.
var petstoreTools = [][2]string{
	{"petstore.pet.addPet", "petstore_add_pet"},
	{"petstore.pet.deletePet", "petstore_delete_pet"},
	{"petstore.pet.findPetsByStatus", "petstore_find_pets_by_status"},
	{"petstore.pet.findPetsByTags", "petstore_find_pets_by_tags"},
	{"petstore.pet.getPetById", "petstore_get_pet_by_id"},
	{"petstore.pet.updatePet", "petstore_update_pet"},
	{"petstore.pet.updatePetWithForm", "petstore_update_pet_with_form"},
	{"petstore.pet.uploadFile", "petstore_upload_file"},
	{"petstore.store.deleteOrder", "petstore_delete_order"},
	{"petstore.store.getInventory", "petstore_get_inventory"},
	{"petstore.store.getOrderById", "petstore_get_order_by_id"},
	{"petstore.store.placeOrder", "petstore_place_order"},
	{"petstore.user.createUser", "petstore_create_user"},
	{"petstore.user.createUsersWithListInput", "petstore_create_users_with_list_input"},
	{"petstore.user.deleteUser", "petstore_delete_user"},
	{"petstore.user.getUserByName", "petstore_get_user_by_name"},
	{"petstore.user.loginUser", "petstore_login_user"},
	{"petstore.user.logoutUser", "petstore_logout_user"},
	{"petstore.user.updateUser", "petstore_update_user"},
}

func petstoreOptions() Options { return Options{Namespace: "petstore", PathPrefix: "petstore"} }

// checkPetstore checks what the OpenAPI 3.0 and Swagger 2.0 Petstores
// agree on.
func checkPetstore(t *testing.T, cat *Catalog) {
	t.Helper()
	if len(cat.Tools) != len(petstoreTools) || len(cat.Skipped) != 0 {
		t.Fatalf("%d tools, %d skipped (%v); want 19", len(cat.Tools), len(cat.Skipped), cat.Skipped)
	}
	for i, tool := range cat.Tools {
		if string(tool.Path) != petstoreTools[i][0] || tool.Name != petstoreTools[i][1] {
			t.Errorf("tool %d = %s %s, want %v", i, tool.Path, tool.Name, petstoreTools[i])
		}
		compileSchema(t, tool.InputSchema)
		if tool.OutputSchema != nil || tool.Plan.AWS != nil {
			t.Errorf("%s: AWS-only fields set", tool.Name)
		}
		if tool.Description == "" {
			t.Errorf("%s: no description", tool.Name)
		}
	}

	add := cat.Tool("petstore_add_pet")
	if b := add.Plan.Body; b == nil || b.MediaType != "application/json" || b.Arg != "" || !b.Required ||
		strings.Join(b.Props, ",") != "category,id,name,photoUrls,status,tags" {
		t.Errorf("addPet body = %+v", b)
	}
	if add.Plan.Method != "POST" || add.Plan.Path != "/pet" || add.Title != "addPet" {
		t.Errorf("addPet plan = %+v", add.Plan)
	}
	if a := add.Annotations; a.ReadOnly || a.Destructive || a.Idempotent || !a.OpenWorld {
		t.Errorf("addPet annotations = %+v", a)
	}
	if err := validates(t, add, `{"name":"rex","photoUrls":["u"],"category":{"id":1,"name":"Dogs"},"status":"sold"}`); err != nil {
		t.Errorf("addPet: %v", err)
	}
	if err := validates(t, add, `{"name":"rex"}`); err == nil {
		t.Error("addPet without photoUrls accepted")
	}

	byStatus := cat.Tool("petstore_find_pets_by_status")
	if p := byStatus.Plan.Params; len(p) != 1 || p[0] != (Param{Name: "status", Arg: "status", In: InQuery, Style: "form", Explode: true, Type: "string"}) {
		t.Errorf("findPetsByStatus params = %+v", p)
	}
	if a := byStatus.Annotations; !a.ReadOnly || !a.Idempotent || a.Destructive {
		t.Errorf("findPetsByStatus annotations = %+v", a)
	}
	byTags := cat.Tool("petstore_find_pets_by_tags")
	if p := byTags.Plan.Params; len(p) != 1 || p[0] != (Param{Name: "tags", Arg: "tags", In: InQuery, Style: "form", Explode: true, Type: "array"}) {
		t.Errorf("findPetsByTags params = %+v", p)
	}

	del := cat.Tool("petstore_delete_pet")
	want := []Param{
		{Name: "api_key", Arg: "api_key", In: InHeader, Style: "simple", Type: "string"},
		{Name: "petId", Arg: "petId", In: InPath, Required: true, Style: "simple", Type: "integer"},
	}
	if !equalJSON(del.Plan.Params, want) {
		t.Errorf("deletePet params = %+v", del.Plan.Params)
	}
	if a := del.Annotations; !a.Destructive || !a.Idempotent || a.ReadOnly {
		t.Errorf("deletePet annotations = %+v", a)
	}
	if del.Plan.Path != "/pet/{petId}" || del.Plan.Method != "DELETE" || del.Plan.Body != nil {
		t.Errorf("deletePet plan = %+v", del.Plan)
	}
	if !equalJSON(del.Plan.Security, []SecurityRequirement{{"petstore_auth": {"write:pets", "read:pets"}}}) {
		t.Errorf("deletePet security = %v", del.Plan.Security)
	}

	// The Petstore declares no document-wide security, so an operation
	// without its own needs none: [] (no credentials), not nil (the default).
	if order := cat.Tool("petstore_get_order_by_id").Plan.Security; order == nil || len(order) != 0 {
		t.Errorf("getOrderById security = %#v, want empty", order)
	}

	upload := cat.Tool("petstore_upload_file")
	if b := upload.Plan.Body; b == nil || b.MediaType != "application/octet-stream" || b.Arg != "body" || b.Required {
		t.Errorf("uploadFile body = %+v", b)
	}
	if err := validates(t, upload, `{"petId":1,"additionalMetadata":"x","body":"bytes"}`); err != nil {
		t.Errorf("uploadFile: %v", err)
	}

	list := cat.Tool("petstore_create_users_with_list_input")
	if b := list.Plan.Body; b == nil || b.Arg != "body" {
		t.Errorf("createUsersWithListInput body = %+v", b)
	}
	if err := validates(t, list, `{"body":[{"username":"a"}]}`); err != nil {
		t.Errorf("createUsersWithListInput: %v", err)
	}

	updUser := cat.Tool("petstore_update_user")
	// The body's "username" collides with the path parameter: no flattening.
	if b := updUser.Plan.Body; b == nil || b.Arg != "body" || len(b.Props) != 0 {
		t.Errorf("updateUser body = %+v", b)
	}
	if a := updUser.Annotations; !a.Idempotent || !a.Destructive {
		t.Errorf("updateUser annotations = %+v", a)
	}

	login := cat.Tool("petstore_login_user")
	if len(login.Plan.Params) != 2 || login.Plan.Params[1].Name != "password" {
		t.Errorf("loginUser params = %+v", login.Plan.Params)
	}
	if len(cat.Servers) != 1 || cat.Servers[0].URL != "https://petstore3.swagger.io/api/v3" ||
		!equalJSON(login.Plan.Servers, cat.Servers) {
		t.Errorf("servers = %+v / %+v", cat.Servers, login.Plan.Servers)
	}
	var names []string
	for _, s := range cat.SecuritySchemes {
		names = append(names, s.Name+":"+string(s.Type))
	}
	if strings.Join(names, ",") != "api_key:apiKey,petstore_auth:oauth2" {
		t.Errorf("security schemes = %v", names)
	}
	// getInventory authenticates with api_key, so nothing is left to ask.
	inv := cat.Tool("petstore_get_inventory")
	if len(inv.Plan.Params) != 0 || !strings.Contains(string(inv.InputSchema), `"properties":{}`) {
		t.Errorf("getInventory: %+v %s", inv.Plan.Params, inv.InputSchema)
	}
}

func TestPetstore(t *testing.T) {
	cat := loadFile(t, "petstore.openapi.yaml", petstoreOptions())
	checkPetstore(t, cat)
	if cat.Title != "Swagger Petstore - OpenAPI 3.0" || cat.Version != "1.0.27-SNAPSHOT" {
		t.Errorf("title/version = %q %q", cat.Title, cat.Version)
	}
	if !strings.Contains(cat.Description, "- [The Pet Store repository]") {
		t.Errorf("Markdown description lost its lines: %q", cat.Description)
	}
	form := cat.Tool("petstore_update_pet_with_form")
	want := []Param{
		{Name: "petId", Arg: "petId", In: InPath, Required: true, Style: "simple", Type: "integer"},
		{Name: "name", Arg: "name", In: InQuery, Style: "form", Explode: true, Type: "string"},
		{Name: "status", Arg: "status", In: InQuery, Style: "form", Explode: true, Type: "string"},
	}
	if !equalJSON(form.Plan.Params, want) || form.Plan.Body != nil {
		t.Errorf("updatePetWithForm plan = %+v", form.Plan)
	}
	// placeOrder's body is optional: its properties are not required.
	order := cat.Tool("petstore_place_order")
	if b := order.Plan.Body; b == nil || b.Required || b.Arg != "" {
		t.Errorf("placeOrder body = %+v", b)
	}
	if !strings.Contains(string(order.InputSchema), `"shipDate":{"description":"ISO 8601 date-time or epoch seconds.","format":"date-time","type":["string","number"]}`) {
		t.Errorf("placeOrder shipDate: %s", order.InputSchema)
	}
}

func TestSwagger2Petstore(t *testing.T) {
	cat := loadFile(t, "petstore.swagger2.json", petstoreOptions())
	checkPetstore(t, cat)
	if cat.Title != "Swagger Petstore - Swagger 2.0" {
		t.Errorf("title = %q", cat.Title)
	}
	byTags := cat.Tool("petstore_find_pets_by_tags")
	if !strings.Contains(string(byTags.InputSchema), `"tags":{"description":"Tags to filter by","items":{"type":"string"},"type":"array"}`) {
		t.Errorf("findPetsByTags schema: %s", byTags.InputSchema)
	}
}
