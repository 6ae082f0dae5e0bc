// Package awstest holds what tests of packages that load the AWS
// configuration share. Only tests import it.
package awstest

import (
	"os"
	"path/filepath"
	"testing"
)

func CleanEnv(t testing.TB, sharedConfig string) (configFile string) {
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

// SharedConfig is a shared AWS config file with the profiles the tests
// use: default (eu-west-1), dev (a services section naming a Cognito
// endpoint), global (an endpoint_url for every service) and noregion.
const SharedConfig = `
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
