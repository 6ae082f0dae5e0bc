// Package executor runs one call of a catalog tool: coerce the strings that
// spell the integer, number or boolean the input schema asks for, validate
// the arguments against the tool's input schema, convert AWS timestamps, route (endpoint
// and retry policy), build the HTTP request from the plan, authorize it
// (SigV4 for AWS operations but those the model serves without it,
// openapi.AWS.Unsigned; the source's credentials for others), send it
// with retries, and decode the answer. Call returns a plain *Result or a
// typed error (*ValidationError, *NotSentError wrapping ErrNoRegion or
// ErrNoCredentials, *AuthError, *TransportError, *APIError), so any Go
// caller can use it.
//
// The process's AWS credentials sign the embedded Cognito source's calls
// (a nil Target.AWS) for cognito-idp only, and an added source's only for
// the services its AWSTarget.SignFor grants. AWS calls follow no
// redirects; other calls follow redirects only within their origin.
//
// It never imports mcp-go: shaping results for MCP is package tools'
// business. It never reads the environment itself: the AWS configuration
// (package awsconf), the HTTP client and the source authorizers are passed
// in.
package executor
