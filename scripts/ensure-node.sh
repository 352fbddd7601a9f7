#!/usr/bin/env bash
# For a shell that wants `node` and `pnpm` themselves on PATH: `source scripts/ensure-node.sh`.
# (Most people need not: ./pnpmw does the same for each command without touching the shell.)
# It changes only PATH: no shell options, and a failed download returns non-zero instead of closing the shell.
_taxiway_prefix="$(bash "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh")" || {
  unset _taxiway_prefix
  return 1 2>/dev/null || exit 1
}
if [ -n "$_taxiway_prefix" ]; then export PATH="$_taxiway_prefix:$PATH"; fi
unset _taxiway_prefix
echo "ensure-node: node $(node --version), pnpm $(pnpm --version)" >&2
