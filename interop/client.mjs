#!/usr/bin/env node
// Drives an MCP server with the official TypeScript SDK client, to prove interop
// over stdio, SSE and Streamable HTTP. The Go tests run it; it is generic.
//
// Usage:
//   node interop/client.mjs [--scenario FILE] stdio <command> [args...]
//   node interop/client.mjs [--scenario FILE] sse <url>
//   node interop/client.mjs [--scenario FILE] http <url>
//
// The scenario is JSON, from FILE or else stdin (empty means {}):
//   {
//     "timeoutMs": 60000,          // per request
//     "includeTools": false,       // also print every tool definition
//     "listChangedTimeoutMs": 5000,
//     "calls": [{
//       "name": "tool_name", "arguments": {...},
//       "expectError": false,      // the SDK throwing is what the test wants
//       "waitListChanged": false,  // wait for notifications/tools/list_changed after it
//       "listAfter": false         // list the tools again after it (and the wait)
//     }]
//   }
//
// It connects, lists all tools following nextCursor, makes the calls in order, and
// prints one JSON object on stdout:
//   {protocolVersion, serverInfo, serverCapabilities, instructions,
//    tools: {count, pages, names, definitions?},
//    calls: [{name, ok, result?, error?, listChanged?, toolsAfter?}],
//    listChangedCount, errors: [...]}
// Exit status: 0 when every step went as the scenario expects, 1 otherwise
// (errors says why, and so does stderr), 2 for bad usage.
//
// MCP_TOKEN, when set, is sent as "Authorization: Bearer <token>" on HTTP
// transports. Over stdio the server inherits this process's environment.

import { readFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';

const USAGE = 'usage: client.mjs [--scenario FILE] (stdio <command> [args...] | sse <url> | http <url>)';
const MAX_PAGES = 10000;

function usage(message) {
  process.stderr.write(`client.mjs: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  let scenarioFile;
  const args = [...argv];
  if (args[0] === '--scenario') {
    if (args.length < 2) usage('--scenario needs a file');
    scenarioFile = args[1];
    args.splice(0, 2);
  }
  const [mode, ...rest] = args;
  if (mode === 'stdio') {
    if (rest.length < 1) usage('stdio needs a command');
    return { scenarioFile, mode, command: rest[0], commandArgs: rest.slice(1) };
  }
  if (mode === 'sse' || mode === 'http') {
    if (rest.length !== 1) usage(`${mode} needs exactly one URL`);
    let url;
    try {
      url = new URL(rest[0]);
    } catch {
      usage(`${mode}: not a URL: ${rest[0]}`);
    }
    return { scenarioFile, mode, url };
  }
  usage(mode ? `unknown transport ${JSON.stringify(mode)}` : 'no transport given');
}

function readScenario(file) {
  let text;
  try {
    text = file ? readFileSync(file, 'utf8') : process.stdin.isTTY ? '' : readFileSync(0, 'utf8');
  } catch (err) {
    usage(`read the scenario: ${err.message}`);
  }
  if (text.trim() === '') return {};
  try {
    const scenario = JSON.parse(text);
    if (typeof scenario !== 'object' || scenario === null || Array.isArray(scenario)) {
      throw new Error('not a JSON object');
    }
    return scenario;
  } catch (err) {
    usage(`the scenario is not valid: ${err.message}`);
  }
}

function makeTransport(opts) {
  const token = process.env.MCP_TOKEN;
  const requestInit = token ? { headers: { Authorization: `Bearer ${token}` } } : undefined;
  switch (opts.mode) {
    case 'stdio':
      return new StdioClientTransport({
        command: opts.command,
        args: opts.commandArgs,
        env: { ...process.env }, // the SDK passes only a few variables by default
        stderr: 'inherit',
      });
    case 'sse':
      return new SSEClientTransport(opts.url, { requestInit });
    case 'http':
      return new StreamableHTTPClientTransport(opts.url, { requestInit });
  }
}

function message(err) {
  if (!(err instanceof Error)) return String(err);
  // Streamable HTTP errors keep the HTTP status in code, not in the message.
  const status = err.code;
  if (Number.isInteger(status) && status >= 400 && status < 600 && !err.message.includes(String(status))) {
    return `${err.message} (HTTP ${status})`;
  }
  return err.message;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function listAllTools(client, requestOptions) {
  const tools = [];
  const seen = new Set();
  let cursor;
  let pages = 0;
  do {
    const page = await client.listTools(cursor === undefined ? {} : { cursor }, requestOptions);
    pages++;
    tools.push(...page.tools);
    cursor = page.nextCursor;
    if (cursor !== undefined) {
      if (seen.has(cursor)) throw new Error(`tools/list returned the cursor ${JSON.stringify(cursor)} twice`);
      if (pages >= MAX_PAGES) throw new Error(`tools/list did not end after ${MAX_PAGES} pages`);
      seen.add(cursor);
    }
  } while (cursor !== undefined);
  // listTools() keeps output-schema validators for the last page only; keep them
  // for every tool so that each call's structuredContent is checked.
  client.cacheToolMetadata(tools);
  return { tools, pages };
}

function toolSummary({ tools, pages }, includeDefinitions) {
  const summary = { count: tools.length, pages, names: tools.map((t) => t.name) };
  if (includeDefinitions) summary.definitions = tools;
  return summary;
}

async function run(opts, scenario) {
  const out = {
    transport: opts.mode,
    protocolVersion: null,
    serverInfo: null,
    serverCapabilities: null,
    instructions: null,
    tools: null,
    calls: [],
    listChangedCount: 0,
    errors: [],
  };
  const timeout = scenario.timeoutMs ?? 60000;
  const requestOptions = { timeout };
  const listChangedTimeout = scenario.listChangedTimeoutMs ?? 5000;

  const client = new Client({ name: 'cognito-mcp-interop', version: '1.0.0' }, { capabilities: {} });
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
    out.listChangedCount++;
  });
  const transport = makeTransport(opts);
  // The client tells HTTP transports the negotiated version; hook that to report it
  // for every transport.
  const setProtocolVersion = transport.setProtocolVersion?.bind(transport);
  transport.setProtocolVersion = (version) => {
    out.protocolVersion = version;
    setProtocolVersion?.(version);
  };

  try {
    await client.connect(transport, requestOptions);
    out.serverInfo = client.getServerVersion() ?? null;
    out.serverCapabilities = client.getServerCapabilities() ?? null;
    out.instructions = client.getInstructions() ?? null;

    out.tools = toolSummary(await listAllTools(client, requestOptions), scenario.includeTools);

    for (const [i, call] of (scenario.calls ?? []).entries()) {
      if (typeof call?.name !== 'string') throw new Error(`calls[${i}] has no name`);
      const record = { name: call.name, ok: false };
      out.calls.push(record);
      const before = out.listChangedCount;
      try {
        record.result = await client.callTool({ name: call.name, arguments: call.arguments ?? {} }, undefined, requestOptions);
        record.ok = true;
      } catch (err) {
        record.error = message(err);
      }
      if (record.ok === Boolean(call.expectError)) {
        out.errors.push(
          call.expectError
            ? `calls[${i}] ${call.name}: succeeded, the scenario expected an error`
            : `calls[${i}] ${call.name}: ${record.error}`,
        );
      }
      if (call.waitListChanged) {
        const deadline = Date.now() + listChangedTimeout;
        while (out.listChangedCount === before && Date.now() < deadline) await sleep(20);
        record.listChanged = out.listChangedCount > before;
        if (!record.listChanged) {
          out.errors.push(`calls[${i}] ${call.name}: no notifications/tools/list_changed within ${listChangedTimeout} ms`);
        }
      }
      if (call.listAfter) {
        record.toolsAfter = toolSummary(await listAllTools(client, requestOptions), scenario.includeTools);
      }
    }
  } catch (err) {
    out.errors.push(message(err));
  } finally {
    try {
      await client.close();
    } catch (err) {
      out.errors.push(`close: ${message(err)}`);
    }
  }
  return out;
}

const opts = parseArgs(process.argv.slice(2));
const scenario = readScenario(opts.scenarioFile);
const out = await run(opts, scenario);
process.stdout.write(JSON.stringify(out) + '\n');
if (out.errors.length > 0) {
  process.stderr.write(`client.mjs: ${opts.mode}: ${out.errors.join('; ')}\n`);
  process.exitCode = 1;
}
