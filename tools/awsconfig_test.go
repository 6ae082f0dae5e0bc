package tools

import (
	"context"
	"errors"
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

func TestLoadAWSConfigEndpoint(t *testing.T) {
	tests := []struct {
		name       string
		settings   AWSSettings
		env        map[string]string
		wantEP     string
		wantRegion string
	}{
		{"default region", AWSSettings{}, nil, "https://cognito-idp.eu-west-1.amazonaws.com", "eu-west-1"},
		{"--region", AWSSettings{Region: "us-west-2"}, nil, "https://cognito-idp.us-west-2.amazonaws.com", "us-west-2"},
		{"AWS_REGION", AWSSettings{}, map[string]string{"AWS_REGION": "ca-central-1"}, "https://cognito-idp.ca-central-1.amazonaws.com", "ca-central-1"},
		{"China region", AWSSettings{Region: "cn-north-1"}, nil, "https://cognito-idp.cn-north-1.amazonaws.com.cn", "cn-north-1"},
		{"--endpoint-url wins", AWSSettings{EndpointURL: "http://127.0.0.1:9229"},
			map[string]string{"AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER": "http://127.0.0.1:7003", "AWS_ENDPOINT_URL": "http://127.0.0.1:7004"},
			"http://127.0.0.1:9229", "eu-west-1"},
		{"service env beats global env", AWSSettings{},
			map[string]string{"AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER": "http://127.0.0.1:7003", "AWS_ENDPOINT_URL": "http://127.0.0.1:7004"},
			"http://127.0.0.1:7003", "eu-west-1"},
		{"service env beats services section", AWSSettings{Profile: "dev"},
			map[string]string{"AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER": "http://127.0.0.1:7003"},
			"http://127.0.0.1:7003", "ap-southeast-2"},
		{"services section", AWSSettings{Profile: "dev"}, nil, "http://127.0.0.1:7002", "ap-southeast-2"},
		{"global env beats services section (SDK order)", AWSSettings{Profile: "dev"},
			map[string]string{"AWS_ENDPOINT_URL": "http://127.0.0.1:7004"}, "http://127.0.0.1:7004", "ap-southeast-2"},
		{"global env", AWSSettings{}, map[string]string{"AWS_ENDPOINT_URL": "http://127.0.0.1:7004"}, "http://127.0.0.1:7004", "eu-west-1"},
		{"profile endpoint_url", AWSSettings{Profile: "global"}, nil, "http://127.0.0.1:7001", "eu-west-1"},
		{"ignore configured endpoints", AWSSettings{Profile: "dev"},
			map[string]string{"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true", "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER": "http://127.0.0.1:7003", "AWS_ENDPOINT_URL": "http://127.0.0.1:7004"},
			"https://cognito-idp.ap-southeast-2.amazonaws.com", "ap-southeast-2"},
		{"ignore does not drop --endpoint-url", AWSSettings{EndpointURL: "http://127.0.0.1:9229"},
			map[string]string{"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"}, "http://127.0.0.1:9229", "eu-west-1"},
		{"no region", AWSSettings{Profile: "noregion"}, nil, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cleanAWSEnv(t, testSharedConfig)
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			ac, err := LoadAWSConfig(context.Background(), tc.settings)
			if err != nil {
				t.Fatal(err)
			}
			if ac.Endpoint != tc.wantEP || ac.Config.Region != tc.wantRegion {
				t.Errorf("endpoint %q region %q, want %q %q", ac.Endpoint, ac.Config.Region, tc.wantEP, tc.wantRegion)
			}
		})
	}
}

func TestLoadAWSConfigNoRegionCallError(t *testing.T) {
	cleanAWSEnv(t, testSharedConfig)
	ac, err := LoadAWSConfig(context.Background(), AWSSettings{Profile: "noregion"})
	if err != nil {
		t.Fatalf("a missing region must not fail loading: %v", err)
	}
	e := NewExecutor(ExecutorOptions{AWS: ac})
	wantError(t, e.Call(context.Background(), listUsers(), nil, map[string]any{"UserPoolId": "p"}),
		"--region", "AWS_REGION", "AWS_DEFAULT_REGION", `"noregion" profile`)
}

func TestLoadAWSConfigCredentials(t *testing.T) {
	cfgFile := cleanAWSEnv(t, testSharedConfig)
	creds := filepath.Join(filepath.Dir(cfgFile), "credentials")
	if err := os.WriteFile(creds, []byte("[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = devsecret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ac, err := LoadAWSConfig(context.Background(), AWSSettings{Profile: "dev"})
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
	ac, err = LoadAWSConfig(context.Background(), AWSSettings{EndpointURL: closedURL(t)})
	if err != nil {
		t.Fatal(err)
	}
	e := NewExecutor(ExecutorOptions{AWS: ac})
	wantError(t, e.Call(context.Background(), listUsers(), nil, map[string]any{"UserPoolId": "p"}), "no AWS credentials", "AWS_ACCESS_KEY_ID")
}

func TestLoadAWSConfigErrors(t *testing.T) {
	cleanAWSEnv(t, testSharedConfig)
	if _, err := LoadAWSConfig(context.Background(), AWSSettings{EndpointURL: "localhost:9229"}); err == nil {
		t.Error("a relative endpoint URL was accepted")
	}
	_, err := LoadAWSConfig(context.Background(), AWSSettings{Profile: "missing"})
	var notExist config.SharedConfigProfileNotExistError
	if !errors.As(err, &notExist) {
		t.Errorf("missing profile: %v", err)
	}
}

func TestRetrySettingsFromEnv(t *testing.T) {
	cleanAWSEnv(t, testSharedConfig)
	t.Setenv("AWS_MAX_ATTEMPTS", "2")
	up := newStub(t, answer{status: 500, body: `{}`})
	ac, err := LoadAWSConfig(context.Background(), AWSSettings{EndpointURL: up.URL},
		config.WithCredentialsProvider(testAWS("").Config.Credentials))
	if err != nil {
		t.Fatal(err)
	}
	if ac.Config.RetryMaxAttempts != 2 {
		t.Fatalf("RetryMaxAttempts = %d", ac.Config.RetryMaxAttempts)
	}
	e := NewExecutor(ExecutorOptions{AWS: ac})
	if got := e.awsRetryer.MaxAttempts(); got != 2 {
		t.Errorf("retryer allows %d attempts, want 2", got)
	}
}
