#!/usr/bin/env bash
# make docker-py: runs docker-py's own integration suite (github.com/docker/docker-py, tests/integration)
# against a private berthd, and prints how many of its tests pass.
#
#   scripts/docker-py.sh [DOCKER_PY] [pytest arguments...]
#
# DOCKER_PY is a docker-py checkout or a bare git directory of one (default: $DOCKER_PY, else
# /work/.mirror/docker+docker-py/repo). It is exported into a temporary directory: nothing of it is
# copied into Berth. Without pytest arguments the selection is the container, exec, health, image,
# network, volume, build, error, model and regression tests, minus test_prune_volumes (it asserts
# the pre-1.42 prune semantics; Berth speaks 1.51). DOCKER_PY_SELECTION=swarm selects the swarm
# tests instead (api_swarm, api_service, api_secret, api_config and the swarm, service and node
# models; berthd runs them as a one-node swarm with its own etcd member). Needs Debian's python3-pytest, python3-requests,
# python3-websocket, python3-packaging and python3-paramiko (PyPI is not used).
#
# No internet is needed: the images the tests name (busybox, alpine:3.10, alpine:latest,
# hello-world, busybox:buildroot-2014.02) are made from Debian's busybox-static, and pushed to a
# local docker-registry that berthd uses as its Docker Hub mirror, so the tests' pulls work too.
# Everything made here (daemon, containers, mounts, registry, files) is removed on exit.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
src=${1:-${DOCKER_PY:-/work/.mirror/docker+docker-py/repo}}
[ $# -gt 0 ] && shift
py=/usr/bin/python3   # Debian's python with Debian's packages, whatever pyenv puts first on PATH
"$py" -c 'import pytest, requests, websocket, packaging, paramiko' 2>/dev/null || {
  echo "docker-py.sh: needs python3-pytest python3-requests python3-websocket python3-packaging python3-paramiko" >&2
  exit 1; }
[ -x "$root/bin/berthd" ] || { echo "docker-py.sh: bin/berthd missing: run make build" >&2; exit 1; }
[ -x /usr/bin/docker-registry ] || { echo "docker-py.sh: needs docker-registry (apt-get install docker-registry)" >&2; exit 1; }

work=$(mktemp -d /tmp/bdpy-XXXXXX)
sock=$work/b.sock
berth() { "$root/bin/berth" -H "unix://$sock" "$@"; }
berthd_pid=""; registry_pid=""
cleanup() {
  set +e
  if [ -n "$berthd_pid" ] && kill -0 "$berthd_pid" 2>/dev/null; then
    for id in $(berth ps -aq --no-trunc 2>/dev/null); do berth rm -f "$id" >/dev/null 2>&1; done
    for n in $(berth network ls -q --filter type=custom 2>/dev/null); do berth network rm "$n" >/dev/null 2>&1; done
    kill "$berthd_pid"; for _ in $(seq 100); do kill -0 "$berthd_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$berthd_pid" 2>/dev/null
  fi
  # monitors of containers the daemon could not remove are ours by their pidfiles
  for f in "$work"/run/containers/*/conmon.pid "$work"/run/containers/*/pidfile; do
    [ -f "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null
  done
  [ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null && wait "$registry_pid" 2>/dev/null
  grep -o " $work/[^ ]*" /proc/self/mountinfo | sort -r | while read -r m; do umount -l "$m"; done
  [ -n "${keep_log:-}" ] && cp "$work/berthd.log" "$keep_log" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# docker-py's source, exported from a bare git directory or copied from a checkout
mkdir -p "$work/docker-py"
if git --git-dir="$src" rev-parse --verify -q HEAD >/dev/null 2>&1; then
  git --git-dir="$src" archive HEAD | tar -x -C "$work/docker-py"
  echo "docker-py $(git --git-dir="$src" log -1 --format='%h %cs' HEAD) from $src"
elif [ -d "$src/tests/integration" ]; then
  cp -a "$src/." "$work/docker-py/"
  echo "docker-py from $src"
else
  echo "docker-py.sh: $src is neither a docker-py checkout nor its git directory" >&2; exit 1
fi

# a registry on a free loopback port: berthd's Docker Hub mirror
port=""
for _ in $(seq 50); do
  p=$((16000 + RANDOM % 1000))
  (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null || { port=$p; break; }
done
[ -n "$port" ] || { echo "docker-py.sh: no free port for the registry" >&2; exit 1; }
cat >"$work/registry.yml" <<EOF
version: 0.1
log:
  level: error
storage:
  filesystem:
    rootdirectory: $work/registry
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
EOF
/usr/bin/docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
registry_pid=$!

# berthd with its own socket, data root, exec root and default bridge
octet=$((1 + RANDOM % 250))
bridge=bdpy$(printf '%x' $((RANDOM % 4096)))
"$root/bin/berthd" -H "unix://$sock" --data-root "$work/data" --exec-root "$work/run" \
  --bip "10.215.$octet.1/24" --bridge "$bridge" --registry-mirror "http://127.0.0.1:$port" \
  --insecure-registry "127.0.0.1:$port" --log-level debug >"$work/berthd.log" 2>&1 </dev/null &
berthd_pid=$!
for _ in $(seq 300); do
  curl -fsS --max-time 1 --unix-socket "$sock" http://berth/_ping >/dev/null 2>&1 && break
  kill -0 "$berthd_pid" 2>/dev/null || { cat "$work/berthd.log" >&2; exit 1; }
  sleep 0.1
done
for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$port/v2/" >/dev/null 2>&1 && break; sleep 0.1; done

# the test images, all from busybox-static
"$root/scripts/busybox-rootfs.sh" "$work/busybox.tar"
berth import -c 'CMD ["sh"]' "$work/busybox.tar" busybox:latest >/dev/null || exit 1
hello=$work/hello
mkdir -p "$hello"
printf 'FROM scratch\nCOPY busybox /hello\nCMD ["/hello", "echo", "Hello from Berth!"]\n' >"$hello/Dockerfile"
cp "$(command -v busybox || echo /bin/busybox)" "$hello/busybox"
berth build -q -t hello-world:latest "$hello" >/dev/null || exit 1
# alpine: busybox with Alpine's accounts and directories, which the tests use (exec -u postgres, -w /var/opt)
alpine=$work/alpine
mkdir -p "$alpine"
{ echo 'root:x:0:0:root:/root:/bin/ash'; echo 'bin:x:1:1:bin:/bin:/sbin/nologin'
  echo 'daemon:x:2:2:daemon:/sbin:/sbin/nologin'; echo 'adm:x:3:4:adm:/var/adm:/sbin/nologin'
  echo 'mail:x:8:12:mail:/var/mail:/sbin/nologin'; echo 'operator:x:11:0:operator:/root:/sbin/nologin'
  echo 'postgres:x:70:70::/var/lib/postgresql:/bin/sh'; echo 'guest:x:405:100:guest:/dev/null:/sbin/nologin'
  echo 'nobody:x:65534:65534:nobody:/:/sbin/nologin'; } >"$alpine/passwd"
{ echo 'root:x:0:root'; echo 'bin:x:1:root,bin,daemon'; echo 'daemon:x:2:root,bin,daemon'; echo 'adm:x:4:root,adm,daemon'
  echo 'wheel:x:10:root'; echo 'mail:x:12:mail'; echo 'postgres:x:70:'; echo 'users:x:100:games'
  echo 'nogroup:x:65533:'; echo 'nobody:x:65534:'; } >"$alpine/group"
printf 'FROM busybox:latest\nCOPY passwd group /etc/\nRUN mkdir -p /var/opt /var/lib/postgresql /srv /mnt /media /opt /run\nCMD ["/bin/sh"]\n' \
  >"$alpine/Dockerfile"
berth build -q -t alpine:3.10 "$alpine" >/dev/null || exit 1
berth tag alpine:3.10 alpine:latest
for img in busybox:latest alpine:latest alpine:3.10 hello-world:latest; do
  berth tag "$img" "127.0.0.1:$port/library/$img"
  berth push "127.0.0.1:$port/library/$img" >/dev/null || { echo "docker-py.sh: push of $img failed" >&2; exit 1; }
  berth rmi "127.0.0.1:$port/library/$img" >/dev/null
done
berth tag busybox:latest busybox:buildroot-2014.02
berth rmi hello-world:latest alpine:latest >/dev/null   # the tests pull these themselves

cd "$work/docker-py" || exit 1
t=tests/integration
if [ $# -eq 0 ] && [ "${DOCKER_PY_SELECTION:-}" = swarm ]; then
  set -- $t/api_swarm_test.py $t/api_service_test.py $t/models_services_test.py $t/models_nodes_test.py \
    $t/models_swarm_test.py $t/api_secret_test.py $t/api_config_test.py
elif [ $# -eq 0 ]; then
  set -- $t/api_container_test.py $t/api_exec_test.py $t/api_healthcheck_test.py $t/api_image_test.py \
    $t/api_network_test.py $t/api_volume_test.py $t/api_build_test.py $t/errors_test.py $t/models_*_test.py \
    $t/regression_test.py --deselect $t/api_volume_test.py::TestVolumes::test_prune_volumes
fi
echo "running docker-py's tests against berthd on $sock"
DOCKER_HOST=unix://$sock DOCKER_CONFIG=$work/docker-config PYTHONDONTWRITEBYTECODE=1 \
  nice "$py" -m pytest -p no:cacheprovider -q -rfE "$@" 2>&1 | tee "$work/pytest.out"
status=${PIPESTATUS[0]}
keep_log=${BERTHD_LOG:-}
# pytest's last line, e.g. "3 failed, 240 passed, 4 skipped, 5 xfailed, 30 errors in 130.2s"
summary=$(tail -1 "$work/pytest.out")
count() { echo "$summary" | grep -oE "[0-9]+ $1s?\b" | grep -oE '^[0-9]+' || echo 0; }
echo "docker-py: $(count passed) passed, $(count failed) failed, $(count error) errors, $(count skipped) skipped"
exit $status
