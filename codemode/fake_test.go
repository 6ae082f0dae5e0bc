package codemode

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// fakeAPIError is shaped like tools.APIError: it satisfies smithy.APIError
// and RequestIDer.
type fakeAPIError struct {
	Status        int
	Code, Message string
	RequestID     string
}

func (e *fakeAPIError) Error() string            { return e.Code + ": " + e.Message }
func (e *fakeAPIError) ErrorCode() string        { return e.Code }
func (e *fakeAPIError) ErrorMessage() string     { return e.Message }
func (e *fakeAPIError) HTTPStatusCode() int      { return e.Status }
func (e *fakeAPIError) ServiceRequestID() string { return e.RequestID }

var (
	_ APIError    = (*fakeAPIError)(nil)
	_ RequestIDer = (*fakeAPIError)(nil)
)

// fakeBridge is a small user store behind Cognito-shaped tool paths.
type fakeBridge struct {
	tools []ToolRef
	block chan struct{} // when set, "slow" calls wait for it or for ctx

	mu    sync.Mutex
	users map[string]bool // username -> enabled
	seen  []string        // paths called, in order
	calls atomic.Int64
}

const (
	pathListUsers   = "xAmzTargetAwsCognitoIdentityProviderServiceListUsers.listUsers"
	pathCreateUser  = "xAmzTargetAwsCognitoIdentityProviderServiceAdminCreateUser.adminCreateUser"
	pathDisableUser = "xAmzTargetAwsCognitoIdentityProviderServiceAdminDisableUser.adminDisableUser"
	pathSlow        = "slow.slow"
	pathEcho        = "pets.pets.echo"
	pathBig         = "pets.pets.big"
)

func newFakeBridge() *fakeBridge {
	return &fakeBridge{
		users: map[string]bool{},
		tools: []ToolRef{
			{Path: pathListUsers, Namespace: "cognito", MCPName: "cognito_list_users", ReadOnly: true},
			{Path: pathCreateUser, Namespace: "cognito", MCPName: "cognito_admin_create_user"},
			{Path: pathDisableUser, Namespace: "cognito", MCPName: "cognito_admin_disable_user"},
			{Path: pathSlow, Namespace: "cognito", MCPName: "cognito_slow", ReadOnly: true},
			{Path: pathEcho, Namespace: "pets", MCPName: "pets_echo", ReadOnly: true},
			{Path: pathBig, Namespace: "pets", MCPName: "pets_big", ReadOnly: true},
		},
	}
}

func (b *fakeBridge) Tools() []ToolRef { return b.tools }

func (b *fakeBridge) Call(ctx context.Context, path string, args map[string]any) (any, error) {
	b.calls.Add(1)
	b.mu.Lock()
	b.seen = append(b.seen, path)
	b.mu.Unlock()
	switch path {
	case pathEcho:
		return args, nil
	case pathBig: // {"s": "bbb..."}, args["n"] bytes long
		n, _ := args["n"].(float64)
		return map[string]any{"s": strings.Repeat("b", int(n))}, nil
	case pathSlow:
		select {
		case <-b.block:
			return map[string]any{"ok": true}, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	case pathCreateUser:
		name, _ := args["Username"].(string)
		b.mu.Lock()
		defer b.mu.Unlock()
		if _, ok := b.users[name]; ok {
			return nil, &fakeAPIError{Status: 400, Code: "UsernameExistsException", Message: "User account already exists", RequestID: "req-1"}
		}
		b.users[name] = true
		return map[string]any{"User": map[string]any{"Username": name, "Enabled": true}}, nil
	case pathDisableUser:
		name, _ := args["Username"].(string)
		b.mu.Lock()
		defer b.mu.Unlock()
		if _, ok := b.users[name]; !ok {
			return nil, &fakeAPIError{Status: 400, Code: "UserNotFoundException", Message: "User does not exist.", RequestID: "req-2"}
		}
		b.users[name] = false
		return map[string]any{}, nil
	case pathListUsers:
		b.mu.Lock()
		defer b.mu.Unlock()
		var users []any
		for name, enabled := range b.users {
			users = append(users, map[string]any{"Username": name, "Enabled": enabled})
		}
		return map[string]any{"Users": users}, nil
	}
	return nil, fmt.Errorf("fake bridge: no tool %s", path)
}

// newEngine returns an Engine on b, closed when the test ends.
func newEngine(tb testing.TB, b Bridge, lim Limits) *Engine {
	tb.Helper()
	e, err := New(context.Background(), b, lim)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { e.Close(context.Background()) })
	return e
}
