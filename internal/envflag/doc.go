// Package envflag registers command-line flags that each have an
// environment variable twin (--tool-names and COGNITO_MCP_TOOL_NAMES): a
// flag given on the command line wins over its variable, the variable wins
// over the default. It keeps one row per flag for help texts and reports
// malformed variables after parsing.
//
// It never parses the command line itself (the flag.FlagSet does) and
// never reads a variable it was not asked about.
package envflag
