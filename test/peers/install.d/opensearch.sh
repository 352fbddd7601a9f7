#!/usr/bin/env bash
# A real OpenSearch 2.19 for the opensearch connector's tests (test/peers/lib/search-distribution.sh). The
# integ-test distribution has no security plugin.
set -euo pipefail
source "$(dirname "$0")/../lib/search-distribution.sh"
install_search_distribution opensearch org.opensearch.distribution.integ-test-zip 2.19.6 taxiway-os
