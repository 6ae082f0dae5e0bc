package openapi

import "net/http"

// hint is what a rule says about an operation.
type hint struct {
	readOnly, destructive, idempotent bool
}

// Operation names are classified by their verb: the first word of the
// operationId after an optional "Admin" (AdminListGroupsForUser -> list).
// MCP's hints mean: readOnly, the call changes nothing; destructive, it may
// remove or overwrite what exists (not only add); idempotent, repeating it
// with the same arguments has no further effect.
var verbHints = map[string]hint{
	// Reads.
	"get": {readOnly: true, idempotent: true}, "list": {readOnly: true, idempotent: true},
	"describe": {readOnly: true, idempotent: true}, "search": {readOnly: true, idempotent: true},
	"find": {readOnly: true, idempotent: true}, "read": {readOnly: true, idempotent: true},
	"fetch": {readOnly: true, idempotent: true}, "query": {readOnly: true, idempotent: true},
	"head": {readOnly: true, idempotent: true},
	// Removals: gone after the first call, nothing more after a repeat.
	"delete": {destructive: true, idempotent: true}, "remove": {destructive: true, idempotent: true},
	"revoke": {destructive: true, idempotent: true}, "forget": {destructive: true, idempotent: true},
	"untag": {destructive: true, idempotent: true}, "disable": {destructive: true, idempotent: true},
	"stop": {destructive: true, idempotent: true}, "purge": {destructive: true, idempotent: true},
	"destroy": {destructive: true, idempotent: true}, "unlink": {destructive: true, idempotent: true},
	// Overwrites: Set*/Update* replace settings (UpdateUserPool resets what
	// it is not given), so they are destructive, and the same call twice
	// leaves the same state.
	"set": {destructive: true, idempotent: true}, "update": {destructive: true, idempotent: true},
	"put": {destructive: true, idempotent: true}, "replace": {destructive: true, idempotent: true},
	"modify": {destructive: true, idempotent: true},
	// Credential changes: the old password stops working; a repeat sends a
	// new code or fails on the changed password.
	"reset": {destructive: true}, "change": {destructive: true},
	// Additive and repeatable: enabling an enabled user, tagging with the
	// same tags, linking a linked identity.
	"enable": {idempotent: true}, "tag": {idempotent: true}, "link": {idempotent: true},
	// Everything else (Create, Add, SignUp, InitiateAuth, RespondTo...,
	// Confirm, Resend, ForgotPassword, Associate, Start, Verify) adds or
	// moves state forward and may not be repeated safely: no hints.
}

// nameHints overrides the verb for operations whose verb misleads.
var nameHints = map[string]hint{
	// Sends a verification code by SMS or email: a write, and every call
	// sends another.
	"GetUserAttributeVerificationCode": {},
	// Changing email or phone sends a new verification code on every call.
	"UpdateUserAttributes":      {destructive: true},
	"AdminUpdateUserAttributes": {destructive: true},
	// Group membership is a set: adding twice changes nothing more.
	"AdminAddUserToGroup": {idempotent: true},
	// Issues new tokens, as InitiateAuth does; with refresh token rotation
	// it also invalidates the refresh token it was given.
	"GetTokensFromRefreshToken": {destructive: true},
}

// nameHint classifies an operation by its name alone.
func nameHint(id string) hint {
	if h, ok := nameHints[id]; ok {
		return h
	}
	ws := words(id)
	if len(ws) > 1 && ws[0] == "admin" {
		ws = ws[1:]
	}
	// GlobalSignOut and AdminUserGlobalSignOut invalidate every token of
	// the user; a repeat has nothing left to invalidate.
	for i := 0; i+2 < len(ws); i++ {
		if ws[i] == "global" && ws[i+1] == "sign" && ws[i+2] == "out" {
			return hint{destructive: true, idempotent: true}
		}
	}
	if len(ws) == 0 {
		return hint{}
	}
	return verbHints[ws[0]]
}

// annotate sets the MCP hints. AWS JSON operations are all POST, so their
// name decides. Otherwise the HTTP method decides where it means something
// (GET, HEAD, OPTIONS and TRACE read; DELETE removes; PUT repeats safely,
// destructive when the name says so) and the name decides for POST and
// PATCH. Every tool reaches a remote API: openWorld.
func annotate(method, id string, aws bool) Annotations {
	h := nameHint(id)
	if !aws {
		switch method {
		case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
			h = hint{readOnly: true, idempotent: true}
		case http.MethodDelete:
			h = hint{destructive: true, idempotent: true}
		case http.MethodPut:
			h = hint{destructive: h.destructive, idempotent: true}
		}
	}
	return Annotations{ReadOnly: h.readOnly, Destructive: h.destructive, Idempotent: h.idempotent, OpenWorld: true}
}
