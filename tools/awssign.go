package tools

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cognito-mcp/cognito-mcp/internal/lazyre"
)

// serviceName matches a SigV4 signing name: secretsmanager, execute-api,
// s3.
var serviceName = lazyre.New(`^[a-z0-9][a-z0-9-]{0,62}$`)

// ParseAWSSign turns --aws-sign-source values (NAMESPACE=SERVICE) into
// the grants SyncOptions.AWSSign takes: namespace -> SigV4 signing names,
// each once, in the order given. The embedded cognito source is refused:
// it is always signed for cognito-idp.
func ParseAWSSign(values []string) (map[string][]string, error) {
	if len(values) == 0 {
		return nil, nil
	}
	out := map[string][]string{}
	for _, v := range values {
		ns, service, ok := strings.Cut(strings.TrimSpace(v), "=")
		ns, service = strings.TrimSpace(ns), strings.ToLower(strings.TrimSpace(service))
		if !ok || ns == "" || !serviceName().MatchString(service) {
			return nil, fmt.Errorf("--aws-sign-source %q: want NAMESPACE=SERVICE, e.g. secrets=secretsmanager (the source's namespace and the AWS service's SigV4 signing name)", v)
		}
		if ns == "cognito" {
			return nil, fmt.Errorf("--aws-sign-source %q: the embedded cognito source is always signed for cognito-idp; name an added source", v)
		}
		if !slices.Contains(out[ns], service) {
			out[ns] = append(out[ns], service)
		}
	}
	return out, nil
}
