#!/bin/sh
# docker compose's convenience, run once by its `secret` service before the app
# starts: a random session secret in a volume, made on the first start and kept
# afterwards, so sessions survive `docker compose down` and `up`. The image
# itself never does this (see entrypoint.sh). SECRET_FILE names the file.
set -eu

SECRET_FILE=${SECRET_FILE:-/var/lib/nest-sessions/session-secret}

if [ -s "$SECRET_FILE" ]; then
  echo "Session secret kept in $SECRET_FILE" >&2
  exit 0
fi
umask 077
node -e "process.stdout.write(require('node:crypto').randomBytes(48).toString('base64url') + '\n')" > "$SECRET_FILE.tmp"
mv "$SECRET_FILE.tmp" "$SECRET_FILE"
echo "Generated a session secret in $SECRET_FILE (kept in the app-secret volume)" >&2
