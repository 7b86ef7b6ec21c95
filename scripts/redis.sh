#!/usr/bin/env bash
# A local Redis for development and tests: Debian's redis-server (installed from apt
# when missing), listening on loopback only, with persistence on (append-only file).
#
#   scripts/redis.sh install         install redis-server from Debian when missing
#   scripts/redis.sh start           start one server, wait for PING, print REDIS_URL
#   scripts/redis.sh stop            stop it (a clean shutdown: the data is saved)
#   scripts/redis.sh cluster-start   start a 3-master Redis Cluster, print REDIS_CLUSTER_NODES
#   scripts/redis.sh cluster-stop    stop the cluster
#   scripts/redis.sh status          say whether the single server runs
#
# Settings (environment): REDIS_PORT (6379), REDIS_DATA_DIR (.data/redis-<port>),
# REDIS_CLUSTER_PORT (7001: the masters take it and the next two), REDIS_CLUSTER_DIR
# (.data/redis-cluster-<port>).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PORT=${REDIS_PORT:-6379}
DATA_DIR=${REDIS_DATA_DIR:-$ROOT/.data/redis-$PORT}
CLUSTER_PORT=${REDIS_CLUSTER_PORT:-7001}
CLUSTER_DIR=${REDIS_CLUSTER_DIR:-$ROOT/.data/redis-cluster-$CLUSTER_PORT}

log() { printf '[redis] %s\n' "$*" >&2; }

install() {
  if command -v redis-server >/dev/null && command -v redis-cli >/dev/null; then return 0; fi
  log "redis-server is missing: installing Debian's redis-server (apt-get)"
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { log "run as root, or install redis-server yourself (apt-get install redis-server)"; exit 1; }
    sudo=(sudo)
  fi
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  log "installed $(redis-server --version | head -n 1)"
}

# Starts one redis-server in the background; its pid goes into <dir>/redis.pid.
# Arguments: port, data folder, extra options.
run_server() {
  local port=$1 dir=$2
  shift 2
  mkdir -p "$dir"
  if [ -f "$dir/redis.pid" ] && kill -0 "$(cat "$dir/redis.pid")" 2>/dev/null; then
    log "already running on port $port (pid $(cat "$dir/redis.pid"))"
    return 0
  fi
  # Loopback only, protected mode on, persistence to an append-only file in $dir.
  nohup redis-server --port "$port" --bind 127.0.0.1 --protected-mode yes \
    --dir "$dir" --appendonly yes --appendfsync everysec --save '' \
    --daemonize no --logfile "$dir/redis.log" "$@" </dev/null >/dev/null 2>&1 &
  echo $! >"$dir/redis.pid"
  for _ in $(seq 1 100); do
    if redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1; then
      # The answer must come from the server started here, not from another
      # Redis already on the port (Debian's own service listens on 6379).
      if redis-cli -h 127.0.0.1 -p "$port" info server 2>/dev/null | tr -d '\r' |
        grep -qx "process_id:$(cat "$dir/redis.pid")"; then return 0; fi
      log "port $port is already served by another Redis; stop it, or choose another port (REDIS_PORT)"
      kill "$(cat "$dir/redis.pid")" 2>/dev/null || true
      rm -f "$dir/redis.pid"
      exit 1
    fi
    if ! kill -0 "$(cat "$dir/redis.pid")" 2>/dev/null; then
      log "redis-server exited; its log:"
      cat "$dir/redis.log" >&2 || true
      exit 1
    fi
    sleep 0.1
  done
  log "redis-server did not answer on port $port within 10 s"
  exit 1
}

stop_server() {
  local port=$1 dir=$2 pid
  if [ -f "$dir/redis.pid" ] && kill -0 "$(cat "$dir/redis.pid")" 2>/dev/null; then
    pid=$(cat "$dir/redis.pid")
    # SIGTERM: Redis writes its append-only file and exits.
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    log "stopped redis-server on port $port (pid $pid)"
  else
    log "redis-server is not running on port $port"
  fi
  rm -f "$dir/redis.pid"
}

start() {
  install
  run_server "$PORT" "$DATA_DIR"
  log "Redis on 127.0.0.1:$PORT, data in $DATA_DIR"
  echo "REDIS_URL=redis://127.0.0.1:$PORT"
}

cluster_start() {
  install
  local nodes=() port
  for i in 0 1 2; do
    port=$((CLUSTER_PORT + i))
    run_server "$port" "$CLUSTER_DIR/$port" --cluster-enabled yes \
      --cluster-config-file "$CLUSTER_DIR/$port/nodes.conf" --cluster-node-timeout 5000
    nodes+=("127.0.0.1:$port")
  done
  if ! redis-cli -h 127.0.0.1 -p "$CLUSTER_PORT" cluster info | grep -q 'cluster_state:ok'; then
    redis-cli --cluster create "${nodes[@]}" --cluster-replicas 0 --cluster-yes >"$CLUSTER_DIR/create.log" 2>&1 ||
      { log "redis-cli --cluster create failed:"; cat "$CLUSTER_DIR/create.log" >&2; exit 1; }
    for _ in $(seq 1 100); do
      redis-cli -h 127.0.0.1 -p "$CLUSTER_PORT" cluster info | grep -q 'cluster_state:ok' && break
      sleep 0.1
    done
  fi
  log "Redis Cluster of 3 masters on 127.0.0.1:$CLUSTER_PORT-$((CLUSTER_PORT + 2))"
  local urls=()
  for node in "${nodes[@]}"; do urls+=("redis://$node"); done
  (IFS=,; echo "REDIS_CLUSTER_NODES=${urls[*]}")
}

cluster_stop() {
  for i in 0 1 2; do stop_server "$((CLUSTER_PORT + i))" "$CLUSTER_DIR/$((CLUSTER_PORT + i))"; done
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop_server "$PORT" "$DATA_DIR" ;;
  cluster-start) cluster_start ;;
  cluster-stop) cluster_stop ;;
  status)
    if [ -f "$DATA_DIR/redis.pid" ] && kill -0 "$(cat "$DATA_DIR/redis.pid")" 2>/dev/null; then
      log "running (pid $(cat "$DATA_DIR/redis.pid"))"
    else
      log "not running"; exit 1
    fi ;;
  *) echo "usage: $0 install|start|stop|cluster-start|cluster-stop|status" >&2; exit 2 ;;
esac
