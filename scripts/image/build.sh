#!/usr/bin/env bash
# Builds the taxiway OCI image FROM scratch with buildah and writes it as an OCI archive:
#   dist/taxiway-image.oci.tar   (podman load -i …, docker load -i …, skopeo copy oci-archive:… docker://…)
# Run through `pnpm image`, which builds the workspace and the standalone package (scripts/package.mjs) first.
#
# No base image can be pulled here, so the root filesystem is staged on the host (scripts/image/rootfs.sh): Node's
# binary and the libraries it loads, CA certificates, passwd/group, the bundle. One `buildah copy` makes one layer.
# buildah keeps its own vfs storage under the tool cache (works without overlayfs or a daemon, also in a container).
# The archive is rebuilt only when the staged tree or the image config changed (a digest of both sits beside it).
#
# Environment: TAXIWAY_IMAGE_BUDGET_MIB (uncompressed size limit, default below), TAXIWAY_IMAGE_SOURCE (the
# org.opencontainers.image.source label; default: the git remote `origin`), TAXIWAY_NODE_VERSION, TAXIWAY_TOOLS.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
say() { echo "image: $*" >&2; }
fail() {
  say "$*"
  exit 1
}
source "$here/rootfs.sh"

# Measured 2026-12: 114 MiB (Node 24.21 stripped 103.5 MiB, glibc + libstdc++ 4.5 MiB, bundle 5.5 MiB).
budget_mib="${TAXIWAY_IMAGE_BUDGET_MIB:-120}"
uid=10001
tools="${TAXIWAY_TOOLS:-$HOME/.cache/taxiway-tools}"
node_version="${TAXIWAY_NODE_VERSION:-$(sed -n 's/^node_version="\${TAXIWAY_NODE_VERSION:-\(.*\)}"$/\1/p' "$repo/scripts/toolchain.sh")}"
version="$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$repo/packages/cli/package.json" | head -1)"
license="$(sed -n 's/^ *"license": *"\([^"]*\)".*/\1/p' "$repo/packages/cli/package.json" | head -1)"
out="$repo/dist/taxiway-image.oci.tar"
work="$repo/build/image"
rootfs="$work/rootfs"
storage="${TAXIWAY_BUILDAH_STORAGE:-$tools/buildah}"
buildah_() { buildah --root "$storage/root" --runroot "$storage/run" --storage-driver vfs "$@"; }

check_builder() {
  command -v buildah >/dev/null || fail "buildah is not installed: bash test/peers/buildah.sh (or apt-get install buildah)"
  command -v strip >/dev/null || fail "strip is not installed: apt-get install binutils"
  local tarball="$repo/build/taxiway-$version.tgz"
  [ -f "$tarball" ] || fail "$tarball is missing: run pnpm image (it runs scripts/package.mjs first)"
}

stage() {
  local node
  node="$(ensure_node_binary "$node_version" "$tools")"
  rm -rf "$work" && mkdir -p "$rootfs"
  stage_node "$rootfs" "$node"
  stage_system_files "$rootfs" "$uid"
  stage_app "$rootfs" "$repo/build/taxiway-$version.tgz"
  # /data, the only place the image writes, belongs to the user: copied on its own with --chown (see build).
  mkdir -p "$work/owned/data"
  normalize_times "$rootfs" "$epoch"
  normalize_times "$work/owned" "$epoch"
}

check_budget() {
  local bytes
  bytes=$(du -sb --apparent-size "$rootfs" | cut -f1)
  size_mib=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
  if awk -v b="$bytes" -v m="$budget_mib" 'BEGIN { exit !(b > m * 1048576) }'; then
    fail "the image would be $size_mib MiB uncompressed, over its budget of $budget_mib MiB (TAXIWAY_IMAGE_BUDGET_MIB)"
  fi
}

# The image config, one buildah config argument a line (also hashed: a changed label rebuilds the image).
write_config() {
  local source="${TAXIWAY_IMAGE_SOURCE:-$(git -C "$repo" remote get-url origin 2>/dev/null || true)}"
  {
    echo "--user=$uid:$uid"
    echo "--workingdir=/data"
    echo "--env=PATH=/usr/local/bin"
    echo "--env=HOME=/data"
    echo "--env=NODE_USE_SYSTEM_CA=1"
    echo "--env=SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt"
    echo '--entrypoint=["taxiway"]'
    echo '--cmd=["serve", "/etc/taxiway/jobs"]'
    echo "--stop-signal=SIGTERM"
    echo "--os=linux"
    echo "--arch=amd64"
    echo "--label=org.opencontainers.image.title=taxiway"
    echo "--label=org.opencontainers.image.description=taxiway moves threat intelligence from TAXII 2.x feeds into the SIEMs a SOC already runs."
    echo "--label=org.opencontainers.image.version=$version"
    echo "--label=org.opencontainers.image.licenses=$license"
    echo "--label=org.opencontainers.image.created=$(date -u -d "@$epoch" +%Y-%m-%dT%H:%M:%SZ)"
    if [ -n "$revision" ]; then echo "--label=org.opencontainers.image.revision=$revision"; fi
    if [ -n "$source" ]; then echo "--label=org.opencontainers.image.source=$source"; fi
  } >"$work/config.args"
}

build() {
  container=$(buildah_ from scratch)
  trap 'buildah_ rm "$container" >/dev/null 2>&1 || true' EXIT
  buildah_ copy --quiet "$container" "$rootfs/" / >/dev/null
  buildah_ copy --quiet --chown "$uid:$uid" "$container" "$work/owned/" / >/dev/null
  mapfile -t config <"$work/config.args"
  buildah_ config "${config[@]}" "$container"
  mkdir -p "$(dirname "$out")"
  rm -f "$out.partial"
  buildah_ commit --quiet --disable-compression=false --timestamp "$epoch" "$container" \
    "oci-archive:$out.partial:taxiway:$version" >/dev/null
  buildah_ rm "$container" >/dev/null
  trap - EXIT
  mv "$out.partial" "$out"
}

revision="$(git -C "$repo" rev-parse HEAD 2>/dev/null || true)"
epoch="$(git -C "$repo" log -1 --format=%ct 2>/dev/null || date +%s)"
check_builder
stage
check_budget
write_config
inputs="$( (rootfs_digest "$rootfs"; cat "$work/config.args") | sha256sum | cut -d' ' -f1)"
if [ -f "$out" ] && [ "$(cat "$out.inputs" 2>/dev/null)" = "$inputs" ]; then
  say "up to date: $out ($size_mib MiB uncompressed, budget $budget_mib MiB)"
else
  build
  echo "$inputs" >"$out.inputs"
  say "built $out: taxiway:$version, $size_mib MiB uncompressed (budget $budget_mib MiB), $(du -m "$out" | cut -f1) MiB archive"
fi
echo "$out"
