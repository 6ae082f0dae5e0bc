// Package codemode runs an agent's JavaScript against a set of tools inside a
// hard sandbox: QuickJS compiled to WebAssembly and run by wazero.
//
//	eng, err := codemode.New(ctx, bridge, codemode.Limits{})
//	res, err := eng.Execute(ctx, `
//		const page = await tools.cognito.listUsers({UserPoolId: id});
//		console.log(page.Users.length);
//		return page.Users.map(u => u.Username);
//	`, codemode.Options{})
//
// A script reaches the outside world only through its Bridge: tools.<ns>.<leaf>
// (see [Bindings]) and tools.call(name, args) return Promises that settle with
// the tool's structured result or reject with an Error carrying the AWS fields.
// console.log, warn and error are captured. The value the script returns is
// serialised to JSON.
//
// # Script API
//
// The code is the body of an async function: await works at the top, and
// `return` gives the result. In the sandbox:
//
//   - tools.<ns>.<leaf>(args), tools.<ns>.<group>.<leaf>(args) and
//     tools.call(name, args) call a tool with a JSON-serialisable object and
//     resolve to its structured result. A failed call rejects with an Error
//     whose name and code are the AWS exception name, with message, status and
//     requestId; the sandbox's own refusals are named UnknownToolError and
//     WriteNotAllowedError (a tool that is not read-only, without
//     Options.AllowWrites).
//   - console.log, info, debug, warn and error write one line each; objects
//     are shown as JSON.
//   - Everything else is plain ECMAScript (QuickJS 2021-03-27): no require,
//     import, process, fetch or timers.
//
// # What it never does
//
// It never gives a script files, network, environment, timers, modules, or any
// Go object: the sandbox has no WASI directories, arguments or environment,
// QuickJS is built without its std/os library, and values cross the boundary
// only as JSON text. It does not know about MCP, OpenAPI or AWS: the Bridge
// does the calling, and the caller turns a Result into a protocol answer.
//
// # Limits
//
// Every script runs in its own WebAssembly instance with a capped linear
// memory, a wall-clock deadline that also interrupts busy loops, a QuickJS
// stack limit, a cap on tool calls and on parallel calls, and caps on its log
// and result. An Engine runs a bounded number of scripts at once. See [Limits].
package codemode
