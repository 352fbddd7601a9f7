#!/usr/bin/env bash
# Installs a real OpenSearch for the opensearch connector's tests: the 2.19 integ-test distribution from Maven
# Central (no security plugin, no bundled JDK), run on the machine's Java 17+. Idempotent and cached.
set -euo pipefail
VERSION=2.19.6
if [ "$(id -u)" = 0 ]; then BASE=${TAXIWAY_PEERS:-/opt/taxiway-peers}; else BASE=${TAXIWAY_PEERS:-${TAXIWAY_TOOLS:-$HOME/.cache/taxiway-tools}}; fi
DIR="$BASE/opensearch-$VERSION"
# OpenSearch refuses to run as root: as root, the tests start it as this user.
if [ "$(id -u)" = 0 ]; then
  id -u taxiway-os >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin taxiway-os
fi
if [ -x "$DIR/bin/opensearch" ]; then
  echo "opensearch $VERSION: cached in $DIR"
  exit 0
fi
if ! ls /usr/lib/jvm/*/bin/java >/dev/null 2>&1 && ! command -v java >/dev/null; then
  apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi
if ! command -v mvn >/dev/null; then
  apt-get update -qq && apt-get install -y -qq maven >/dev/null
fi
mkdir -p "$BASE/downloads"
mvn -q dependency:copy -Dartifact="org.opensearch.distribution.integ-test-zip:opensearch:$VERSION:zip" -DoutputDirectory="$BASE/downloads"
rm -rf "$DIR.partial" && mkdir -p "$DIR.partial"
unzip -q "$BASE/downloads/opensearch-$VERSION.zip" -d "$DIR.partial"
mv "$DIR.partial/opensearch-$VERSION" "$DIR" && rm -rf "$DIR.partial"
if [ "$(id -u)" = 0 ]; then chown -R taxiway-os "$DIR"; fi
echo "opensearch $VERSION: installed in $DIR"
