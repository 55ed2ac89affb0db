#!/usr/bin/env bash
# Builds one of examples/ with dfbuild against the local engine and runs it, printing its output.
#   bash scripts/demo.sh [python-hello|rest-service|apt-cache]   (default: python-hello)
# Sets up what it needs first: the engine and base images (scripts/engine.sh --with-examples) and
# the dfbuild build (pnpm build) when it is missing. Needs root, like scripts/engine.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

example=${1:-python-hello}
case "$example" in
  python-hello | rest-service | apt-cache) ;;
  *)
    printf 'usage: bash scripts/demo.sh [python-hello|rest-service|apt-cache]\n' >&2
    exit 2
    ;;
esac

bash scripts/engine.sh --with-examples
[ -f packages/cli/dist/cli.js ] || pnpm build >/dev/null
export DOCKER_HOST=unix:///var/run/docker.sock DOCKER_API_VERSION=1.41
image=dfbuild-demo/$example

build=(--network host -t "$image")
# apt-cache mounts the apt credentials of a private mirror as a secret (a placeholder file here).
[ "$example" = apt-cache ] && build+=(--secret id=apt_auth,src=examples/apt-cache/apt-auth.conf)
printf '\n$ dfbuild build %s examples/%s\n' "${build[*]}" "$example"
node packages/cli/bin/dfbuild.js build "${build[@]}" "examples/$example"

if [ "$example" = apt-cache ]; then
  printf '\n$ echo '"'"'{"tool":"dfbuild"}'"'"' | docker run --rm -i %s .tool\n' "$image"
  echo '{"tool":"dfbuild"}' | docker run --rm -i --network none "$image" .tool
  printf '\n$ docker run --rm --entrypoint ls %s /etc/apt/auth.conf.d /var/cache/apt /var/lib/apt   (the secret and the caches are not in the image)\n' "$image"
  docker run --rm --network none --entrypoint ls "$image" -A /etc/apt/auth.conf.d /var/cache/apt /var/lib/apt
elif [ "$example" = python-hello ]; then
  printf '\n$ docker run --rm %s\n' "$image"
  docker run --rm --network none "$image"
  printf '\n$ docker run --rm -e NAME=dfbuild %s\n' "$image"
  docker run --rm --network none -e NAME=dfbuild "$image"
else
  container=$(docker run -d --network none "$image")
  trap 'docker rm -f -v "$container" >/dev/null' EXIT
  printf '\n$ curl http://localhost:8080/hello   (from inside the container'"'"'s network namespace)\n'
  for _ in $(seq 50); do
    if answer=$(docker run --rm --network "container:$container" dfbuild-test/busybox wget -qO- http://127.0.0.1:8080/hello 2>/dev/null); then
      printf '%s\n' "$answer"
      exit 0
    fi
    sleep 0.2
  done
  printf 'the service did not answer; its log:\n' >&2
  docker logs "$container" >&2
  exit 1
fi
