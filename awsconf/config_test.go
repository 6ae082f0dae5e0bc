package awsconf

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/config"

	"github.com/cognito-mcp/cognito-mcp/internal/awstest"
)

func TestLoadAWSConfigEndpoint(t *testing.T) {
	tests := []struct {
		name       string
		settings   Settings
		env        map[string]string
		wantEP     string
		wantRegion string
	}{
		{"default region", Settings{}, nil, "https://cognito-idp.eu-west-1.amazonaws.com", "eu-west-1"},
		{"--region", Settings{Region: "us-west-2"}, nil, "https://cognito-idp.us-west-2.amazonaws.com", "us-west-2"},
		{"AWS_REGION", Settings{}, map[string]string{"AWS_REGION": "ca-central-1"}, "https://cognito-idp.ca-central-1.amazonaws.com", "ca-central-1"},
		{"China region", Settings{Region: "cn-north-1"}, nil, "https://cognito-idp.cn-north-1.amazonaws.com.cn", "cn-north-1"},
		{"--endpoint-url wins", Settings{EndpointURL: "http://127.0.0.1:9229"},
			map[string]string{"AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER": "http://127.0.0.1:7003", "AWS_ENDPOINT_URL": "http://127.0.0.1:7004"},
			"http://127.0.0.1:9229", "eu-west-1"},
		{"service env beats global env", Settings{},
			map[string]string{"AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER": "http://127.0.0.1:7003", "AWS_ENDPOINT_URL": "http://127.0.0.1:7004"},
			"http://127.0.0.1:7003", "eu-west-1"},
		{"service env beats services section", Settings{Profile: "dev"},
			map[string]string{"AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER": "http://127.0.0.1:7003"},
			"http://127.0.0.1:7003", "ap-southeast-2"},
		{"services section", Settings{Profile: "dev"}, nil, "http://127.0.0.1:7002", "ap-southeast-2"},
		{"global env beats services section (SDK order)", Settings{Profile: "dev"},
			map[string]string{"AWS_ENDPOINT_URL": "http://127.0.0.1:7004"}, "http://127.0.0.1:7004", "ap-southeast-2"},
		{"global env", Settings{}, map[string]string{"AWS_ENDPOINT_URL": "http://127.0.0.1:7004"}, "http://127.0.0.1:7004", "eu-west-1"},
		{"profile endpoint_url", Settings{Profile: "global"}, nil, "http://127.0.0.1:7001", "eu-west-1"},
		{"ignore configured endpoints", Settings{Profile: "dev"},
			map[string]string{"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true", "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER": "http://127.0.0.1:7003", "AWS_ENDPOINT_URL": "http://127.0.0.1:7004"},
			"https://cognito-idp.ap-southeast-2.amazonaws.com", "ap-southeast-2"},
		{"ignore does not drop --endpoint-url", Settings{EndpointURL: "http://127.0.0.1:9229"},
			map[string]string{"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"}, "http://127.0.0.1:9229", "eu-west-1"},
		{"no region", Settings{Profile: "noregion"}, nil, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			awstest.CleanEnv(t, awstest.SharedConfig)
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			ac, err := Load(context.Background(), tc.settings)
			if err != nil {
				t.Fatal(err)
			}
			if ac.Endpoint != tc.wantEP || ac.Config.Region != tc.wantRegion {
				t.Errorf("endpoint %q region %q, want %q %q", ac.Endpoint, ac.Config.Region, tc.wantEP, tc.wantRegion)
			}
		})
	}
}

func TestLoadAWSConfigErrors(t *testing.T) {
	awstest.CleanEnv(t, awstest.SharedConfig)
	if _, err := Load(context.Background(), Settings{EndpointURL: "localhost:9229"}); err == nil {
		t.Error("a relative endpoint URL was accepted")
	}
	_, err := Load(context.Background(), Settings{Profile: "missing"})
	var notExist config.SharedConfigProfileNotExistError
	if !errors.As(err, &notExist) {
		t.Errorf("missing profile: %v", err)
	}
}
