#!/bin/sh
# Rebuilds quickjs.wasm from QuickJS 2021-03-27 and host.c.
#
# Needs clang, lld, wasi-libc and libclang-rt-dev-wasm32 (Debian 12 packages)
# and npm. The QuickJS sources come from the npm package qjsc@0.3.0, which
# ships them under deps/quickjs_2021_03_27; its sha256 is checked.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack qjsc@0.3.0 >/dev/null
echo "4a9ed1852b334d842d5dac42d1782817ae26310b448de39532451fd45c9ba0ee  qjsc-0.3.0.tgz" | sha256sum -c -
tar xzf qjsc-0.3.0.tgz
src=package/deps/quickjs_2021_03_27
# The sandbox has no OS threads (Atomics), no fesetround (printf rounding
# modes) and declares malloc_usable_size in <malloc.h>, which quickjs.c only
# includes on Linux.
sed -i 's/^#define CONFIG_ATOMICS$/#ifndef __wasi__\n#define CONFIG_ATOMICS\n#endif/' "$src/quickjs.c"
sed -i 's/^#define CONFIG_PRINTF_RNDN$/#ifndef __wasi__\n#define CONFIG_PRINTF_RNDN\n#endif/' "$src/quickjs.c"
clang --target=wasm32-wasi --sysroot=/usr -O2 -mbulk-memory -mexec-model=reactor \
	-DCONFIG_VERSION='"2021-03-27"' -D_GNU_SOURCE \
	-Wno-everything -include malloc.h \
	-I "$src" \
	"$src/quickjs.c" "$src/libregexp.c" "$src/libunicode.c" "$src/cutils.c" \
	"$here/host.c" \
	-Wl,-z,stack-size=1048576 -Wl,--stack-first -Wl,--strip-all \
	-o "$here/../quickjs.wasm"
ls -l "$here/../quickjs.wasm"
