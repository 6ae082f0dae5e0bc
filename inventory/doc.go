// Package inventory decides which tools a server exposes, under which
// names and in which order: the control tools first, then each source's
// tools in namespace and catalog order, filtered by read-only mode and
// include/exclude patterns, shaped by the catalog mode. tools/list, the
// `cognito-mcp tools` command and the control tools all ask Select, so the
// answer is the same everywhere. In search mode Select lists the control
// tools and the meta-tools, and Reachable is what those search, describe
// and call: the same tools full mode lists, under the same filters.
//
// It is pure: no MCP types, no network, no disk. A new catalog mode is a
// Mode constant and one case in Select.
package inventory
