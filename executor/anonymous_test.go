package executor

import (
	"context"
	"encoding/json"
	"maps"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/cognito-mcp/cognito-mcp/internal/cognitotest"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/smithy-go/middleware"

	"github.com/cognito-mcp/cognito-mcp/openapi"
	"github.com/cognito-mcp/cognito-mcp/registry"
)

// cognitoTargetPrefix is the X-Amz-Target prefix of Cognito user pools.
const cognitoTargetPrefix = "AWSCognitoIdentityProviderService."

// notInSDK are the operations of the embedded model that the AWS SDK for Go
// (service/cognitoidentityprovider v1.61.0, 126 operations) does not have
// yet. TestUnsignedOpsNotInSDK checks them against the model's own auth
// traits instead.
var notInSDK = []string{"AdminGetUserAuthFactors", "GetProvisionedLimit", "UpdateProvisionedLimit"}

// sdkUnsigned calls every operation of the official client against a local
// upstream and returns, for each operation, whether the SDK sent it
// unsigned.
func sdkUnsigned(t *testing.T) map[string]bool {
	t.Helper()
	up := cognitotest.NewStub(t)
	client := cip.New(cip.Options{
		Region:       cognitotest.Region,
		Credentials:  credentials.NewStaticCredentialsProvider(cognitotest.AccessKey, cognitotest.SecretKey, ""),
		BaseEndpoint: aws.String(up.URL),
		Retryer:      aws.NopRetryer{},
		APIOptions: []func(*middleware.Stack) error{func(s *middleware.Stack) error {
			// Send empty inputs: skip the SDK's required-field checks.
			_, _ = s.Initialize.Remove("OperationInputValidation")
			return nil
		}},
	})
	ctx := context.Background()
	ops := 0
	for name, method := range sdkOperations(client) {
		ops++
		in := reflect.New(method.Type().In(1).Elem())
		out := method.Call([]reflect.Value{reflect.ValueOf(ctx), in})
		if err, _ := out[1].Interface().(error); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	reqs := up.Requests()
	if len(reqs) != ops {
		t.Fatalf("%d requests for %d operations", len(reqs), ops)
	}
	unsigned := map[string]bool{}
	for _, r := range reqs {
		op := strings.TrimPrefix(r.Header.Get("X-Amz-Target"), cognitoTargetPrefix)
		unsigned[op] = r.Header.Get("Authorization") == ""
	}
	return unsigned
}

// sdkOperations are the operation methods of the SDK's client, by name:
// func(ctx, *XInput, ...func(*Options)) (*XOutput, error).
func sdkOperations(client *cip.Client) map[string]reflect.Value {
	ops := map[string]reflect.Value{}
	cv := reflect.ValueOf(client)
	for i := range cv.NumMethod() {
		m := cv.Type().Method(i)
		ft := m.Type
		if ft.NumIn() != 4 || ft.In(1) != reflect.TypeFor[context.Context]() || !strings.HasSuffix(ft.In(2).Elem().Name(), "Input") {
			continue
		}
		ops[m.Name] = cv.Method(i)
	}
	return ops
}

// embeddedCognito is the embedded catalog's tools by operation name.
func embeddedCognito(t testing.TB) map[string]*openapi.Tool {
	t.Helper()
	cat, err := registry.Cognito()
	if err != nil {
		t.Fatal(err)
	}
	tools := map[string]*openapi.Tool{}
	for i := range cat.Tools {
		tool := &cat.Tools[i]
		tools[strings.TrimPrefix(tool.Plan.AWS.Target, cognitoTargetPrefix)] = tool
	}
	return tools
}

// TestAnonymousOpsMatchSDK calls every operation of the official client
// against a local upstream and checks that the SDK signs exactly the
// operations the embedded catalog does not mark unsigned (AWS.Unsigned,
// from the model's smithy.api#noAuth), and that the SDK lacks only the
// operations of notInSDK.
func TestAnonymousOpsMatchSDK(t *testing.T) {
	sdk := sdkUnsigned(t)
	if len(sdk) != 126 {
		t.Errorf("the SDK has %d operations, want the 126 of v1.61.0", len(sdk))
	}
	tools := embeddedCognito(t)
	var missing []string
	for op, tool := range tools {
		unsigned, ok := sdk[op]
		if !ok {
			missing = append(missing, op)
			continue
		}
		if tool.Plan.AWS.Unsigned != unsigned {
			t.Errorf("%s: AWS.Unsigned = %v, the SDK sends it unsigned = %v", op, tool.Plan.AWS.Unsigned, unsigned)
		}
	}
	for op := range sdk {
		if tools[op] == nil {
			t.Errorf("the SDK has %s, the embedded catalog does not", op)
		}
	}
	slices.Sort(missing)
	if !slices.Equal(missing, notInSDK) {
		t.Errorf("operations the SDK lacks: %v, want %v", missing, notInSDK)
	}
	var unsigned []string
	for op, u := range sdk {
		if u {
			unsigned = append(unsigned, op)
		}
	}
	if len(unsigned) != 32 {
		t.Errorf("the SDK sends %d operations unsigned, want 32: %v", len(unsigned), slices.Sorted(slices.Values(unsigned)))
	}
}

// TestUnsignedOpsNotInSDK checks the operations the SDK lacks against the
// auth traits of the committed model: unsigned exactly when the model says
// smithy.api#noAuth (or authtype none), for every operation of the model.
func TestUnsignedOpsNotInSDK(t *testing.T) {
	data, err := os.ReadFile("../registry/embedded/botocore/cognito-idp-2016-04-18.service-2.json")
	if err != nil {
		t.Fatal(err)
	}
	var model struct {
		Operations map[string]struct {
			Auth     []string `json:"auth"`
			AuthType string   `json:"authtype"`
		} `json:"operations"`
	}
	if err := json.Unmarshal(data, &model); err != nil {
		t.Fatal(err)
	}
	tools := embeddedCognito(t)
	if got := slices.Sorted(maps.Keys(model.Operations)); !slices.Equal(got, slices.Sorted(maps.Keys(tools))) {
		t.Fatalf("the model's operations differ from the catalog's")
	}
	for op, o := range model.Operations {
		noAuth := o.AuthType == "none" || slices.Equal(o.Auth, []string{"smithy.api#noAuth"})
		if tools[op].Plan.AWS.Unsigned != noAuth {
			t.Errorf("%s: AWS.Unsigned = %v, the model's auth %v authtype %q", op, tools[op].Plan.AWS.Unsigned, o.Auth, o.AuthType)
		}
	}
	for _, op := range notInSDK {
		if o := model.Operations[op]; len(o.Auth) != 0 || o.AuthType != "" || tools[op].Plan.AWS.Unsigned {
			t.Errorf("%s: the model gives auth %v authtype %q, want none (SigV4, the service's default)", op, o.Auth, o.AuthType)
		}
	}
}
