#!/usr/bin/env bash
# make demo: start berthd on the default socket (unless one already answers), make sure a
# busybox:latest base image exists, run a container from it, and leave the daemon running.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
sock=${BERTH_SOCKET:-/run/berth/berth.sock}
export BERTH_HOST=unix://$sock
log=/var/log/berthd.log
ping() { curl -fsS --max-time 2 --unix-socket "$sock" http://berth/_ping >/dev/null 2>&1; }

if ping; then
  echo "berthd already running on $sock"
else
  echo "starting berthd on $sock (log: $log)"
  setsid "$root/bin/berthd" -H "unix://$sock" >>"$log" 2>&1 < /dev/null &
  for _ in $(seq 100); do ping && break; sleep 0.1; done
  ping || { echo "berthd did not start; see $log" >&2; tail -20 "$log" >&2; exit 1; }
fi

if ! "$root/bin/berth" image inspect busybox:latest >/dev/null 2>&1; then
  echo "creating busybox:latest from Debian's busybox-static"
  tmp=$(mktemp --suffix=.tar)
  trap 'rm -f "$tmp"' EXIT
  "$root/scripts/busybox-rootfs.sh" "$tmp"
  "$root/bin/berth" import "$tmp" busybox:latest
fi

echo
echo '$ berth run --rm busybox echo hello'
"$root/bin/berth" run --rm busybox echo hello
echo
echo "\$ DOCKER_HOST=unix://$sock docker run --rm busybox echo hello"
if command -v docker >/dev/null; then
  DOCKER_HOST=unix://$sock docker run --rm busybox echo hello
else
  echo "(the docker CLI is not installed; skipped)"
fi
echo
echo '$ berth build -t hello-berth:1 <a two-line Dockerfile>'
ctx=$(mktemp -d)
trap 'rm -rf "$ctx"; rm -f "${tmp:-}"' EXIT
printf 'FROM busybox\nRUN echo "built by Berth on $(date -u +%%F)" > /greeting\nCMD ["cat", "/greeting"]\n' \
  >"$ctx/Dockerfile"
"$root/bin/berth" build -t hello-berth:1 "$ctx"
echo
echo '$ berth run --rm hello-berth:1'
"$root/bin/berth" run --rm hello-berth:1
echo
echo '$ berth images'
"$root/bin/berth" images
echo
echo "berthd keeps running (pid $(cat /run/berth/berthd.pid 2>/dev/null || echo '?')). Try:"
echo "  bin/berth run -d --name ticker busybox sh -c 'while true; do date; sleep 1; done'"
echo "  bin/berth logs -f ticker"
echo "  export DOCKER_HOST=unix://$sock   # then use the docker CLI as usual"
