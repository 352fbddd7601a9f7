#!/usr/bin/env bash
# A real PostgreSQL server for the checkpoint store's tests: Debian's package (apt-get install postgresql), which the
# tests start as a throwaway cluster in a temp dir on a loopback port (packages/testkit/src/peers/postgres-peer.ts).
# PostgreSQL refuses to run as root, so as root this also creates the user the tests run it as (taxiway-pg).
# Idempotent: does nothing when a server binary is already there.
set -euo pipefail
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    echo "postgresql: no server binaries under /usr/lib/postgresql and not root: install the 'postgresql' package" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
if [ "$(id -u)" = 0 ]; then
  id -u taxiway-pg >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin taxiway-pg
fi
echo "postgresql: $(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
