// Package awsconf loads the process's AWS configuration the way the AWS CLI
// does (environment, shared config and credentials files, --region,
// --profile, --endpoint-url) and resolves the Cognito user pools endpoint.
//
// It owns configuration only: it never signs or sends a request (package
// executor does) and never speaks MCP.
package awsconf
