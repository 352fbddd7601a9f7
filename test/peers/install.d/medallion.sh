#!/usr/bin/env bash
# Installs OASIS medallion (the reference TAXII 2.1 server, from PyPI) in its own virtualenv, as a real peer for the
# TAXII client tests. Idempotent and cached.
set -euo pipefail
source "$(dirname "$0")/../lib/pypi-peer.sh"
install_pypi_peer medallion 3.0.0
