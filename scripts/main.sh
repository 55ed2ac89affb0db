#!/usr/bin/env bash
# README's main command: set-up on a fresh machine (idempotent), then the main job.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(pnpm --version 2>/dev/null || true)" != "12.4.2" ]; then
  npm install -g pnpm@12.4.2
fi
pnpm install --frozen-lockfile
pnpm build
bash scripts/engine.sh

dfbuild=node_modules/.bin/dfbuild
echo "== dfbuild parse examples/classic/Dockerfile"
"$dfbuild" parse --format dump examples/classic/Dockerfile || true
