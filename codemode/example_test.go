package codemode_test

import (
	"context"
	"fmt"

	"github.com/cognito-mcp/cognito-mcp/codemode"
)

// poolBridge answers one read-only tool.
type poolBridge struct{}

func (poolBridge) Tools() []codemode.ToolRef {
	return []codemode.ToolRef{{
		Path:      "xAmzTargetAwsCognitoIdentityProviderServiceListUserPools.listUserPools",
		Namespace: "cognito", MCPName: "cognito_list_user_pools", ReadOnly: true,
	}}
}

func (poolBridge) Call(ctx context.Context, path string, args map[string]any) (any, error) {
	return map[string]any{"UserPools": []map[string]any{{"Id": "eu-west-1_a", "Name": "staff"}, {"Id": "eu-west-1_b", "Name": "guests"}}}, nil
}

func ExampleEngine_Execute() {
	ctx := context.Background()
	eng, err := codemode.New(ctx, poolBridge{}, codemode.Limits{})
	if err != nil {
		panic(err)
	}
	defer eng.Close(ctx)

	res, err := eng.Execute(ctx, `
		const {UserPools} = await tools.cognito.listUserPools({MaxResults: 60});
		console.log("pools:", UserPools.length);
		return UserPools.find(p => p.Name === "guests").Id;
	`, codemode.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Println(string(res.Value), res.Logs, res.Calls)
	// Output: "eu-west-1_b" [pools: 2] 1
}
