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
