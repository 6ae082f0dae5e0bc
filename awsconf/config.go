package awsconf

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
)

// Settings are the command-line overrides of the AWS SDK's own
// configuration (environment, shared config and credentials files).
type Settings struct {
	Region      string // --region
	Profile     string // --profile
	EndpointURL string // --endpoint-url
}

// Config is the resolved AWS configuration of the process: credentials
// chain, region and retry settings, and the Cognito user pools endpoint.
type Config struct {
	// Config comes from config.LoadDefaultConfig.
	Config aws.Config
	// Endpoint is the Cognito user pools endpoint: --endpoint-url, else
	// the SDK's configured endpoint for the service, else
	// https://cognito-idp.{region}.amazonaws.com. Empty when there is no
	// region and no configured endpoint.
	Endpoint string
	// Profile is the shared config profile in use, for messages.
	Profile string
}

// CognitoSigningName is the SigV4 service name of Cognito user pools.
const CognitoSigningName = "cognito-idp"

// cognitoServiceID is the SDK service id that names the service in
// AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER and the services section.
const cognitoServiceID = cognitoidentityprovider.ServiceID

// Load loads the AWS configuration the way the AWS CLI does, with
// the settings' overrides. The endpoint follows the SDK's own order for
// Cognito (AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, the services
// section of the shared config, AWS_ENDPOINT_URL, all ignored under
// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS), with EndpointURL first. A missing
// region is not an error here: calls that need it fail with ErrNoRegion's
// explanation, so the server can still start and list its tools.
// optFns are passed to config.LoadDefaultConfig after the overrides.
func Load(ctx context.Context, s Settings, optFns ...func(*config.LoadOptions) error) (*Config, error) {
	var opts []func(*config.LoadOptions) error
	if s.Region != "" {
		opts = append(opts, config.WithRegion(s.Region))
	}
	if s.Profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(s.Profile))
	}
	if s.EndpointURL != "" {
		if err := checkEndpointURL(s.EndpointURL); err != nil {
			return nil, err
		}
		opts = append(opts, config.WithBaseEndpoint(s.EndpointURL))
	}
	opts = append(opts, optFns...)
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("load AWS configuration: %w", err)
	}
	ac := &Config{Config: cfg, Profile: profileOf(cfg)}
	ac.Endpoint, err = cognitoEndpoint(ctx, cfg, s.EndpointURL)
	if err != nil {
		return nil, err
	}
	return ac, nil
}

// cognitoEndpoint resolves the endpoint with the service client's own
// logic (its Options().BaseEndpoint is what the SDK itself would use),
// then the SDK's endpoint rules for the region.
func cognitoEndpoint(ctx context.Context, cfg aws.Config, override string) (string, error) {
	if override != "" {
		return override, nil
	}
	if be := cognitoidentityprovider.NewFromConfig(cfg).Options().BaseEndpoint; be != nil && *be != "" {
		if err := checkEndpointURL(*be); err != nil {
			return "", fmt.Errorf("configured endpoint for %s: %w", cognitoServiceID, err)
		}
		return *be, nil
	}
	if cfg.Region == "" {
		return "", nil
	}
	ep, err := cognitoidentityprovider.NewDefaultEndpointResolverV2().ResolveEndpoint(ctx,
		cognitoidentityprovider.EndpointParameters{Region: aws.String(cfg.Region)}.WithDefaults())
	if err != nil {
		return "", fmt.Errorf("region %q: %w", cfg.Region, err)
	}
	return ep.URI.String(), nil
}

func checkEndpointURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("endpoint URL %q: want an absolute URL such as https://cognito-idp.eu-west-1.amazonaws.com or http://127.0.0.1:9229", s)
	}
	return nil
}

// profileOf names the shared config profile the SDK used.
func profileOf(cfg aws.Config) string {
	for _, src := range cfg.ConfigSources {
		if sc, ok := src.(config.SharedConfig); ok && sc.Profile != "" {
			return sc.Profile
		}
	}
	return "default"
}

// ErrNoRegion is returned (wrapped in an explanation) by calls that need an
// AWS region when none is configured.
var ErrNoRegion = errors.New("no AWS region is configured")

// NoRegionError explains ErrNoRegion for the shared config profile in use
// ("default" when empty): what to pass or set so that calls get a region.
func NoRegionError(profile string) error {
	if profile == "" {
		profile = "default"
	}
	return fmt.Errorf("%w: pass --region, set AWS_REGION or AWS_DEFAULT_REGION, or set region in the %q profile of the shared config file (~/.aws/config)", ErrNoRegion, profile)
}
