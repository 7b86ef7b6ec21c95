#!/bin/sh
# The image's entrypoint: refuses to start without a session secret. The image
# never makes one up: each replica (Kubernetes, any set of containers) would
# then sign cookies with a key of its own, and visitors would be logged out
# whenever a request lands on another one, and at every deploy. Give the same
# secret to every instance: SESSION_SECRET, or SESSION_SECRET_FILE (a mounted
# secret). docker-compose.yml generates one into a volume for you (its
# `secret` service runs generate-secret.sh).
set -eu

if [ -z "${SESSION_SECRET:-}" ] && [ -z "${SESSION_SECRET_FILE:-}" ]; then
  echo "Cannot start: SESSION_SECRET or SESSION_SECRET_FILE is required (32+ random characters; the same for every instance). docker compose makes one for you (see docker-compose.yml); elsewhere give it as a secret of your platform." >&2
  exit 1
fi
if [ -z "${SESSION_SECRET:-}" ] && { [ ! -r "$SESSION_SECRET_FILE" ] || [ ! -s "$SESSION_SECRET_FILE" ]; }; then
  echo "Cannot start: SESSION_SECRET_FILE: \"$SESSION_SECRET_FILE\" is missing, unreadable or empty." >&2
  exit 1
fi

exec "$@"
