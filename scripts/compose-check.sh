#!/usr/bin/env bash
# Checks docker-compose.yml without a Docker engine (npm run compose:check, CI):
# the Dockerfile's Node major is CI's, the checker's own test shows it can fail,
# then scripts/compose-check loads the file with compose-go, the loader `docker
# compose config` runs, with and without the redis profile. Go fetches the
# checker's modules once, through its module proxy (GOPROXY as configured).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

ci_node=$(sed -n 's/^NODE_MAJOR=\([0-9][0-9]*\)$/\1/p' .ci/run)
image_node=$(sed -n 's/^ARG NODE_IMAGE=node:\([0-9][0-9]*\)\([^0-9].*\)\{0,1\}$/\1/p' Dockerfile)
if [ -z "$ci_node" ] || [ "$ci_node" != "$image_node" ]; then
  echo "== Dockerfile's ARG NODE_IMAGE is Node ${image_node:-?}, .ci/run's NODE_MAJOR is ${ci_node:-?}: they must match" >&2
  exit 1
fi
echo "== Dockerfile and CI both run Node $ci_node"

go -C scripts/compose-check test ./...
go -C scripts/compose-check run . "$PWD/docker-compose.yml"
