// host.c embeds QuickJS as a WebAssembly reactor for package codemode.
//
// The module has no system access of its own: QuickJS is built without
// quickjs-libc (no std/os modules, no timers, no files), and every capability
// the script has comes from four imports of module "host" (call, log, done,
// fail). The Go side owns the event loop: it evaluates scripts with qjs_eval,
// runs promise jobs with qjs_run_jobs and settles tool calls with qjs_resolve.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "quickjs.h"

#define IMPORT(name) __attribute__((import_module("host"), import_name(name)))
#define EXPORT(name) __attribute__((export_name(name)))

IMPORT("call") void host_call(int32_t id, const char *name, int32_t name_len, const char *args, int32_t args_len);
IMPORT("log") void host_log(int32_t level, const char *msg, int32_t len);
IMPORT("done") void host_done(const char *json, int32_t len);
IMPORT("fail") void host_fail(const char *json, int32_t len);

static JSRuntime *rt;
static JSContext *ctx;

// Pending tool calls: the resolve function of each promise, indexed by call id.
static JSValue *pending;
static int32_t pending_cap;

// The text of the last exception that escaped qjs_eval or qjs_run_jobs.
static char *last_error;
static int32_t last_error_len;

static void set_error(const char *msg, size_t len) {
	free(last_error);
	last_error = malloc(len + 1);
	if (!last_error) {
		last_error_len = 0;
		return;
	}
	memcpy(last_error, msg, len);
	last_error[len] = 0;
	last_error_len = (int32_t)len;
}

// take_exception stores the pending exception as "Name: message", followed by
// its stack on the next lines when it has one.
static void take_exception(void) {
	JSValue exc = JS_GetException(ctx);
	size_t len, slen = 0;
	const char *s = JS_ToCStringLen(ctx, &len, exc);
	const char *stack = NULL;
	if (JS_IsError(ctx, exc)) {
		JSValue st = JS_GetPropertyStr(ctx, exc, "stack");
		if (JS_IsString(st))
			stack = JS_ToCStringLen(ctx, &slen, st);
		JS_FreeValue(ctx, st);
	}
	if (!s) {
		set_error("InternalError: out of memory", 28);
	} else if (stack && slen > 0) {
		char *buf = malloc(len + 1 + slen);
		if (buf) {
			memcpy(buf, s, len);
			buf[len] = '\n';
			memcpy(buf + len + 1, stack, slen);
			set_error(buf, len + 1 + slen);
			free(buf);
		} else {
			set_error(s, len);
		}
	} else {
		set_error(s, len);
	}
	if (s)
		JS_FreeCString(ctx, s);
	if (stack)
		JS_FreeCString(ctx, stack);
	JS_FreeValue(ctx, exc);
}

static JSValue js_call(JSContext *c, JSValueConst this_val, int argc, JSValueConst *argv) {
	if (argc < 2)
		return JS_ThrowTypeError(c, "call needs a name and arguments");
	size_t nlen, alen;
	const char *name = JS_ToCStringLen(c, &nlen, argv[0]);
	if (!name)
		return JS_EXCEPTION;
	const char *args = JS_ToCStringLen(c, &alen, argv[1]);
	if (!args) {
		JS_FreeCString(c, name);
		return JS_EXCEPTION;
	}
	int32_t id = 0;
	while (id < pending_cap && !JS_IsUndefined(pending[id]))
		id++;
	if (id == pending_cap) {
		int32_t cap = pending_cap ? pending_cap * 2 : 16;
		JSValue *p = realloc(pending, sizeof(JSValue) * cap);
		if (!p) {
			JS_FreeCString(c, name);
			JS_FreeCString(c, args);
			return JS_ThrowOutOfMemory(c);
		}
		for (int32_t i = pending_cap; i < cap; i++)
			p[i] = JS_UNDEFINED;
		pending = p;
		pending_cap = cap;
	}
	JSValue funcs[2];
	JSValue promise = JS_NewPromiseCapability(c, funcs);
	if (JS_IsException(promise)) {
		JS_FreeCString(c, name);
		JS_FreeCString(c, args);
		return promise;
	}
	// Results always arrive through resolve: the JSON envelope says whether the call failed.
	JS_FreeValue(c, funcs[1]);
	pending[id] = funcs[0];
	host_call(id, name, (int32_t)nlen, args, (int32_t)alen);
	JS_FreeCString(c, name);
	JS_FreeCString(c, args);
	return promise;
}

static JSValue js_log(JSContext *c, JSValueConst this_val, int argc, JSValueConst *argv) {
	int32_t level = 0;
	if (argc < 2 || JS_ToInt32(c, &level, argv[0]))
		return JS_UNDEFINED;
	size_t len;
	const char *s = JS_ToCStringLen(c, &len, argv[1]);
	if (!s)
		return JS_EXCEPTION;
	host_log(level, s, (int32_t)len);
	JS_FreeCString(c, s);
	return JS_UNDEFINED;
}

static JSValue js_settle(JSContext *c, int argc, JSValueConst *argv, int ok) {
	size_t len;
	const char *s = JS_ToCStringLen(c, &len, argc > 0 ? argv[0] : JS_UNDEFINED);
	if (!s)
		return JS_EXCEPTION;
	if (ok)
		host_done(s, (int32_t)len);
	else
		host_fail(s, (int32_t)len);
	JS_FreeCString(c, s);
	return JS_UNDEFINED;
}

static JSValue js_done(JSContext *c, JSValueConst this_val, int argc, JSValueConst *argv) {
	return js_settle(c, argc, argv, 1);
}

static JSValue js_fail(JSContext *c, JSValueConst this_val, int argc, JSValueConst *argv) {
	return js_settle(c, argc, argv, 0);
}

EXPORT("qjs_malloc") void *qjs_malloc(int32_t size) { return malloc((size_t)size); }

EXPORT("qjs_free") void qjs_free(void *p) { free(p); }

EXPORT("qjs_error_ptr") char *qjs_error_ptr(void) { return last_error; }

EXPORT("qjs_error_len") int32_t qjs_error_len(void) { return last_error_len; }

// qjs_init creates the runtime and context with the given heap and stack limits
// and exposes the host functions as globalThis.__host, which the prelude takes
// and deletes. It returns 0, or -1 when QuickJS could not start.
EXPORT("qjs_init") int32_t qjs_init(int32_t mem_limit, int32_t stack_size) {
	rt = JS_NewRuntime();
	if (!rt)
		return -1;
	JS_SetMemoryLimit(rt, (size_t)mem_limit);
	JS_SetMaxStackSize(rt, (size_t)stack_size);
	ctx = JS_NewContext(rt);
	if (!ctx)
		return -1;
	JSValue global = JS_GetGlobalObject(ctx);
	JSValue host = JS_NewObject(ctx);
	JS_SetPropertyStr(ctx, host, "call", JS_NewCFunction(ctx, js_call, "call", 2));
	JS_SetPropertyStr(ctx, host, "log", JS_NewCFunction(ctx, js_log, "log", 2));
	JS_SetPropertyStr(ctx, host, "done", JS_NewCFunction(ctx, js_done, "done", 1));
	JS_SetPropertyStr(ctx, host, "fail", JS_NewCFunction(ctx, js_fail, "fail", 1));
	JS_SetPropertyStr(ctx, global, "__host", host);
	JS_FreeValue(ctx, global);
	return 0;
}

// qjs_eval evaluates a global script. It returns 0, or -1 with the exception
// text in qjs_error_ptr/qjs_error_len.
EXPORT("qjs_eval") int32_t qjs_eval(const char *src, int32_t len, const char *file) {
	JSValue v = JS_Eval(ctx, src, (size_t)len, file, JS_EVAL_TYPE_GLOBAL);
	if (JS_IsException(v)) {
		take_exception();
		return -1;
	}
	JS_FreeValue(ctx, v);
	return 0;
}

static int32_t run_jobs(void) {
	JSContext *c;
	for (;;) {
		int r = JS_ExecutePendingJob(rt, &c);
		if (r == 0)
			return 0;
		if (r < 0) {
			take_exception();
			return -1;
		}
	}
}

// qjs_run_jobs runs pending promise jobs until none is left. It returns 0, or
// -1 with the exception text when a job threw.
EXPORT("qjs_run_jobs") int32_t qjs_run_jobs(void) { return run_jobs(); }

// qjs_resolve settles tool call id with a JSON envelope string, then runs the
// promise jobs that follow, so one call into the module delivers one result.
// It returns 0, or -1 when id is not a pending call or something threw.
EXPORT("qjs_resolve") int32_t qjs_resolve(int32_t id, const char *json, int32_t len) {
	if (id < 0 || id >= pending_cap || JS_IsUndefined(pending[id])) {
		set_error("InternalError: no pending call with this id", 43);
		return -1;
	}
	JSValue fn = pending[id];
	pending[id] = JS_UNDEFINED;
	JSValue arg = JS_NewStringLen(ctx, json, (size_t)len);
	if (JS_IsException(arg)) {
		JS_FreeValue(ctx, fn);
		take_exception();
		return -1;
	}
	JSValue r = JS_Call(ctx, fn, JS_UNDEFINED, 1, &arg);
	JS_FreeValue(ctx, arg);
	JS_FreeValue(ctx, fn);
	if (JS_IsException(r)) {
		take_exception();
		return -1;
	}
	JS_FreeValue(ctx, r);
	return run_jobs();
}
