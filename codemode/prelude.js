// prelude.js runs once in every sandbox before the script. It takes the host
// functions that qjs_init left on globalThis.__host, removes them from the
// global object, and installs `tools`, `console` and the one-shot __setup and
// __start hooks that package codemode calls next.
"use strict";
(function () {
  const host = globalThis.__host;
  delete globalThis.__host;
  delete globalThis.__date_clock; // QuickJS's non-standard clock
  const hostCall = host.call, hostLog = host.log, hostDone = host.done, hostFail = host.fail;
  const stringify = JSON.stringify, parse = JSON.parse, defineProperty = Object.defineProperty;
  const create = Object.create, isArray = Array.isArray, StringOf = String, ErrorOf = Error;

  function envelopeError(e) {
    const err = new ErrorOf(e.message);
    defineProperty(err, "name", { value: e.name, writable: true, configurable: true });
    err.code = e.name;
    if (e.status) err.status = e.status;
    if (e.requestId) err.requestId = e.requestId;
    return err;
  }

  async function invoke(name, args) {
    if (args === undefined) args = {};
    if (args === null || typeof args !== "object" || isArray(args)) {
      throw new TypeError("tool " + name + ": arguments must be an object, e.g. {UserPoolId: \"...\"}");
    }
    let text;
    try {
      text = stringify(args);
    } catch (e) {
      throw new TypeError("tool " + name + ": arguments are not JSON-serialisable: " + e.message);
    }
    const r = parse(await hostCall(name, text));
    if (r.ok) return r.value;
    throw envelopeError(r.error);
  }

  function format(v) {
    if (typeof v === "string") return v;
    if (v instanceof ErrorOf) return v.name + ": " + v.message;
    if (v === undefined || typeof v === "function" || typeof v === "symbol" || typeof v === "bigint") return StringOf(v);
    try {
      const s = stringify(v);
      return s === undefined ? StringOf(v) : s;
    } catch (e) {
      return StringOf(v);
    }
  }
  function logger(level) {
    return function (...args) {
      hostLog(level, args.map(format).join(" "));
    };
  }
  const console = create(null);
  console.log = logger(0);
  console.info = logger(0);
  console.debug = logger(0);
  console.warn = logger(1);
  console.error = logger(2);

  const tools = create(null);
  defineProperty(tools, "call", {
    value: function call(name, args) {
      if (typeof name !== "string") return Promise.reject(new TypeError("tools.call needs a tool name, e.g. tools.call(\"cognito_list_users\", {...})"));
      return invoke(name, args);
    },
    enumerable: false,
  });

  function bind(segments, path) {
    let o = tools;
    for (let i = 0; i < segments.length - 1; i++) {
      const k = segments[i];
      if (!Object.prototype.hasOwnProperty.call(o, k)) {
        defineProperty(o, k, { value: create(null), enumerable: true });
      }
      o = o[k];
    }
    defineProperty(o, segments[segments.length - 1], {
      value: function (args) { return invoke(path, args); },
      enumerable: true,
    });
  }

  function failWith(kind, e) {
    const isObj = e !== null && (typeof e === "object" || typeof e === "function");
    let name = "", message, stack = "", code = "", status = 0, requestId = "";
    try {
      if (isObj) {
        name = e.name === undefined ? "" : StringOf(e.name);
        message = e.message === undefined ? format(e) : StringOf(e.message);
        stack = typeof e.stack === "string" ? e.stack : "";
        code = typeof e.code === "string" ? e.code : "";
        status = typeof e.status === "number" ? e.status : 0;
        requestId = typeof e.requestId === "string" ? e.requestId : "";
      } else if (e === null || e === undefined) {
        message = "the script threw " + e + "; unless it did so itself, QuickJS ran out of memory or stack while raising an error";
      } else {
        message = format(e);
      }
    } catch (e2) {
      message = "the script threw a value that could not be read";
    }
    hostFail(stringify({ kind, name, message, stack, code, status, requestId }));
  }

  defineProperty(globalThis, "tools", { value: tools, writable: true, configurable: true });
  defineProperty(globalThis, "console", { value: console, writable: true, configurable: true });
  defineProperty(globalThis, "__setup", {
    configurable: true,
    value: function (bindings) {
      delete globalThis.__setup;
      for (const b of bindings) bind(b[0], b[1]);
    },
  });
  defineProperty(globalThis, "__start", {
    configurable: true,
    value: function (main) {
      delete globalThis.__start;
      main().then(
        (v) => {
          let s;
          try {
            s = stringify(v);
          } catch (e) {
            failWith("result", e);
            return;
          }
          hostDone(s === undefined ? "null" : s);
        },
        (e) => failWith("thrown", e),
      );
    },
  });
})();
