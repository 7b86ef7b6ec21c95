#!/bin/sh
# Gives the app a session secret when none is given, so `docker compose up`
# needs no preparation: a random one, made on the first start and kept in
# /var/lib/nest-sessions (a named volume in docker-compose.yml), so sessions
# survive `docker compose down` and `up`. A given SESSION_SECRET or
# SESSION_SECRET_FILE wins and this does nothing.
set -eu

SECRET_DIR=/var/lib/nest-sessions
SECRET_FILE=$SECRET_DIR/session-secret

if [ -z "${SESSION_SECRET:-}" ] && [ -z "${SESSION_SECRET_FILE:-}" ]; then
  if [ ! -s "$SECRET_FILE" ]; then
    if [ ! -w "$SECRET_DIR" ]; then
      echo "Cannot start: SESSION_SECRET: none given, and $SECRET_DIR is not writable to keep a generated one. Set SESSION_SECRET (32+ characters) or mount a writable volume there." >&2
      exit 1
    fi
    umask 077
    node -e "process.stdout.write(require('node:crypto').randomBytes(48).toString('base64url') + '\n')" > "$SECRET_FILE.tmp"
    mv "$SECRET_FILE.tmp" "$SECRET_FILE"
    echo "No SESSION_SECRET given: generated one in $SECRET_FILE (kept in a volume; sessions survive restarts)." >&2
  fi
  SESSION_SECRET_FILE=$SECRET_FILE
  export SESSION_SECRET_FILE
fi

exec "$@"
