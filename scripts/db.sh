#!/usr/bin/env bash
# A local MongoDB-compatible server for development and tests: FerretDB with its
# SQLite backend, listening on loopback only, telemetry off, built from its Go
# module source with the patches in scripts/ferretdb/ (each says what it fixes:
# lookups by _id use the _id index; single-document writes are atomic).
#
#   scripts/db.sh install   build FerretDB once into the cache folder
#   scripts/db.sh start     install if needed, start, wait for a ping, print MONGODB_URI
#   scripts/db.sh stop      stop the server started by `start`
#   scripts/db.sh status    say whether it runs
#   scripts/db.sh bin       install if needed, print the binary's path (used by test/utils/ferretdb.ts)
#
# Settings (environment): FERRETDB_PORT (27017), FERRETDB_DATA_DIR (.data/ferretdb-<port>),
# FERRETDB_CACHE_DIR (~/.cache/nest-sessions), FERRETDB_VERSION (v1.24.2),
# FERRETDB_DEBUG_PORT (the port minus 18929: 8088 for 27017; `off` for none, as the
# test set-up uses on a free port, where the derived one could be anyone's).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VERSION=${FERRETDB_VERSION:-v1.24.2}
PORT=${FERRETDB_PORT:-27017}
DEBUG_PORT=${FERRETDB_DEBUG_PORT:-$((PORT - 18929))} # 8088 for 27017
if [ "$DEBUG_PORT" = off ]; then DEBUG_ADDR=-; else DEBUG_ADDR=127.0.0.1:$DEBUG_PORT; fi
DATA_DIR=${FERRETDB_DATA_DIR:-$ROOT/.data/ferretdb-$PORT}
CACHE_DIR=${FERRETDB_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/nest-sessions}
PATCH_DIR=$ROOT/scripts/ferretdb
# The binary's name carries a digest of the patches: a changed patch builds anew.
PATCHES_DIGEST=$(cat "$PATCH_DIR"/*.patch | sha256sum | cut -c1-12)
BIN=$CACHE_DIR/bin/ferretdb-$VERSION-$PATCHES_DIGEST
PID_FILE=$DATA_DIR/ferretdb.pid
LOG_FILE=$DATA_DIR/ferretdb.log

log() { printf '[db] %s\n' "$*" >&2; }

install() {
  if [ -x "$BIN" ]; then return 0; fi
  command -v go >/dev/null || { log "Go is needed to build FerretDB once (https://go.dev/dl/, or apt-get install golang)"; exit 1; }
  log "building FerretDB $VERSION with the patches in scripts/ferretdb/ into $BIN"
  log "this happens once and takes a few minutes (Go downloads and compiles FerretDB); later starts reuse the binary"
  # `go install github.com/FerretDB/FerretDB/cmd/ferretdb@$VERSION` builds, but the binary
  # panics at start: the module ships without the generated build/version/version.txt.
  # So: fetch the module from the Go module proxy, add that one file, patch, build.
  local src work status=0
  src=$(go mod download -json "github.com/FerretDB/FerretDB@$VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
  [ -n "$src" ] || { log "go mod download gave no source folder"; exit 1; }
  work=$(mktemp -d)
  build "$src" "$work" || status=$?
  chmod -R u+w "$work"
  rm -rf "$work"
  [ "$status" -eq 0 ] || { log "building FerretDB failed (exit $status)"; exit "$status"; }
  log "built $("$BIN" --version 2>/dev/null | head -n 1)"
}

# Copies the module source into a work folder, patches it and builds the binary.
build() {
  local src=$1 work=$2 patch
  cp -R "$src/." "$work/"
  chmod -R u+w "$work"
  printf '%s\n' "$VERSION" > "$work/build/version/version.txt"
  for patch in "$PATCH_DIR"/*.patch; do
    log "applying $(basename "$patch")"
    (cd "$work" && git apply "$patch") || { log "$(basename "$patch") does not apply to FerretDB $VERSION"; return 1; }
  done
  mkdir -p "$(dirname "$BIN")"
  (cd "$work" && CGO_ENABLED=0 go build -trimpath -o "$BIN.tmp" ./cmd/ferretdb) || return 1
  mv "$BIN.tmp" "$BIN"
}

ping() {
  (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null
}

running() {
  [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null
}

start() {
  install
  mkdir -p "$DATA_DIR"
  if running; then
    log "already running (pid $(cat "$PID_FILE"))"
  else
    log "starting FerretDB on 127.0.0.1:$PORT, data in $DATA_DIR"
    DO_NOT_TRACK=1 nohup "$BIN" --handler=sqlite --sqlite-url="file:$DATA_DIR/" \
      --listen-addr="127.0.0.1:$PORT" --debug-addr="$DEBUG_ADDR" \
      --telemetry=disable --state-dir="$DATA_DIR" --log-level=warn \
      >"$LOG_FILE" 2>&1 </dev/null &
    echo $! > "$PID_FILE"
    for _ in $(seq 1 100); do
      if ping; then break; fi
      if ! running; then log "FerretDB exited; its log:"; cat "$LOG_FILE" >&2; exit 1; fi
      sleep 0.1
    done
    ping || { log "FerretDB did not answer on port $PORT within 10 s"; exit 1; }
  fi
  echo "MONGODB_URI=mongodb://127.0.0.1:$PORT/nest-sessions"
}

stop() {
  if running; then
    local pid
    pid=$(cat "$PID_FILE")
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    log "stopped FerretDB (pid $pid)"
  else
    log "FerretDB is not running on port $PORT"
  fi
  rm -f "$PID_FILE"
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  bin) install; echo "$BIN" ;;
  status) if running; then log "running (pid $(cat "$PID_FILE"))"; else log "not running"; exit 1; fi ;;
  *) echo "usage: $0 install|start|stop|status|bin" >&2; exit 2 ;;
esac
