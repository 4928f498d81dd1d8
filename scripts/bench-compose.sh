#!/usr/bin/env bash
# docker-compose 1.29 figures for the bench (issue 11): `up -d` and `down` of a two-service project
# (no build: a web service with a published port, a named volume and a health check, and a
# second one on two networks with an alias that depends on it), against the berthd in DOCKER_HOST,
# and the same against Docker 20.10 when docker.io is installed: the running dockerd if there is
# one, else a private one this script starts (own data root, exec root and socket, no iptables and
# no docker0, so the host's firewall is left as it is) and stops by its PID.
#   usage: bench-compose.sh BUSYBOX_TAR
# Prints one line per figure: name<TAB>berth ms<TAB>docker ms (empty without Docker).
set -euo pipefail
tar=$1
runs=${BENCH_COMPOSE_N:-3}
command -v docker-compose >/dev/null || { echo "bench-compose: docker-compose not installed" >&2; exit 0; }

work=$(mktemp -d /tmp/berth-bench-compose.XXXX)
dockerd_pid=""
private_sock=""
cleanup() {
  set +e
  if [ -n "$dockerd_pid" ] && kill -0 "$dockerd_pid" 2>/dev/null; then
    DOCKER_HOST="unix://$private_sock" timeout 30 docker-compose -p "benchc$$" -f "$work/docker-compose.yml" \
      down -v >/dev/null 2>&1
    kill -TERM "$dockerd_pid"
    for _ in $(seq 1 100); do kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$dockerd_pid" 2>/dev/null && kill -KILL "$dockerd_pid"
  fi
  findmnt -rn -o TARGET | grep -F "$work/" | sort -r | while IFS= read -r m; do umount -l "$m"; done
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT

project() {   # project IMAGE: the compose file, on a published port the kernel picks
  cat > "$work/docker-compose.yml" <<YAML
version: "3.7"
services:
  web:
    image: $1
    command: ["sh", "-c", "trap 'exit 0' TERM; mkdir -p /www; echo up > /www/index.html; httpd -f -p 80 -h /www & wait"]
    ports:
      - "127.0.0.1::80"
    volumes:
      - data:/www
    networks:
      - front
    healthcheck:
      test: ["CMD", "wget", "-qO-", "http://127.0.0.1/"]
      interval: 1s
  api:
    image: $1
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 300 & wait"]
    depends_on:
      - web
    networks:
      front:
        aliases:
          - backend
      back: {}
volumes:
  data: {}
networks:
  front: {}
  back: {}
YAML
}

ms() { echo $((($(date +%s%N) - $1) / 1000000)); }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }

# measure IMAGE: "up_median down_median" of `runs` cycles (after one warm-up), empty on failure
measure() {
  project "$1"
  local c=(docker-compose -p "benchc$$" -f "$work/docker-compose.yml") ups="" downs="" t i
  "${c[@]}" up -d >/dev/null 2>"$work/err" && "${c[@]}" down -v >/dev/null 2>>"$work/err" || {
    echo "bench-compose: warm-up failed: $(head -c 300 "$work/err")" >&2; return 0; }
  for ((i = 0; i < runs; i++)); do
    t=$(date +%s%N); "${c[@]}" up -d >/dev/null 2>"$work/err" || { echo "bench-compose: up failed: $(head -c 300 "$work/err")" >&2; return 0; }
    ups+="$(ms "$t")"$'\n'
    t=$(date +%s%N); "${c[@]}" down -v >/dev/null 2>"$work/err" || { echo "bench-compose: down failed: $(head -c 300 "$work/err")" >&2; return 0; }
    downs+="$(ms "$t")"$'\n'
  done
  echo "$(printf '%s' "$ups" | median) $(printf '%s' "$downs" | median)"
}

read -r b_up b_down <<<"$(measure busybox:latest) "

d_up="" d_down=""
if curl -sf --max-time 2 --unix-socket /var/run/docker.sock http://docker/_ping >/dev/null 2>&1; then
  docker_host=unix:///var/run/docker.sock
elif command -v dockerd >/dev/null || [ -x /usr/sbin/dockerd ]; then
  private_sock="$work/docker.sock"
  docker_host="unix://$private_sock"
  setsid "$(command -v dockerd || echo /usr/sbin/dockerd)" -H "$docker_host" --data-root "$work/docker-data" \
    --exec-root "$work/docker-run" --pidfile "$work/docker.pid" --iptables=false --ip-masq=false --bridge=none \
    </dev/null >"$work/dockerd.log" 2>&1 &
  dockerd_pid=$!
  for _ in $(seq 1 300); do
    curl -sf --max-time 1 --unix-socket "$private_sock" http://docker/_ping >/dev/null 2>&1 && break
    kill -0 "$dockerd_pid" 2>/dev/null || break
    sleep 0.1
  done
else
  docker_host=""
fi
if [ -n "$docker_host" ] && DOCKER_HOST=$docker_host docker import "$tar" "berth-bench-compose:$$" >/dev/null 2>&1; then
  read -r d_up d_down <<<"$(DOCKER_HOST=$docker_host measure "berth-bench-compose:$$") "
  DOCKER_HOST=$docker_host docker rmi -f "berth-bench-compose:$$" >/dev/null 2>&1 || true
elif [ -n "$docker_host" ]; then
  echo "bench-compose: Docker at $docker_host did not take the image; reporting berthd alone" >&2
fi
# the client's own start-up, which every docker-compose command pays whatever the daemon
floors=""
for ((i = 0; i < runs; i++)); do t=$(date +%s%N); docker-compose version >/dev/null 2>&1; floors+="$(ms "$t")"$'\n'; done
printf 'floor\t%s\t\n' "$(printf '%s' "$floors" | median)"
printf 'up\t%s\t%s\n' "$b_up" "$d_up"
printf 'down\t%s\t%s\n' "$b_down" "$d_down"
