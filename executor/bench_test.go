package executor

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/cognito-mcp/cognito-mcp/internal/cognitotest"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
)

// benchListUsersResponse is a ListUsers answer with three users.
const benchListUsersResponse = `{"Users":[` +
	`{"Username":"alice","Attributes":[{"Name":"email","Value":"alice@example.com"},{"Name":"sub","Value":"1b6c1f7e-0000-4000-8000-000000000001"}],"UserCreateDate":1.700000000123E9,"UserLastModifiedDate":1.700000100456E9,"Enabled":true,"UserStatus":"CONFIRMED"},` +
	`{"Username":"bob","Attributes":[{"Name":"email","Value":"bob@example.com"},{"Name":"sub","Value":"1b6c1f7e-0000-4000-8000-000000000002"}],"UserCreateDate":1.700000000789E9,"UserLastModifiedDate":1.700000100012E9,"Enabled":true,"UserStatus":"FORCE_CHANGE_PASSWORD"},` +
	`{"Username":"carol","Attributes":[{"Name":"email","Value":"carol@example.com"},{"Name":"sub","Value":"1b6c1f7e-0000-4000-8000-000000000003"}],"UserCreateDate":1.700000000345E9,"UserLastModifiedDate":1.700000100678E9,"Enabled":false,"UserStatus":"CONFIRMED"}` +
	`],"PaginationToken":"next-page"}`

func benchUpstream(b *testing.B) string {
	b.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.Header().Set("X-Amzn-Requestid", "bench")
		w.Write([]byte(benchListUsersResponse))
	}))
	b.Cleanup(srv.Close)
	return srv.URL
}

// BenchmarkCallExecutor is one signed ListUsers call through the executor:
// validate, build, sign, send, decode, convert timestamps.
func BenchmarkCallExecutor(b *testing.B) {
	url := benchUpstream(b)
	e := New(Options{AWS: cognitotest.Config(url)})
	tool := cognitotest.ListUsers()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.Call(ctx, tool, nil, map[string]any{"UserPoolId": "eu-west-1_abc123", "Limit": 10.0}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCallSDK is the same call made by the official client.
func BenchmarkCallSDK(b *testing.B) {
	url := benchUpstream(b)
	client := cip.New(cip.Options{
		Region:       cognitotest.Region,
		Credentials:  aws.NewCredentialsCache(credentials.NewStaticCredentialsProvider(cognitotest.AccessKey, cognitotest.SecretKey, "")),
		BaseEndpoint: aws.String(url),
	})
	ctx := context.Background()
	in := &cip.ListUsersInput{UserPoolId: aws.String("eu-west-1_abc123"), Limit: aws.Int32(10)}
	b.ReportAllocs()
	for b.Loop() {
		out, err := client.ListUsers(ctx, in)
		if err != nil || len(out.Users) != 3 {
			b.Fatal(err)
		}
	}
}
