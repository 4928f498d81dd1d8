#!/usr/bin/env bash
# Berth's performance bench: starts a private berthd (own socket, data root and exec root under a
# fresh temp dir), imports a busybox image and measures what the targets are about: container
# start latency, a burst of detached runs, daemon and per-container monitor memory, and CLI latency.
# Prints one line per figure against its target and a summary. A report, not a test: it exits 0
# even when targets are missed, non-zero only when the bench itself cannot run (daemon won't start).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
berthd_bin="$root/bin/berthd"
berth_bin="$root/bin/berth"
N=${BENCH_N:-15}            # runs per cheap figure
BURST=${BENCH_BURST:-20}    # containers per burst
BURST_RUNS=${BENCH_BURST_RUNS:-3}

for f in "$berthd_bin" "$berth_bin"; do
  [ -x "$f" ] || { echo "bench: $f missing: run make build first" >&2; exit 1; }
done
for c in docker curl setsid findmnt; do
  command -v "$c" >/dev/null || { echo "bench: $c not found" >&2; exit 1; }
done

tmp=$(mktemp -d /tmp/berth-bench.XXXX)
sock="$tmp/berthd.sock"
data="$tmp/data"
execroot="$tmp/run"
pidfile="$tmp/berthd.pid"
log="$tmp/berthd.log"
daemon_pid=""
docker_io_image=""   # tag imported into a running docker.io for the comparison, removed on exit

export DOCKER_HOST="unix://$sock"
export BERTH_HOST="unix://$sock"
export DOCKER_CONFIG="$tmp/docker-config"   # keep the user's docker config (contexts, plugins) out of it
mkdir -p "$DOCKER_CONFIG"
unset DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_CERT_PATH 2>/dev/null || true

alive() { [ -n "$daemon_pid" ] && kill -0 "$daemon_pid" 2>/dev/null; }

cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  # Containers first, while the daemon can still remove them: berthd leaves containers running
  # under their monitors when it stops.
  if alive; then
    local ids
    ids=$(timeout 30 docker ps -aq 2>/dev/null)
    [ -n "$ids" ] && timeout 60 docker rm -f $ids >/dev/null 2>&1
  fi
  if [ -n "$docker_io_image" ]; then
    DOCKER_HOST=unix:///var/run/docker.sock timeout 30 docker rmi -f "$docker_io_image" >/dev/null 2>&1
  fi
  if [ -n "${docker_io_reg_image:-}" ]; then
    DOCKER_HOST=unix:///var/run/docker.sock timeout 30 docker rmi -f "$docker_io_reg_image" >/dev/null 2>&1
  fi
  # The bench's registry, by its PID.
  if [ -n "${reg_pid:-}" ] && kill -0 "$reg_pid" 2>/dev/null; then
    kill -TERM "$reg_pid" 2>/dev/null
    for _ in $(seq 1 30); do kill -0 "$reg_pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$reg_pid" 2>/dev/null && kill -KILL "$reg_pid" 2>/dev/null
  fi
  # Stop our daemon, by the PID it wrote (the same process setsid exec'd into).
  if [ -f "$pidfile" ]; then
    local p
    p=$(cat "$pidfile" 2>/dev/null)
    [ -n "$p" ] && daemon_pid=$p
  fi
  if alive; then
    kill -TERM "$daemon_pid" 2>/dev/null
    for _ in $(seq 1 50); do alive || break; sleep 0.1; done
    if alive; then
      echo "bench: berthd ($daemon_pid) ignored SIGTERM for 5 s; sending SIGKILL" >&2
      kill -KILL "$daemon_pid" 2>/dev/null
    fi
  fi
  # Anything the daemon's runtime still tracks in our private state root was started by this bench.
  local rt rtbin
  for rt in "$execroot"/runtime-*; do
    [ -d "$rt" ] || continue
    rtbin=${rt##*/runtime-}
    command -v "$rtbin" >/dev/null || { [ -x "/usr/sbin/$rtbin" ] && rtbin="/usr/sbin/$rtbin"; } || continue
    for c in "$rt"/*/; do
      [ -d "$c" ] || continue
      c=${c%/}; c=${c##*/}
      echo "bench: container $c outlived its removal; deleting it with $rtbin" >&2
      "$rtbin" --root "$rt" delete --force "$c" >/dev/null 2>&1
    done
  done
  # Unmount whatever is still mounted under the temp dir, deepest first.
  local m
  findmnt -rn -o TARGET | grep -F "$tmp/" | awk '{ print length($0) " " $0 }' | sort -rn | cut -d' ' -f2- |
    while IFS= read -r m; do
      m=$(printf '%b' "$m")   # findmnt -r escapes spaces as \x20
      echo "bench: unmounting leftover $m" >&2
      umount "$m" 2>/dev/null || umount -l "$m"
    done
  if findmnt -rn -o TARGET | grep -qF "$tmp/"; then
    echo "bench: mounts remain under $tmp; leaving it in place" >&2
  else
    rm -rf --one-file-system "$tmp"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

now_ns() { date +%s%N; }

# median of the numbers on stdin (integers), printed as an integer
median() {
  sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) { print "" } else if (NR % 2) { print v[(NR + 1) / 2] }
                                       else { printf "%d\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 } }'
}

# time_cmd CMD...: runs CMD quietly; prints elapsed ms on success, returns CMD's status on failure
time_cmd() {
  local t0 t1
  t0=$(now_ns)
  if "$@" >/dev/null 2>"$tmp/last.err"; then
    t1=$(now_ns)
    echo $(((t1 - t0) / 1000000))
  else
    return 1
  fi
}

# median_ms RUNS CMD...: warms up once, then prints the median ms of RUNS runs (empty on failure)
median_ms() {
  local runs=$1; shift
  local i ms all=""
  if ! "$@" >/dev/null 2>"$tmp/last.err"; then
    echo "bench: warm-up of '$*' failed: $(head -c 300 "$tmp/last.err")" >&2
    return 0
  fi
  for ((i = 0; i < runs; i++)); do
    if ! ms=$(time_cmd "$@"); then
      echo "bench: '$*' failed on run $((i + 1)): $(head -c 300 "$tmp/last.err")" >&2
      return 0
    fi
    all+="$ms"$'\n'
  done
  printf '%s' "$all" | median
}

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null; }
fd_count() { find "/proc/$1/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l; }

# --- the table ------------------------------------------------------------------------------------
rows=()
met=0
total=0
# row NAME VALUE UNIT TARGET [NOTE]: VALUE empty means the figure could not be measured
row() {
  local name=$1 value=$2 unit=$3 target=$4 note=${5:-} verdict
  if [ -z "$target" ]; then
    # a figure to report, with no target to meet
    rows+=("$(printf '%-48s %12s   %-12s %-7s %s' "$name" "${value:-error}${unit:+ $unit}" "-" "-" "$note")")
    return
  fi
  total=$((total + 1))
  if [ -z "$value" ]; then
    verdict=MISSED; value="error"; unit=""
  elif awk -v v="$value" -v t="$target" 'BEGIN { exit !(v <= t) }'; then
    verdict=ok; met=$((met + 1))
  else
    verdict=MISSED
  fi
  rows+=("$(printf '%-48s %12s   %-12s %-7s %s' "$name" "$value${unit:+ $unit}" "<= $target${unit:+ $unit}" "$verdict" "$note")")
}

# --- start the daemon -----------------------------------------------------------------------------
echo "bench: starting berthd (state in $tmp)"
# a default bridge of its own, so a berthd already running here (make demo) is not disturbed
setsid "$berthd_bin" -H "unix://$sock" --data-root "$data" --exec-root "$execroot" --pidfile "$pidfile" \
  --bip 10.214.$((RANDOM % 250 + 1)).1/24 --bridge bbench$((RANDOM % 90 + 10)) \
  --log-level warn </dev/null >"$log" 2>&1 &
daemon_pid=$!
t0=$(now_ns)
up=""
for _ in $(seq 1 300); do
  if ! kill -0 "$daemon_pid" 2>/dev/null; then break; fi
  if curl -sf --max-time 1 --unix-socket "$sock" http://berth/_ping >/dev/null 2>&1; then up=1; break; fi
  sleep 0.05
done
if [ -z "$up" ]; then
  echo "bench: berthd did not answer /_ping on $sock; its log:" >&2
  sed 's/^/  /' "$log" >&2
  exit 1
fi
startup_ms=$((($(now_ns) - t0) / 1000000))
if [ -f "$pidfile" ] && [ "$(cat "$pidfile")" != "$daemon_pid" ]; then
  echo "bench: note: pidfile says $(cat "$pidfile"), setsid child is $daemon_pid; using the pidfile" >&2
  daemon_pid=$(cat "$pidfile")
fi
echo "bench: berthd pid $daemon_pid answered /_ping after ${startup_ms} ms"
sleep 2
fresh_rss=$(rss_kb "$daemon_pid")
fresh_fds=$(fd_count "$daemon_pid")

# --- image ----------------------------------------------------------------------------------------
"$root/scripts/busybox-rootfs.sh" "$tmp/busybox.tar"
if ! docker import "$tmp/busybox.tar" busybox:latest >/dev/null 2>"$tmp/last.err"; then
  echo "bench: docker import failed: $(cat "$tmp/last.err")" >&2
  exit 1
fi
echo "bench: imported busybox:latest; measuring (N=$N)"

# --- 1. run --rm latency --------------------------------------------------------------------------
run_rm=$(median_ms "$N" docker run --rm --network none busybox true)
docker_note=""
if curl -sf --max-time 2 --unix-socket /var/run/docker.sock http://docker/_ping >/dev/null 2>&1; then
  # Docker's own daemon is up: time the same thing there, on a private tag we remove afterwards.
  docker_io_image="berth-bench-busybox:$$"
  if DOCKER_HOST=unix:///var/run/docker.sock docker import "$tmp/busybox.tar" "$docker_io_image" >/dev/null 2>&1; then
    d=$(DOCKER_HOST=unix:///var/run/docker.sock median_ms "$N" docker run --rm --network none "$docker_io_image" true)
    [ -n "$d" ] && docker_note="(docker.io: $d ms)"
  else
    docker_io_image=""
  fi
fi
row "docker run --rm --network none busybox true (median)" "$run_rm" ms 120 "$docker_note"
# the same on the default bridge: a network namespace, a veth and an address from netavark
run_bridge=$(median_ms "$N" docker run --rm busybox true)
row "docker run --rm busybox true, default bridge (median)" "$run_bridge" ms 150

# the life of a user network: create it, run a container on it, remove both
net_cycle() {
  docker network create benchnet >/dev/null && docker run --rm --network benchnet busybox true \
    && docker network rm benchnet >/dev/null
}
net_ms=$(median_ms 5 net_cycle)
row "network create + run --rm on it + network rm (median of 5)" "$net_ms" ms "" "(report only)"

# exec round trip in a running container (issue 4)
docker run -d --name bench-exec --network none busybox sleep 300 >/dev/null
row "docker exec c true (median)" "$(median_ms "$N" docker exec bench-exec true)" ms 80
docker rm -f bench-exec >/dev/null

# --- 2. burst of detached runs --------------------------------------------------------------------
burst() {
  local i
  for ((i = 0; i < BURST; i++)); do
    docker run -d --network none busybox sleep 300 || return 1
  done
}
remove_all() {
  local ids
  ids=$(docker ps -aq)
  [ -z "$ids" ] || docker rm -f $ids >/dev/null
}
conmon_kbs=""
burst_all=""
stats_ms=""
burst_ok=1
if ! docker run -d --network none busybox sleep 300 >/dev/null 2>"$tmp/last.err"; then   # warm-up
  echo "bench: warm-up of docker run -d failed: $(head -c 300 "$tmp/last.err")" >&2
  burst_ok=""
fi
remove_all || true
for ((r = 0; r < BURST_RUNS && ${#burst_ok}; r++)); do
  t0=$(now_ns)
  if ! burst >"$tmp/burst.ids" 2>"$tmp/last.err"; then
    echo "bench: burst run $((r + 1)) failed: $(head -c 300 "$tmp/last.err")" >&2
    burst_ok=""
    break
  fi
  burst_all+="$((($(now_ns) - t0) / 1000000))"$'\n'
  # 4. while they run: each container's monitor (conmon) RSS, first burst only
  if [ "$r" -eq 0 ]; then
    sleep 1
    while read -r id; do
      pf="$execroot/containers/$id/conmon.pid"
      [ -f "$pf" ] || { echo "bench: no $pf" >&2; continue; }
      kb=$(rss_kb "$(cat "$pf")")
      [ -n "$kb" ] && conmon_kbs+="$kb"$'\n'
    done <"$tmp/burst.ids"
    running=$(docker ps -q | wc -l)
    [ "$running" -eq "$BURST" ] || echo "bench: expected $BURST running containers, docker ps shows $running" >&2
    # stats of all of them at once (issue 4); each answer holds a one-second CPU sample, as Docker's
    stats_ms=$(median_ms 3 docker stats --no-stream)
  fi
  remove_all || echo "bench: removing the burst failed" >&2
done
burst_ms=""
[ -n "$burst_ok" ] && burst_ms=$(printf '%s' "$burst_all" | median)
row "$BURST x docker run -d busybox sleep (median of $BURST_RUNS)" "$burst_ms" ms 2500
row "docker stats --no-stream, $BURST running (median of 3)" "$stats_ms" ms "" "(report only)"

# --- 3. daemon RSS --------------------------------------------------------------------------------
sleep 2
idle_rss=$(rss_kb "$daemon_pid")
idle_fds=$(fd_count "$daemon_pid")
mb() { [ -n "$1" ] && awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
row "berthd RSS, fresh start (+2 s, before import)" "$(mb "$fresh_rss")" MB 120 "($fresh_fds open fds)"
row "berthd RSS, idle after the runs above (+2 s)" "$(mb "$idle_rss")" MB 120 "($idle_fds open fds)"

# --- 4. conmon RSS --------------------------------------------------------------------------------
conmon_med=""; conmon_note=""
if [ -n "$conmon_kbs" ]; then
  conmon_med=$(printf '%s' "$conmon_kbs" | median)
  conmon_max=$(printf '%s' "$conmon_kbs" | sort -n | tail -1)
  conmon_note="(max $(mb "$conmon_max") MB over $(printf '%s' "$conmon_kbs" | wc -l) monitors)"
fi
row "conmon RSS per running container (median)" "$(mb "$conmon_med")" MB 3 "$conmon_note"

# --- 5. CLI latency -------------------------------------------------------------------------------
row "berth version (median)" "$(median_ms "$N" "$berth_bin" version)" ms 250
row "berth ps (median)" "$(median_ms "$N" "$berth_bin" ps)" ms 250

# --- 6. build (issue 5) ---------------------------------------------------------------------------
# a context of 200 files of 10 kB and a Dockerfile of 8 steps with 2 RUNs
bctx="$tmp/build-context"
mkdir -p "$bctx/files"
for i in $(seq 1 200); do head -c 10240 /dev/urandom >"$bctx/files/f$i.bin"; done
cat >"$bctx/Dockerfile" <<'DOCKERFILE'
FROM busybox
ARG VERSION=1
ENV APP=/app
WORKDIR /app
COPY files/ /app/files/
RUN ls /app/files | wc -l > /app/count
RUN echo "version $VERSION" > /app/version
CMD ["cat", "/app/version"]
DOCKERFILE
row "berth build --no-cache, 200 x 10 kB, 8 steps (median)" \
  "$(median_ms 5 "$berth_bin" build --no-cache -q -t bench-build "$bctx")" ms 1400
row "berth build, unchanged rebuild (median)" "$(median_ms "$N" "$berth_bin" build -q -t bench-build "$bctx")" ms 150
classic_build() { DOCKER_BUILDKIT=0 docker build "$@"; }
row "docker build (classic API), unchanged rebuild (median)" \
  "$(median_ms "$N" classic_build -q -t bench-build "$bctx")" ms "" "(report only)"

# --- 7. registry push and pull (issue 6) ----------------------------------------------------------
# A Debian bookworm minbase root filesystem (debootstrap, cached between runs) imported as ONE layer,
# pushed to and pulled from a plain-HTTP reference registry on 127.0.0.1 that the bench starts with
# a config of its own (storage in the temp dir). Every push goes to an empty registry (stopped, its
# storage wiped, started again), so nothing is "already there" and no cross-repository mount can
# happen; every pull follows an rmi, so the layer is really downloaded, verified and unpacked.
REG_N=${BENCH_REG_N:-5}
minbase_cache=${BENCH_MINBASE:-/var/cache/berth-bench/bookworm-minbase.tar}
reg_dir="$tmp/registry"
reg_pid=""
reg_port=""
reg_stop() {
  if [ -n "$reg_pid" ] && kill -0 "$reg_pid" 2>/dev/null; then
    kill -TERM "$reg_pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$reg_pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$reg_pid" 2>/dev/null && kill -KILL "$reg_pid" 2>/dev/null
    wait "$reg_pid" 2>/dev/null || true   # its status is that of the signal: not the bench's failure
  fi
  reg_pid=""
}
# reg_start: an empty registry on $reg_port; returns non-zero when it does not answer /v2/
reg_start() {
  rm -rf "$reg_dir/data"
  mkdir -p "$reg_dir/data"
  docker-registry serve "$reg_dir/config.yml" >>"$reg_dir/registry.log" 2>&1 &
  reg_pid=$!
  for _ in $(seq 1 100); do
    curl -sf --max-time 1 "http://127.0.0.1:$reg_port/v2/" >/dev/null 2>&1 && return 0
    kill -0 "$reg_pid" 2>/dev/null || break
    sleep 0.05
  done
  echo "bench: the registry on 127.0.0.1:$reg_port did not start: $(tail -c 300 "$reg_dir/registry.log")" >&2
  return 1
}
# reg_push_pull IMAGE [OTHER_TAG]: with the docker CLI on $DOCKER_HOST, pushes IMAGE to an empty
# registry REG_N times (after a warm-up), then pulls it after an rmi (of OTHER_TAG too, so the layer
# goes) REG_N times; sets m_push and m_pull to the medians in ms (empty when a run failed).
reg_push_pull() {
  local image=$1 other=${2:-} i ms all=""
  m_push=""; m_pull=""
  for ((i = 0; i <= REG_N; i++)); do   # run 0 is the warm-up
    reg_stop
    reg_start || return 0
    if ! ms=$(time_cmd docker push "$image"); then
      echo "bench: docker push failed on run $i: $(head -c 300 "$tmp/last.err")" >&2
      return 0
    fi
    [ "$i" -gt 0 ] && all+="$ms"$'\n'
  done
  m_push=$(printf '%s' "$all" | median)
  all=""
  for ((i = 0; i <= REG_N; i++)); do
    docker rmi -f "$image" $other >/dev/null 2>&1
    if ! ms=$(time_cmd docker pull "$image"); then
      echo "bench: docker pull failed on run $i: $(head -c 300 "$tmp/last.err")" >&2
      return 0
    fi
    [ "$i" -gt 0 ] && all+="$ms"$'\n'
  done
  m_pull=$(printf '%s' "$all" | median)
  return 0
}
push_ms=""; pull_ms=""; floor_ms=""; reg_note=""; push_note=""; pull_note=""
if ! command -v docker-registry >/dev/null; then
  reg_note="(docker-registry not installed)"
elif ! "$root/scripts/debian-minbase.sh" "$minbase_cache" 2>"$tmp/last.err"; then
  reg_note="(no minbase image: debootstrap from the Debian mirror failed)"
  echo "bench: building $minbase_cache failed: $(tail -c 300 "$tmp/last.err")" >&2
elif ! docker import "$minbase_cache" bench-minbase:latest >/dev/null 2>"$tmp/last.err"; then
  reg_note="(import of the minbase tarball failed)"
  echo "bench: docker import $minbase_cache failed: $(head -c 300 "$tmp/last.err")" >&2
else
  mkdir -p "$reg_dir"
  for _ in $(seq 1 50); do
    reg_port=$((16000 + RANDOM % 1000))
    ! (exec 3<>"/dev/tcp/127.0.0.1/$reg_port") 2>/dev/null && break
  done
  cat >"$reg_dir/config.yml" <<REGCONFIG
version: 0.1
log:
  level: error
storage:
  filesystem:
    rootdirectory: $reg_dir/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$reg_port
REGCONFIG
  reg_image="127.0.0.1:$reg_port/bench/minbase:1"
  docker tag bench-minbase:latest "$reg_image" || echo "bench: docker tag $reg_image failed" >&2
  mb_size=$(awk -v b="$(stat -c %s "$minbase_cache")" 'BEGIN { printf "%.0f", b / 1048576 }')
  reg_push_pull "$reg_image" bench-minbase:latest
  push_ms=$m_push; pull_ms=$m_pull
  if [ -n "$push_ms" ]; then
    blob=$(find "$reg_dir/data" -path '*/blobs/sha256/*/data' -size +1M -printf '%s\n' 2>/dev/null | sort -n | tail -1)
    [ -n "$blob" ] && reg_note="(${mb_size} MB tar, $(awk -v b="$blob" 'BEGIN { printf "%.0f", b / 1048576 }') MB gzip)"
  fi
  if [ -n "$pull_ms" ]; then
    docker rmi -f "$reg_image" >/dev/null 2>&1
    # The floor a pull cannot go below here: GNU tar creating the same files, after the same kind of
    # removal (on ext4 without a journal, inodes deleted in the last minutes make creating new ones slow).
    floor_all=""
    for ((i = 0; i < 3; i++)); do
      rm -rf "$tmp/floor"; mkdir -p "$tmp/floor"
      ms=$(time_cmd tar -xf "$minbase_cache" -C "$tmp/floor") && floor_all+="$ms"$'\n'
    done
    rm -rf "$tmp/floor"
    [ -n "$floor_all" ] && floor_ms=$(printf '%s' "$floor_all" | median)
  fi
  # The same with Docker's own daemon, when it runs here: its image under a tag of the bench's own.
  if curl -sf --max-time 2 --unix-socket /var/run/docker.sock http://docker/_ping >/dev/null 2>&1; then
    docker_io_reg_image="127.0.0.1:$reg_port/bench/minbase-docker-io:$$"
    if DOCKER_HOST=unix:///var/run/docker.sock docker import "$minbase_cache" "$docker_io_reg_image" >/dev/null 2>&1; then
      DOCKER_HOST=unix:///var/run/docker.sock reg_push_pull "$docker_io_reg_image"
      [ -n "$m_push" ] && push_note="(docker.io: $m_push ms)"
      [ -n "$m_pull" ] && pull_note="(docker.io: $m_pull ms)"
    else
      docker_io_reg_image=""
    fi
  fi
  reg_stop
fi
row "docker push bookworm minbase, empty registry (median of $REG_N)" "$push_ms" ms 4400 "$reg_note $push_note"
row "docker pull bookworm minbase after rmi (median of $REG_N)" "$pull_ms" ms 1900 "$reg_note $pull_note"
row "tar -xf of the same tar after rm -rf (median of 3)" "$floor_ms" ms "" "(report only: the file system's floor)"

# --- 8. docker-compose 1.29 (issue 11) ------------------------------------------------------------
# up -d and down of a two-service project, beside the same against Docker 20.10 when docker.io is
# installed (target: half of Docker's time); without docker-compose the rows say so.
compose_rows=$("$root/scripts/bench-compose.sh" "$tmp/busybox.tar" 2>"$tmp/compose.err" || true)
[ -s "$tmp/compose.err" ] && sed 's/^/bench: /' "$tmp/compose.err" >&2
for what in up down; do
  line=$(printf '%s\n' "$compose_rows" | awk -F'\t' -v w="$what" '$1 == w')
  b=$(printf '%s' "$line" | cut -f2)
  d=$(printf '%s' "$line" | cut -f3)
  label="docker-compose $([ "$what" = up ] && echo "up -d" || echo down), 2 services (median of ${BENCH_COMPOSE_N:-3})"
  if [ -n "$d" ]; then
    row "$label" "$b" ms "$(awk -v d="$d" 'BEGIN { printf "%d", d / 2 }')" "(0.5 x docker.io 20.10: $d ms)"
  else
    row "$label" "$b" ms "" "(report only: docker.io not installed)"
  fi
done
compose_floor=$(printf '%s\n' "$compose_rows" | awk -F'\t' '$1 == "floor" { print $2 }')
row "docker-compose version (the client's own start-up)" "$compose_floor" ms "" "(report only: in both figures above)"

# --- 9. berth compose (issue 13) -----------------------------------------------------------------------
# 5 busybox services on two networks with one named volume, no build; up -d and down timed in turn.
cproj="$tmp/compose-bench"
mkdir -p "$cproj"
cat >"$cproj/compose.yaml" <<'COMPOSE'
name: bench
x-svc: &svc
  image: busybox
  init: true
  command: ["sleep", "3600"]
services:
  web: {<<: *svc, networks: [front], depends_on: [api]}
  api: {<<: *svc, networks: [front, back], depends_on: [db, cache]}
  db: {<<: *svc, networks: [back], volumes: ["data:/data"]}
  cache: {<<: *svc, networks: [back]}
  worker: {<<: *svc, networks: [back], depends_on: [db]}
networks: {front: {}, back: {}}
volumes: {data: {}}
COMPOSE
compose() { (cd "$cproj" && "$berth_bin" compose "$@"); }
up_all=""; down_all=""
compose down -v -t 0 >/dev/null 2>&1 || true
for ((i = 0; i < 5; i++)); do
  if ms=$(time_cmd compose up -d); then up_all+="$ms"$'\n'; else echo "bench: compose up -d failed: $(head -c 300 "$tmp/last.err")" >&2; fi
  if ms=$(time_cmd compose down -t 0); then down_all+="$ms"$'\n'; else echo "bench: compose down failed: $(head -c 300 "$tmp/last.err")" >&2; fi
done
row "berth compose up -d, 5 services, 2 networks, 1 volume (median of 5)" "$(printf '%s' "$up_all" | median)" ms 1500
compose up -d >/dev/null 2>&1 || true
row "berth compose up -d, nothing changed (median)" "$(median_ms "$N" compose up -d)" ms 300
row "berth compose down -t 0, the same project (median of 5)" "$(printf '%s' "$down_all" | median)" ms "" "(report only)"
compose down -v -t 0 >/dev/null 2>&1 || true

# --- 10. image scanning (issue 16) ----------------------------------------------------------------
# The bookworm minbase image's SBOM (about 90 packages) cold (the first request after it is made)
# and cached; then 100,000 generated OSV advisories loaded from a zip while the database is queried,
# and a scan of the image against them.
api_ms() { # METHOD PATH [curl args...]: prints elapsed ms of one request, empty unless it answered 200
  local method=$1 path=$2 t0 code; shift 2
  t0=$(now_ns)
  code=$(curl -s -o /dev/null -w '%{http_code}' --unix-socket "$sock" -X "$method" "$@" "http://berth$path") || code=""
  [ "$code" = 200 ] && echo $((($(now_ns) - t0) / 1000000))
}
sbom_cold=""; sbom_cached=""; adv_load=""; adv_query=""; scan_cold=""; scan_note=""
if ! "$root/scripts/debian-minbase.sh" "$minbase_cache" 2>"$tmp/last.err"; then
  scan_note="(no minbase image: debootstrap from the Debian mirror failed)"
elif ! docker image inspect bench-minbase:latest >/dev/null 2>&1 \
    && ! docker import "$minbase_cache" bench-minbase:latest >/dev/null 2>"$tmp/last.err"; then
  scan_note="(import of the minbase tarball failed)"
else
  sbom_cold=$(api_ms GET /berth/v1/images/bench-minbase:latest/sbom)
  all=""
  for _ in $(seq 1 "$N"); do all+="$(api_ms GET /berth/v1/images/bench-minbase:latest/sbom)"$'\n'; done
  sbom_cached=$(printf '%s' "$all" | grep . | median)
  if ! command -v python3 >/dev/null; then
    scan_note="(python3 not found: no advisories generated)"
  else
    srcs=$(curl -s --unix-socket "$sock" http://berth/berth/v1/images/bench-minbase:latest/sbom |
      grep -o '"sourceName":"[^"]*"' | cut -d'"' -f4 | sort -u | tr '\n' ' ')
    python3 "$root/scripts/bench-advisories.py" "$tmp/advisories.zip" 100000 $srcs
    api_ms POST "/berth/v1/scan/db?source=bench-advisories.zip" --data-binary "@$tmp/advisories.zip" \
      >"$tmp/adv-load.ms" &
    load_pid=$!
    sleep 1
    q=""
    while kill -0 "$load_pid" 2>/dev/null; do
      q+="$(api_ms GET /berth/v1/images/bench-minbase:latest/scan)"$'\n'
      sleep 0.5
    done
    wait "$load_pid" || true
    adv_load=$(cat "$tmp/adv-load.ms")
    adv_query=$(printf '%s' "$q" | grep . | sort -n | tail -1)
    scan_cold=$(api_ms GET /berth/v1/images/bench-minbase:latest/scan)
  fi
fi
row "SBOM of bookworm minbase, cold (first request)" "$sbom_cold" ms 1000 "$scan_note"
row "SBOM of bookworm minbase, cached (median of $N)" "$sbom_cached" ms 50 "$scan_note"
row "load 100,000 OSV advisories from a zip" "$adv_load" ms 30000 "$scan_note"
row "scans answered during that load (slowest)" "$adv_query" ms "" "(report only: the database stays queryable)"
row "scan of minbase vs 100,000 advisories, cold" "$scan_cold" ms 2000 "$scan_note"

# --- report ---------------------------------------------------------------------------------------
if ! alive; then
  echo "bench: berthd (pid $daemon_pid) is no longer running; its log:" >&2
  sed 's/^/  /' "$log" >&2
fi
if grep -qE ' (WARN|ERROR) ' "$log"; then
  echo "bench: berthd logged warnings or errors:" >&2
  grep -E ' (WARN|ERROR) ' "$log" | head -20 | sed 's/^/  /' >&2
fi
echo
printf '%-48s %12s   %-12s %-7s %s\n' "figure" "measured" "target" "result" ""
printf '%s\n' "${rows[@]}"
echo
echo "$met of $total figures met their target"
exit 0
