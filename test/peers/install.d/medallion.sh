#!/usr/bin/env bash
# Installs OASIS medallion (the reference TAXII 2.1 server, from PyPI) in its own virtualenv, as a real peer for the
# TAXII client tests. Idempotent and cached.
set -euo pipefail
VERSION=3.0.0
if [ "$(id -u)" = 0 ]; then BASE=${TAXIWAY_PEERS:-/opt/taxiway-peers}; else BASE=${TAXIWAY_PEERS:-${TAXIWAY_TOOLS:-$HOME/.cache/taxiway-tools}}; fi
DIR="$BASE/medallion-$VERSION"
if [ -f "$DIR/.taxiway-installed" ]; then
  echo "medallion $VERSION: cached in $DIR"
  exit 0
fi
if ! command -v python3 >/dev/null || ! python3 -c "import venv, ensurepip" 2>/dev/null; then
  apt-get update -qq && apt-get install -y -qq python3 python3-venv >/dev/null
fi
rm -rf "$DIR"
python3 -m venv "$DIR"
"$DIR/bin/pip" install -q --disable-pip-version-check "medallion==$VERSION"
# Written last: an interrupted install is redone on the next run.
touch "$DIR/.taxiway-installed"
echo "medallion $VERSION: installed in $DIR"
