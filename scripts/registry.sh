#!/usr/bin/env bash
# Makes a real image registry available on 127.0.0.1 for dfbuild's registry tests: installs Debian's
# docker-registry (distribution 2.8) and apache2-utils (htpasswd) when missing, writes a config with
# HTTP Basic authentication from an htpasswd file, and starts the registry when nothing answers.
# Idempotent, like scripts/engine.sh: run it as often as you like, with or without a registry up.
# Prints one line per thing it checked or did. Needs root to install packages.
#
# The registry is for tests on this machine only: it listens on loopback, where the Docker engine
# treats a registry as insecure and speaks plain HTTP to it (moby registry/config.go: 127.0.0.0/8 is
# an insecure registry CIDR by default), and its one account has a fixed password.
#   address   127.0.0.1:${DFBUILD_REGISTRY_PORT:-5098}
#   account   dfbuild / dfbuild-registry-password
set -euo pipefail

readonly PORT=${DFBUILD_REGISTRY_PORT:-5098}
readonly ADDRESS=127.0.0.1:$PORT
readonly USERNAME=dfbuild
readonly PASSWORD=dfbuild-registry-password
readonly STATE=${DFBUILD_REGISTRY_DIR:-/var/lib/dfbuild/registry-$PORT}
readonly CONFIG=$STATE/config.yml
readonly HTPASSWD=$STATE/htpasswd
readonly PIDFILE=$STATE/registry.pid
readonly LOG=$STATE/registry.log
readonly START_LIMIT_SECONDS=30

say() { printf 'registry.sh: %s\n' "$*"; }
fail() {
  printf 'registry.sh: error: %s\n' "$*" >&2
  exit 1
}

# The registry answers GET /v2/ with 401 and a Basic challenge when its htpasswd auth is on
# (distribution registry/auth/htpasswd/access.go), and 200 when auth is off: only 401 is ours.
registry_answers() {
  local status
  status=$(curl --silent --output /dev/null --write-out '%{http_code}' --max-time 2 "http://$ADDRESS/v2/" 2>/dev/null) || return 1
  [ "$status" = 401 ]
}

ensure_packages() {
  local missing=()
  command -v docker-registry >/dev/null 2>&1 || missing+=(docker-registry)
  command -v htpasswd >/dev/null 2>&1 || missing+=(apache2-utils)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  if [ ${#missing[@]} -eq 0 ]; then
    say "packages: docker-registry, apache2-utils and curl already installed"
    return
  fi
  [ "$(id -u)" -eq 0 ] || fail "installing ${missing[*]} needs root"
  say "packages: installing ${missing[*]} (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  # The package's own service (port 5000, /etc/docker/registry) must not start: policy-rc.d tells
  # its maintainer scripts so, as in engine.sh. This script runs its own instance.
  local policy=/usr/sbin/policy-rc.d created_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && created_policy=1
  fi
  local status=0
  { apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/dfbuild-apt-registry.log 2>&1 ||
    { apt-get update -qq >>/tmp/dfbuild-apt-registry.log 2>&1 &&
      apt-get install -y -qq --no-install-recommends "${missing[@]}" >>/tmp/dfbuild-apt-registry.log 2>&1; }; } || status=$?
  if [ "$created_policy" -eq 1 ]; then rm -f "$policy"; fi
  if [ "$status" -ne 0 ]; then
    tail -n 20 /tmp/dfbuild-apt-registry.log >&2
    fail "apt-get install ${missing[*]} failed (full log: /tmp/dfbuild-apt-registry.log)"
  fi
}

write_config() {
  mkdir -p "$STATE/data"
  # bcrypt: the only hash distribution's htpasswd reader accepts (registry/auth/htpasswd/htpasswd.go).
  if [ ! -s "$HTPASSWD" ] || ! htpasswd -vb "$HTPASSWD" "$USERNAME" "$PASSWORD" >/dev/null 2>&1; then
    htpasswd -Bbc "$HTPASSWD" "$USERNAME" "$PASSWORD" >/dev/null 2>&1 || fail "htpasswd could not write $HTPASSWD"
  fi
  cat >"$CONFIG.new" <<EOF
version: 0.1
log:
  level: info
  fields:
    service: dfbuild-test-registry
storage:
  filesystem:
    rootdirectory: $STATE/data
  delete:
    enabled: true
http:
  addr: $ADDRESS
  headers:
    X-Content-Type-Options: [nosniff]
auth:
  htpasswd:
    realm: dfbuild-test-registry
    path: $HTPASSWD
EOF
  mv "$CONFIG.new" "$CONFIG"
}

ensure_registry() {
  if registry_answers; then
    say "registry: already answering on http://$ADDRESS (account $USERNAME)"
    return
  fi
  if [ -s "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
    say "registry: pid $(cat "$PIDFILE") is running but not answering yet; waiting for it"
  else
    # Something else on the port that is not an htpasswd registry would make ours fail to bind;
    # its log then says so.
    write_config
    # setsid detaches it from this script's session, so it outlives the script and the test run that
    # called it; the lock descriptor is closed so the registry does not hold the lock.
    setsid docker-registry serve "$CONFIG" >"$LOG" 2>&1 </dev/null 9>&- &
    echo $! >"$PIDFILE"
    say "registry: started (pid $!, log $LOG)"
  fi
  local pid limit=$((SECONDS + START_LIMIT_SECONDS))
  pid=$(cat "$PIDFILE")
  until registry_answers; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$LOG" >&2 || true
      fail "docker-registry (pid $pid) exited before answering on http://$ADDRESS; last lines of $LOG above"
    fi
    if [ "$SECONDS" -ge "$limit" ]; then
      tail -n 20 "$LOG" >&2 || true
      fail "docker-registry (pid $pid) did not answer on http://$ADDRESS within ${START_LIMIT_SECONDS}s; last lines of $LOG above"
    fi
    sleep 0.1
  done
  say "registry: answering on http://$ADDRESS (account $USERNAME)"
}

main() {
  # Two test runs starting at once must not both install packages or start two registries.
  mkdir -p /run/lock "$STATE"
  exec 9>"/run/lock/dfbuild-registry-$PORT.lock"
  flock 9
  ensure_packages
  ensure_registry
}

main "$@"
