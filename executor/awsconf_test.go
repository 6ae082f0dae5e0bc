package executor

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/cognito-mcp/cognito-mcp/internal/cognitotest"

	"github.com/aws/aws-sdk-go-v2/config"

	"github.com/cognito-mcp/cognito-mcp/awsconf"
	"github.com/cognito-mcp/cognito-mcp/internal/awstest"
)

func TestLoadAWSConfigNoRegionCallError(t *testing.T) {
	awstest.CleanEnv(t, awstest.SharedConfig)
	ac, err := awsconf.Load(context.Background(), awsconf.Settings{Profile: "noregion"})
	if err != nil {
		t.Fatalf("a missing region must not fail loading: %v", err)
	}
	e := New(Options{AWS: ac})
	wantError(t, e.callT(context.Background(), cognitotest.ListUsers(), nil, map[string]any{"UserPoolId": "p"}),
		"--region", "AWS_REGION", "AWS_DEFAULT_REGION", `"noregion" profile`)
}

func TestLoadAWSConfigCredentials(t *testing.T) {
	cfgFile := awstest.CleanEnv(t, awstest.SharedConfig)
	creds := filepath.Join(filepath.Dir(cfgFile), "credentials")
	if err := os.WriteFile(creds, []byte("[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = devsecret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ac, err := awsconf.Load(context.Background(), awsconf.Settings{Profile: "dev"})
	if err != nil {
		t.Fatal(err)
	}
	c, err := ac.Config.Credentials.Retrieve(context.Background())
	if err != nil || c.AccessKeyID != "AKIDDEV" {
		t.Fatalf("credentials of the profile: %v, %v", c.AccessKeyID, err)
	}
	if ac.Profile != "dev" {
		t.Errorf("Profile = %q", ac.Profile)
	}

	// With no credentials anywhere, a signed call fails before sending.
	awstest.CleanEnv(t, awstest.SharedConfig)
	ac, err = awsconf.Load(context.Background(), awsconf.Settings{EndpointURL: closedURL(t)})
	if err != nil {
		t.Fatal(err)
	}
	e := New(Options{AWS: ac})
	wantError(t, e.callT(context.Background(), cognitotest.ListUsers(), nil, map[string]any{"UserPoolId": "p"}), "no AWS credentials", "AWS_ACCESS_KEY_ID")
}

func TestRetrySettingsFromEnv(t *testing.T) {
	awstest.CleanEnv(t, awstest.SharedConfig)
	t.Setenv("AWS_MAX_ATTEMPTS", "2")
	up := cognitotest.NewStub(t, cognitotest.Answer{Status: 500, Body: `{}`})
	ac, err := awsconf.Load(context.Background(), awsconf.Settings{EndpointURL: up.URL},
		config.WithCredentialsProvider(cognitotest.Config("").Config.Credentials))
	if err != nil {
		t.Fatal(err)
	}
	if ac.Config.RetryMaxAttempts != 2 {
		t.Fatalf("RetryMaxAttempts = %d", ac.Config.RetryMaxAttempts)
	}
	e := New(Options{AWS: ac})
	if got := e.aws().retryer.MaxAttempts(); got != 2 {
		t.Errorf("retryer allows %d attempts, want 2", got)
	}
}

// TestLoadAWSLazily: with LoadAWS the configuration loads at the first AWS
// call, once, and its error answers every AWS call without sending.
func TestLoadAWSLazily(t *testing.T) {
	up := cognitotest.NewStub(t)
	var loads int
	e := New(Options{LoadAWS: func() (*awsconf.Config, error) {
		loads++
		return cognitotest.Config(up.URL), nil
	}})
	if loads != 0 {
		t.Fatal("NewExecutor loaded the AWS configuration")
	}
	for range 2 {
		wantSuccess(t, e.callT(context.Background(), cognitotest.ListUsers(), nil, map[string]any{"UserPoolId": "p"}))
	}
	if loads != 1 || len(up.Requests()) != 2 {
		t.Errorf("%d loads, %d requests; want 1 and 2", loads, len(up.Requests()))
	}

	bad := New(Options{LoadAWS: func() (*awsconf.Config, error) {
		return nil, errors.New(`load AWS configuration: failed to get shared config profile, "nope"`)
	}})
	wantError(t, bad.callT(context.Background(), cognitotest.ListUsers(), nil, map[string]any{"UserPoolId": "p"}), `profile, "nope"`)
}
