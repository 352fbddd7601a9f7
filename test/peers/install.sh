#!/usr/bin/env bash
# Installs the real peers the tier-3 tests start: runs every test/peers/install.d/*.sh in order.
# Each script is idempotent, caches under ${TAXIWAY_TOOLS:-$HOME/.cache/taxiway-tools}, and is fast
# when its peer is already installed.
set -euo pipefail
cd "$(dirname "$0")"
shopt -s nullglob
for script in install.d/*.sh; do
  echo "peers: $script"
  bash "$script"
done
