# Sourced by .ci/conformance and .ci/try-it: sets node22 to a Node.js 22.19
# or later, the machine's when it is new enough, else the one npm's
# node-<platform> package holds, installed into .ci/node22 (pinned in its
# package-lock.json). The conformance suite and the MCP Inspector need it;
# the Go tests run on Node.js 20.
node22=node
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 19) ? 0 : 1)'; then
	plat="$(node -p 'process.platform === "win32" ? "win" : process.platform')-$(node -p process.arch)"
	node22="$PWD/.ci/node22/node_modules/node-$plat/bin/node"
	if [ ! -x "$node22" ]; then
		echo "--- node $(node --version) is older than 22.19: npm ci in .ci/node22 for node-$plat"
		npm ci --prefix .ci/node22 --no-audit --no-fund --ignore-scripts
	fi
	if [ ! -x "$node22" ]; then
		echo "npm has no Node.js 22 package for $plat: install Node.js 22.19 or later and run $0 again" >&2
		exit 1
	fi
fi
