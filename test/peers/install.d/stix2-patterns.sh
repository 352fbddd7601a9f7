#!/usr/bin/env bash
# Installs the OASIS STIX pattern validator (stix2-patterns, from PyPI) in its own virtualenv, as the real peer of
# the pattern differential test (packages/core/test/pattern/oasis-validator.test.ts). Idempotent and cached.
set -euo pipefail
VERSION=2.1.2
if [ "$(id -u)" = 0 ]; then BASE=${TAXIWAY_PEERS:-/opt/taxiway-peers}; else BASE=${TAXIWAY_PEERS:-${TAXIWAY_TOOLS:-$HOME/.cache/taxiway-tools}}; fi
DIR="$BASE/stix2-patterns-$VERSION"
if [ -f "$DIR/.taxiway-installed" ]; then
  echo "stix2-patterns $VERSION: cached in $DIR"
  exit 0
fi
if ! command -v python3 >/dev/null || ! python3 -c "import venv, ensurepip" 2>/dev/null; then
  apt-get update -qq && apt-get install -y -qq python3 python3-venv >/dev/null
fi
rm -rf "$DIR"
python3 -m venv "$DIR"
"$DIR/bin/pip" install -q --disable-pip-version-check "stix2-patterns==$VERSION"
"$DIR/bin/python" -c "from stix2patterns.validator import run_validator; assert run_validator('[file:name = \'a\']', stix_version='2.1') == []"
# Written last: an interrupted install is redone on the next run.
touch "$DIR/.taxiway-installed"
echo "stix2-patterns $VERSION: installed in $DIR"
