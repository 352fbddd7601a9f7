#!/usr/bin/env bash
# Installs buildah (the OCI image builder of scripts/image/build.sh), binutils (strip) and ca-certificates from
# Debian packages, for the image test (test/e2e/image.test.ts). Idempotent: nothing is fetched when all are there.
set -euo pipefail
missing=()
command -v buildah >/dev/null || missing+=(buildah)
command -v strip >/dev/null || missing+=(binutils)
[ -s /etc/ssl/certs/ca-certificates.crt ] || missing+=(ca-certificates)
if [ "${#missing[@]}" -eq 0 ]; then
  echo "buildah: installed ($(buildah --version))"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "buildah: ${missing[*]} missing; as root: apt-get install -y ${missing[*]}" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
echo "buildah: installed ${missing[*]} ($(buildah --version))"
