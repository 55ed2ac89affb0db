#!/usr/bin/env bash
# Installs Chromium (Debian's chromium package) for the playground's browser test, when it is
# missing. Idempotent, like scripts/engine.sh and scripts/shellcheck.sh: run it as often as you
# like. Prints one line. Needs root to install. The test drives /usr/bin/chromium headless through
# playwright-core (it never downloads a browser of its own).
set -euo pipefail

say() { printf 'chromium.sh: %s\n' "$*"; }
fail() {
  printf 'chromium.sh: error: %s\n' "$*" >&2
  exit 1
}

CHROMIUM=/usr/bin/chromium
version() { "$CHROMIUM" --version 2>/dev/null | head -n 1; }

if [ -x "$CHROMIUM" ] && [ -n "$(version)" ]; then
  say "chromium already installed ($(version))"
  exit 0
fi
[ "$(id -u)" -eq 0 ] || fail "installing chromium needs root (or install Debian's chromium package yourself: apt-get install chromium)"
say "installing chromium (apt-get)"
export DEBIAN_FRONTEND=noninteractive
log=/tmp/dfbuild-apt-chromium.log
# Try without refreshing the package lists first: on a machine that has them, that is the fast path.
# fonts-liberation gives the page's text real glyphs in screenshots (Chromium only recommends fonts).
packages=(chromium fonts-liberation)
if ! { apt-get install -y -qq --no-install-recommends "${packages[@]}" >"$log" 2>&1 ||
  { apt-get update -qq >>"$log" 2>&1 && apt-get install -y -qq --no-install-recommends "${packages[@]}" >>"$log" 2>&1; }; }; then
  tail -n 20 "$log" >&2
  fail "apt-get install chromium failed (full log: $log)"
fi
[ -n "$(version)" ] || fail "chromium was installed but '$CHROMIUM --version' does not run (full log: $log)"
say "chromium installed ($(version))"
