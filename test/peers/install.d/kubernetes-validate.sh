#!/usr/bin/env bash
# Installs kubernetes-validate (PyPI), which ships the Kubernetes OpenAPI-derived JSON schemas of every release in
# the package (no download at validation time), in its own virtualenv, for the manifest test
# (test/e2e/deploy-manifests.test.ts). Idempotent and cached.
set -euo pipefail
source "$(dirname "$0")/../lib/pypi-peer.sh"
install_pypi_peer kubernetes-validate 1.37.0 \
  "import kubernetes_validate, importlib.resources as r; assert (r.files('kubernetes_validate') / 'kubernetes-json-schema' / 'v1.30.0-local-strict').is_dir()"
