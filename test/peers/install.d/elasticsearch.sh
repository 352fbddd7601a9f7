#!/usr/bin/env bash
# A real Elasticsearch 8.19 for the elasticsearch connector's tests (test/peers/lib/search-distribution.sh).
set -euo pipefail
source "$(dirname "$0")/../lib/search-distribution.sh"
install_search_distribution elasticsearch org.elasticsearch.distribution.integ-test-zip 8.19.2 taxiway-es
