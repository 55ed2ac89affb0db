#!/usr/bin/env bash
# README's main command. Set-up on a fresh machine (idempotent: what is there is kept), then the
# main job: lint every example, then build the buildable ones with dfbuild against the engine and
# run them.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(pnpm --version 2>/dev/null || true)" != "12.4.2" ]; then
  npm install -g pnpm@12.4.2
fi
pnpm install --frozen-lockfile
pnpm build
bash scripts/engine.sh --with-examples
# The shellcheck rule runs ShellCheck (its tests need it too).
bash scripts/shellcheck.sh

dfbuild=node_modules/.bin/dfbuild

printf '\n== dfbuild lint examples/\n'
# examples/classic is the seed's example with the mistakes a reviewer flags: findings are expected.
if "$dfbuild" lint examples/; then
  echo "no findings"
fi

printf '\n== examples/playground\n'
node examples/playground/build.mjs

for example in python-hello rest-service apt-cache; do
  printf '\n== %s\n' "$example"
  bash scripts/demo.sh "$example"
done
