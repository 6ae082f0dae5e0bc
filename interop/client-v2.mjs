#!/usr/bin/env node
// Drives an MCP server with the TypeScript SDK v2 client
// (@modelcontextprotocol/client), to prove interop with today's clients over
// stdio and Streamable HTTP, in both protocol eras. The Go tests run it.
//
// Usage:
//   node interop/client-v2.mjs [--era legacy|modern] stdio <command> [args...]
//   node interop/client-v2.mjs [--era legacy|modern] http <url>
//
// --era legacy (the default) connects with initialize, as 2025 clients do;
// --era modern pins protocol 2026-07-28: server/discover, no initialize, the
// per-request _meta envelope, and change notifications only through a
// subscriptions/listen stream, which it opens before the first call.
//
// The scenario is JSON on stdin (empty means {}), as for client.mjs:
//   {"timeoutMs": 60000, "listChangedTimeoutMs": 5000,
//    "calls": [{"name": ..., "arguments": {...}, "expectError": false,
//               "waitListChanged": false, "listAfter": false}]}
//
// It prints one JSON object on stdout:
//   {era, protocolVersion, serverInfo, serverCapabilities, instructions,
//    listenFilter?, tools: {count, pages, names},
//    calls: [{name, ok, result?, error?, listChanged?, toolsAfter?}],
//    listChangedCount, errors: [...]}
// Exit status: 0 when every step went as the scenario expects, 1 otherwise,
// 2 for bad usage. MCP_TOKEN, when set, is sent as a bearer token over HTTP.

import { readFileSync } from 'node:fs';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

const USAGE = 'usage: client-v2.mjs [--era legacy|modern] (stdio <command> [args...] | http <url>)';
const MODERN = '2026-07-28';
const MAX_PAGES = 10000;

function usage(message) {
  process.stderr.write(`client-v2.mjs: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const args = [...argv];
  let era = 'legacy';
  if (args[0] === '--era') {
    era = args[1];
    if (era !== 'legacy' && era !== 'modern') usage('--era is legacy or modern');
    args.splice(0, 2);
  }
  const [mode, ...rest] = args;
  if (mode === 'stdio') {
    if (rest.length < 1) usage('stdio needs a command');
    return { era, mode, command: rest[0], commandArgs: rest.slice(1) };
  }
  if (mode === 'http') {
    if (rest.length !== 1) usage('http needs exactly one URL');
    let url;
    try {
      url = new URL(rest[0]);
    } catch {
      usage(`http: not a URL: ${rest[0]}`);
    }
    return { era, mode, url };
  }
  usage(mode ? `unknown transport ${JSON.stringify(mode)}` : 'no transport given');
}

function readScenario() {
  const text = process.stdin.isTTY ? '' : readFileSync(0, 'utf8');
  if (text.trim() === '') return {};
  try {
    const scenario = JSON.parse(text);
    if (typeof scenario !== 'object' || scenario === null || Array.isArray(scenario)) throw new Error('not a JSON object');
    return scenario;
  } catch (err) {
    usage(`the scenario is not valid: ${err.message}`);
  }
}

function makeTransport(opts) {
  const token = process.env.MCP_TOKEN;
  if (opts.mode === 'stdio') {
    return new StdioClientTransport({
      command: opts.command,
      args: opts.commandArgs,
      env: { ...process.env }, // the SDK passes only a few variables by default
      stderr: 'inherit',
    });
  }
  const requestInit = token ? { headers: { Authorization: `Bearer ${token}` } } : undefined;
  return new StreamableHTTPClientTransport(opts.url, { requestInit });
}

function message(err) {
  if (!(err instanceof Error)) return String(err);
  const status = err.code;
  if (Number.isInteger(status) && status >= 400 && status < 600 && !err.message.includes(String(status))) {
    return `${err.message} (HTTP ${status})`;
  }
  return err.message;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function listAllTools(client, requestOptions) {
  const names = [];
  const seen = new Set();
  let cursor;
  let pages = 0;
  do {
    // cacheMode 'bypass': always ask the server, never a cached page.
    const page = await client.listTools(cursor === undefined ? {} : { cursor }, { ...requestOptions, cacheMode: 'bypass' });
    pages++;
    names.push(...page.tools.map((t) => t.name));
    cursor = page.nextCursor;
    if (cursor !== undefined) {
      if (seen.has(cursor)) throw new Error(`tools/list returned the cursor ${JSON.stringify(cursor)} twice`);
      if (pages >= MAX_PAGES) throw new Error(`tools/list did not end after ${MAX_PAGES} pages`);
      seen.add(cursor);
    }
  } while (cursor !== undefined);
  return { count: names.length, pages, names };
}

async function run(opts, scenario) {
  const out = {
    era: opts.era,
    protocolVersion: null,
    serverInfo: null,
    serverCapabilities: null,
    instructions: null,
    tools: null,
    calls: [],
    listChangedCount: 0,
    errors: [],
  };
  const requestOptions = { timeout: scenario.timeoutMs ?? 60000 };
  const listChangedTimeout = scenario.listChangedTimeoutMs ?? 5000;
  const options = { capabilities: {} };
  if (opts.era === 'modern') options.versionNegotiation = { mode: { pin: MODERN } };
  const client = new Client({ name: 'cognito-mcp-interop-v2', version: '1.0.0' }, options);
  client.setNotificationHandler('notifications/tools/list_changed', () => {
    out.listChangedCount++;
  });
  let subscription;
  try {
    await client.connect(makeTransport(opts), requestOptions);
    out.protocolVersion = client.getNegotiatedProtocolVersion() ?? null;
    out.serverInfo = client.getServerVersion() ?? null;
    out.serverCapabilities = client.getServerCapabilities() ?? null;
    out.instructions = client.getInstructions() ?? null;
    out.tools = await listAllTools(client, requestOptions);

    const calls = scenario.calls ?? [];
    if (opts.era === 'modern' && calls.some((c) => c?.waitListChanged)) {
      // 2026-07-28: notifications flow only on a subscriptions/listen stream.
      subscription = await client.listen({ toolsListChanged: true }, requestOptions);
      out.listenFilter = subscription.honoredFilter;
    }
    for (const [i, call] of calls.entries()) {
      if (typeof call?.name !== 'string') throw new Error(`calls[${i}] has no name`);
      const record = { name: call.name, ok: false };
      out.calls.push(record);
      const before = out.listChangedCount;
      try {
        record.result = await client.callTool({ name: call.name, arguments: call.arguments ?? {} }, requestOptions);
        record.ok = true;
      } catch (err) {
        record.error = message(err);
      }
      const failed = !record.ok || record.result?.isError === true;
      if (failed !== Boolean(call.expectError)) {
        out.errors.push(
          call.expectError
            ? `calls[${i}] ${call.name}: succeeded, the scenario expected an error`
            : `calls[${i}] ${call.name}: ${record.error ?? JSON.stringify(record.result?.content ?? null).slice(0, 500)}`,
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
      if (call.listAfter) record.toolsAfter = await listAllTools(client, requestOptions);
    }
  } catch (err) {
    out.errors.push(message(err));
  } finally {
    try {
      await subscription?.close();
      await client.close();
    } catch (err) {
      out.errors.push(`close: ${message(err)}`);
    }
  }
  return out;
}

const opts = parseArgs(process.argv.slice(2));
const out = await run(opts, readScenario());
process.stdout.write(JSON.stringify(out) + '\n');
if (out.errors.length > 0) {
  process.stderr.write(`client-v2.mjs: ${opts.mode} (${opts.era}): ${out.errors.join('; ')}\n`);
  process.exitCode = 1;
}
