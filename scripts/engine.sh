#!/usr/bin/env bash
# Makes a real Docker engine available on unix:///var/run/docker.sock for dfbuild's tests and CI:
# installs Debian's docker.io and busybox-static when missing, starts dockerd when nothing answers,
# and creates the test images. Idempotent: run it as often as you like, with or without an engine up.
# Prints one line per thing it checked or did. Needs root (it installs packages and starts dockerd).
set -euo pipefail

readonly SOCKET=/var/run/docker.sock
readonly PIDFILE=/var/run/docker.pid
readonly LOG=/var/log/dockerd.log
# A cold start on a fresh VM (containerd, overlay2 set-up) takes a few seconds, but a restart can take
# minutes: dockerd 20.10 with --bridge=none keeps the network sandbox of every container it ran on the
# default network, even removed ones, and at its next start deletes them one by one (~0.1 s apiece)
# before it answers; one full test run leaves about 900. So the wait gives up only when dockerd exits, when its log stops growing for STALL seconds, or at
# the hard limit.
readonly STALL_SECONDS=${DFBUILD_ENGINE_STALL_TIMEOUT:-60}
readonly START_LIMIT_SECONDS=${DFBUILD_ENGINE_START_TIMEOUT:-600}
# Debian 12's engine is 20.10 (API 1.41); every request below names that version so a newer engine
# answers the same way.
readonly API=/v1.41

# Scratch directories to remove when the script ends, however it ends.
scratch=()
trap 'rm -rf "${scratch[@]}"' EXIT

say() { printf 'engine.sh: %s\n' "$*"; }
fail() {
  printf 'engine.sh: error: %s\n' "$*" >&2
  exit 1
}

engine_answers() {
  curl --silent --fail --max-time 2 --unix-socket "$SOCKET" http://localhost/_ping >/dev/null 2>&1
}

# api METHOD PATH [curl args...]: one request to the engine, body on stdout, non-2xx is a failure.
api() {
  local method=$1 path=$2
  shift 2
  curl --silent --show-error --fail-with-body --unix-socket "$SOCKET" -X "$method" "$@" "http://localhost$API$path"
}

ensure_packages() {
  local missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  # Only the static build runs inside an image that has no libc.
  dpkg-query --show --showformat='${Status}' busybox-static 2>/dev/null | grep -q 'install ok installed' ||
    missing+=(busybox-static)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  # The build tests' RUN --mount=type=ssh case forwards a real agent; ADD of a Git repository uses git.
  command -v ssh-agent >/dev/null 2>&1 || missing+=(openssh-client)
  command -v git >/dev/null 2>&1 || missing+=(git)
  if [ ${#missing[@]} -eq 0 ]; then
    say "packages: docker.io, busybox-static, curl, openssh-client and git already installed"
    return
  fi
  [ "$(id -u)" -eq 0 ] || fail "installing ${missing[*]} needs root"
  say "packages: installing ${missing[*]} (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/tmp/dfbuild-apt.log 2>&1 || {
    tail -n 20 /tmp/dfbuild-apt.log >&2
    fail "apt-get update failed (full log: /tmp/dfbuild-apt.log)"
  }
  # The package scripts may try to start docker through an init system this machine may not have;
  # policy-rc.d tells them not to: this script starts dockerd itself.
  local policy=/usr/sbin/policy-rc.d created_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && created_policy=1
  fi
  local status=0
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/dfbuild-apt.log 2>&1 || status=$?
  if [ "$created_policy" -eq 1 ]; then rm -f "$policy"; fi
  if [ "$status" -ne 0 ]; then
    tail -n 20 /tmp/dfbuild-apt.log >&2
    fail "apt-get install ${missing[*]} failed (full log: /tmp/dfbuild-apt.log)"
  fi
}

ensure_dockerd() {
  if engine_answers; then
    say "dockerd: already answering on unix://$SOCKET"
    return
  fi
  local running_pid=""
  if [ -s "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
    running_pid=$(cat "$PIDFILE")
    say "dockerd: pid $running_pid is running but not answering yet; waiting for it"
  else
    # setsid detaches it from this script's session and terminal, so it outlives the script and the
    # test run that called it; the lock descriptor is closed so the daemon does not hold the lock.
    setsid dockerd --bridge=none --iptables=false --ip-masq=false >"$LOG" 2>&1 </dev/null 9>&- &
    running_pid=$!
    say "dockerd: started (pid $running_pid, log $LOG)"
  fi
  local limit=$((SECONDS + START_LIMIT_SECONDS)) log_size=-1 last_progress=$SECONDS noted_cleanup=0
  until engine_answers; do
    if ! kill -0 "$running_pid" 2>/dev/null; then
      tail -n 30 "$LOG" >&2 || true
      fail "dockerd (pid $running_pid) exited before answering on unix://$SOCKET; last lines of $LOG above"
    fi
    local size
    size=$(stat --format=%s "$LOG" 2>/dev/null || echo 0)
    if [ "$size" -ne "$log_size" ]; then
      log_size=$size
      last_progress=$SECONDS
    fi
    if [ "$noted_cleanup" -eq 0 ] && grep -q 'Removing stale sandbox' "$LOG" 2>/dev/null; then
      noted_cleanup=1
      say "dockerd: removing the network sandboxes of containers from its last run before it answers; this can take minutes"
    fi
    if [ $((SECONDS - last_progress)) -ge "$STALL_SECONDS" ]; then
      tail -n 30 "$LOG" >&2 || true
      fail "dockerd (pid $running_pid) neither answered on unix://$SOCKET nor logged anything for ${STALL_SECONDS}s; last lines of $LOG above"
    fi
    if [ "$SECONDS" -ge "$limit" ]; then
      tail -n 30 "$LOG" >&2 || true
      fail "dockerd (pid $running_pid) did not answer on unix://$SOCKET within ${START_LIMIT_SECONDS}s; last lines of $LOG above"
    fi
    sleep 0.2
  done
  say "dockerd: answering on unix://$SOCKET (API $(curl --silent --unix-socket "$SOCKET" \
    --dump-header - --output /dev/null http://localhost/_ping | tr -d '\r' | sed -n 's/^[Aa]pi-[Vv]ersion: //p'))"
}

image_exists() {
  curl --silent --fail --output /dev/null --unix-socket "$SOCKET" "http://localhost$API/images/$1/json"
}

# import_rootfs DIR REPO TAG MESSAGE: tars DIR as root-owned files and imports it with no Cmd.
import_rootfs() {
  local dir=$1 repo=$2 tag=$3 message=$4 output
  output=$(tar --create --numeric-owner --owner=0 --group=0 --directory "$dir" . |
    api POST "/images/create?fromSrc=-&repo=$repo&tag=$tag&message=$message" \
      --header 'Content-Type: application/x-tar' --data-binary @-) ||
    fail "importing $repo:$tag failed: $output"
  # The import endpoint answers 200 and reports failures inside its progress stream.
  if grep -q '"error"' <<<"$output"; then fail "importing $repo:$tag failed: $output"; fi
}

# The test base image: busybox and its applet links, /tmp, and users root, nobody and app (1000:1000)
# so that tests can use names in USER and --chown.
image_busybox() {
  local name=dfbuild-test/busybox:latest
  if image_exists "$name"; then
    say "image: $name present"
    return
  fi
  local rootfs
  rootfs=$(mktemp -d /tmp/dfbuild-rootfs.XXXXXX)
  scratch+=("$rootfs")
  mkdir -p "$rootfs/bin" "$rootfs/etc" "$rootfs/tmp" "$rootfs/root"
  chmod 1777 "$rootfs/tmp"
  chmod 700 "$rootfs/root"
  cp /bin/busybox "$rootfs/bin/busybox"
  local applet
  # --list-full gives each applet's install path (bin/sh, usr/bin/env, sbin/ip …), like --install -s.
  while IFS= read -r applet; do
    [ "$applet" = bin/busybox ] && continue
    mkdir -p "$rootfs/$(dirname "$applet")"
    ln -sf /bin/busybox "$rootfs/$applet"
  done < <(/bin/busybox --list-full)
  [ -L "$rootfs/bin/sh" ] || fail "busybox --list-full did not list bin/sh; is /bin/busybox the busybox-static build?"
  cat >"$rootfs/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
app:x:1000:1000:app:/home/app:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
EOF
  cat >"$rootfs/etc/group" <<'EOF'
root:x:0:
app:x:1000:
nobody:x:65534:
EOF
  import_rootfs "$rootfs" dfbuild-test/busybox latest dfbuild-test-busybox
  say "image: $name created from busybox $(/bin/busybox | head -n 1 | sed -n 's/^BusyBox \(v[^ ]*\).*/\1/p')"
}

# The Debian mirror this machine's apt uses (its sources name it; we name none ourselves).
debian_mirror() {
  local uri
  uri=$(sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v security | head -n 1)
  [ -n "$uri" ] || uri=$(sed -n 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]*\)[[:space:]]\+bookworm[[:space:]].*/\2/p' /etc/apt/sources.list 2>/dev/null | head -n 1)
  [ -n "$uri" ] || fail "no Debian mirror found in this machine's apt sources"
  printf '%s\n' "$uri"
}

# The base image the examples use: a minimal Debian 12 rootfs made with debootstrap, imported as
# debian:bookworm-slim. The rootfs tarball is cached in /var/cache/dfbuild, so a second machine
# set-up (or a re-import after an engine reset) costs only the import.
image_debian() {
  local name=debian:bookworm-slim cache_dir=/var/cache/dfbuild
  local tarball=$cache_dir/debian-bookworm-minbase.tar
  if image_exists "$name"; then
    say "image: $name present"
    return
  fi
  if [ ! -s "$tarball" ]; then
    if ! command -v debootstrap >/dev/null 2>&1; then
      say "packages: installing debootstrap (apt-get)"
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/tmp/dfbuild-apt.log 2>&1 ||
        { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/tmp/dfbuild-apt.log 2>&1; } ||
        fail "apt-get install debootstrap failed (full log: /tmp/dfbuild-apt.log)"
    fi
    local rootfs mirror
    mirror=$(debian_mirror)
    rootfs=$(mktemp -d /tmp/dfbuild-debian.XXXXXX)
    say "image: debootstrap --variant=minbase bookworm (a minute or two, once per machine)"
    if ! debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >/tmp/dfbuild-debootstrap.log 2>&1; then
      tail -n 20 /tmp/dfbuild-debootstrap.log >&2
      rm -rf "$rootfs"
      fail "debootstrap failed (full log: /tmp/dfbuild-debootstrap.log)"
    fi
    # As the official slim image: no apt lists or caches in the image.
    rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb
    mkdir -p "$cache_dir"
    tar --create --numeric-owner --directory "$rootfs" . >"$tarball.partial"
    mv "$tarball.partial" "$tarball"
    rm -rf "$rootfs"
  fi
  local output
  output=$(api POST "/images/create?fromSrc=-&repo=debian&tag=bookworm-slim&message=dfbuild-test-debian&changes=CMD%20%5B%22bash%22%5D" \
    --header 'Content-Type: application/x-tar' --data-binary @"$tarball") || fail "importing $name failed: $output"
  if grep -q '"error"' <<<"$output"; then fail "importing $name failed: $output"; fi
  say "image: $name imported from $tarball"
}

main() {
  # Two test runs starting at once must not both install packages or start two daemons.
  mkdir -p /run/lock
  exec 9>/run/lock/dfbuild-engine.lock
  flock 9
  ensure_packages
  ensure_dockerd
  image_busybox
  # --with-examples: also the Debian base image of examples/ (the build tests and the demo need it).
  if [ "${1:-}" = "--with-examples" ]; then image_debian; fi
}

main "$@"
