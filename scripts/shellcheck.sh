#!/usr/bin/env bash
# Installs ShellCheck (Debian's shellcheck package) for dfbuild's shellcheck rule and its tests, when
# it is missing. Idempotent, like scripts/engine.sh: run it as often as you like. Prints one line.
# Needs root to install. The rule itself only needs a `shellcheck` program on PATH.
set -euo pipefail

say() { printf 'shellcheck.sh: %s\n' "$*"; }
fail() {
  printf 'shellcheck.sh: error: %s\n' "$*" >&2
  exit 1
}

if command -v shellcheck >/dev/null 2>&1; then
  say "shellcheck already installed ($(shellcheck --version | sed -n 's/^version: //p'))"
  exit 0
fi
[ "$(id -u)" -eq 0 ] || fail "installing shellcheck needs root (or install ShellCheck yourself: https://github.com/koalaman/shellcheck#installing)"
say "installing shellcheck (apt-get)"
export DEBIAN_FRONTEND=noninteractive
log=/tmp/dfbuild-apt-shellcheck.log
# Try without refreshing the package lists first: on a machine that has them, that is the fast path.
if ! { apt-get install -y -qq --no-install-recommends shellcheck >"$log" 2>&1 ||
  { apt-get update -qq >>"$log" 2>&1 && apt-get install -y -qq --no-install-recommends shellcheck >>"$log" 2>&1; }; }; then
  tail -n 20 "$log" >&2
  fail "apt-get install shellcheck failed (full log: $log)"
fi
say "shellcheck installed ($(shellcheck --version | sed -n 's/^version: //p'))"
