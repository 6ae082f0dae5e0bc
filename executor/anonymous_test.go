package executor

import (
	"context"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/smithy-go/middleware"
)

// TestAnonymousOpsMatchSDK calls every operation of the official client
// against a local upstream and checks that the SDK signs exactly the
// operations our list doesn't name.
func TestAnonymousOpsMatchSDK(t *testing.T) {
	up := newStub(t)
	client := cip.New(cip.Options{
		Region:       testRegion,
		Credentials:  credentials.NewStaticCredentialsProvider(testAccessKey, testSecretKey, ""),
		BaseEndpoint: aws.String(up.URL),
		Retryer:      aws.NopRetryer{},
		APIOptions: []func(*middleware.Stack) error{func(s *middleware.Stack) error {
			// Send empty inputs: skip the SDK's required-field checks.
			_, _ = s.Initialize.Remove("OperationInputValidation")
			return nil
		}},
	})
	ctx := context.Background()
	cv := reflect.ValueOf(client)
	ops := 0
	for i := range cv.NumMethod() {
		m := cv.Type().Method(i)
		ft := m.Type
		if ft.NumIn() != 4 || ft.In(1) != reflect.TypeFor[context.Context]() || !strings.HasSuffix(ft.In(2).Elem().Name(), "Input") {
			continue
		}
		ops++
		in := reflect.New(ft.In(2).Elem())
		out := cv.Method(i).Call([]reflect.Value{reflect.ValueOf(ctx), in})
		if err, _ := out[1].Interface().(error); err != nil {
			t.Fatalf("%s: %v", m.Name, err)
		}
	}
	if ops < 100 {
		t.Fatalf("only %d operations found on the client", ops)
	}
	unsigned := map[string]bool{}
	for _, r := range up.requests() {
		op := strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "AWSCognitoIdentityProviderService.")
		if r.Header.Get("Authorization") == "" {
			unsigned[op] = true
		}
	}
	if len(up.requests()) != ops {
		t.Fatalf("%d requests for %d operations", len(up.requests()), ops)
	}
	got, want := slices.Sorted(maps.Keys(anonymousOps)), slices.Sorted(maps.Keys(unsigned))
	if !slices.Equal(got, want) {
		t.Errorf("anonymousOps differ from the SDK's unsigned operations:\n ours %v\n  sdk %v", got, want)
	}
}

func TestIsAnonymous(t *testing.T) {
	tests := []struct {
		signing, target string
		want            bool
	}{
		{"cognito-idp", "AWSCognitoIdentityProviderService.SignUp", true},
		{"cognito-idp", "AWSCognitoIdentityProviderService.InitiateAuth", true},
		{"cognito-idp", "AWSCognitoIdentityProviderService.AdminInitiateAuth", false},
		{"cognito-idp", "AWSCognitoIdentityProviderService.ListUsers", false},
		{"other-service", "Other.SignUp", false},
	}
	for _, tc := range tests {
		if got := isAnonymous(tc.signing, tc.target); got != tc.want {
			t.Errorf("isAnonymous(%s, %s) = %v", tc.signing, tc.target, got)
		}
	}
}
