// Package rpcguard answers the JSON-RPC messages mcp-go v1.2.1 gets
// wrong, before its transports see them: a batch (an array), which MCP has
// not had since 2025-06-18, is an Invalid Request (-32600), not a parse
// error; a request whose id is null is an Invalid Request, not a
// notification to be silently dropped; and a request that declares a
// protocol version the server does not implement (the MCP-Protocol-Version
// header or the request's _meta) gets UnsupportedProtocolVersion (-32022)
// with the supported versions, where mcp-go takes any version before
// 2026-07-28 for an old client; when the header and the _meta disagree,
// the answer is HeaderMismatch (-32020), whatever the versions. initialize's own params.protocolVersion is
// left to mcp-go, which negotiates as revision 2025-11-25 asks (the answer
// names a version the server supports).
//
// Check serves the HTTP transports; Stdio wraps stdin and stdout for the
// stdio transport.
//
// It never handles a message it lets through, and never reads more of a
// message than these checks need.
package rpcguard
