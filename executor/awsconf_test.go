package executor

import (
	"context"
	"errors"
	"github.com/cognito-mcp/cognito-mcp/awsconf"
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/aws-sdk-go-v2/config"
)

// cleanAWSEnv removes every AWS setting of the machine running the tests
// and points the shared files at a temporary config.
func cleanAWSEnv(t *testing.T, sharedConfig string) (configFile string) {
	t.Helper()
	for _, k := range []string{
		"AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_DEFAULT_PROFILE",
		"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
		"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER",
		"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "AWS_MAX_ATTEMPTS", "AWS_RETRY_MODE",
		"AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN",
		"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
	} {
		t.Setenv(k, "") // restores the old value after the test
		os.Unsetenv(k)
	}
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	dir := t.TempDir()
	configFile = filepath.Join(dir, "config")
	if err := os.WriteFile(configFile, []byte(sharedConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_CONFIG_FILE", configFile)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "credentials"))
	return configFile
}

const testSharedConfig = `
[default]
region = eu-west-1

[profile dev]
region = ap-southeast-2
services = local-cognito

[profile global]
region = eu-west-1
endpoint_url = http://127.0.0.1:7001

[profile noregion]
output = json

[services local-cognito]
cognito_identity_provider =
  endpoint_url = http://127.0.0.1:7002
`

func TestLoadAWSConfigNoRegionCallError(t *testing.T) {
	cleanAWSEnv(t, testSharedConfig)
	ac, err := awsconf.Load(context.Background(), awsconf.Settings{Profile: "noregion"})
	if err != nil {
		t.Fatalf("a missing region must not fail loading: %v", err)
	}
	e := New(Options{AWS: ac})
	wantError(t, e.callT(context.Background(), listUsers(), nil, map[string]any{"UserPoolId": "p"}),
		"--region", "AWS_REGION", "AWS_DEFAULT_REGION", `"noregion" profile`)
}

func TestLoadAWSConfigCredentials(t *testing.T) {
	cfgFile := cleanAWSEnv(t, testSharedConfig)
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
	cleanAWSEnv(t, testSharedConfig)
	ac, err = awsconf.Load(context.Background(), awsconf.Settings{EndpointURL: closedURL(t)})
	if err != nil {
		t.Fatal(err)
	}
	e := New(Options{AWS: ac})
	wantError(t, e.callT(context.Background(), listUsers(), nil, map[string]any{"UserPoolId": "p"}), "no AWS credentials", "AWS_ACCESS_KEY_ID")
}

func TestRetrySettingsFromEnv(t *testing.T) {
	cleanAWSEnv(t, testSharedConfig)
	t.Setenv("AWS_MAX_ATTEMPTS", "2")
	up := newStub(t, answer{status: 500, body: `{}`})
	ac, err := awsconf.Load(context.Background(), awsconf.Settings{EndpointURL: up.URL},
		config.WithCredentialsProvider(testAWS("").Config.Credentials))
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
	up := newStub(t)
	var loads int
	e := New(Options{LoadAWS: func() (*awsconf.Config, error) {
		loads++
		return testAWS(up.URL), nil
	}})
	if loads != 0 {
		t.Fatal("NewExecutor loaded the AWS configuration")
	}
	for range 2 {
		wantSuccess(t, e.callT(context.Background(), listUsers(), nil, map[string]any{"UserPoolId": "p"}))
	}
	if loads != 1 || len(up.requests()) != 2 {
		t.Errorf("%d loads, %d requests; want 1 and 2", loads, len(up.requests()))
	}

	bad := New(Options{LoadAWS: func() (*awsconf.Config, error) {
		return nil, errors.New(`load AWS configuration: failed to get shared config profile, "nope"`)
	}})
	wantError(t, bad.callT(context.Background(), listUsers(), nil, map[string]any{"UserPoolId": "p"}), `profile, "nope"`)
}
