#!/usr/bin/env bash
# Installs the OASIS STIX pattern validator (stix2-patterns, from PyPI) in its own virtualenv, as the real peer of
# the pattern differential test (test/patterns/oasis-validator.test.ts). Idempotent and cached.
set -euo pipefail
source "$(dirname "$0")/../lib/pypi-peer.sh"
install_pypi_peer stix2-patterns 2.1.2 \
  "from stix2patterns.validator import run_validator; assert run_validator('[file:name = \\'a\\']', stix_version='2.1') == []"
