#!/usr/bin/env bash
# Installs a real Elasticsearch for the connector's tests: the 8.19 integ-test distribution from Maven Central
# (the only registry that ships it), run on the machine's Java 17+. Idempotent and cached.
set -euo pipefail
VERSION=8.19.2
if [ "$(id -u)" = 0 ]; then BASE=${TAXIWAY_PEERS:-/opt/taxiway-peers}; else BASE=${TAXIWAY_PEERS:-${TAXIWAY_TOOLS:-$HOME/.cache/taxiway-tools}}; fi
DIR="$BASE/elasticsearch-$VERSION"
# Elasticsearch refuses to run as root: as root, the tests start it as this user.
if [ "$(id -u)" = 0 ]; then
  id -u taxiway-es >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin taxiway-es
fi
if [ -x "$DIR/bin/elasticsearch" ]; then
  echo "elasticsearch $VERSION: cached in $DIR"
  exit 0
fi
if ! ls /usr/lib/jvm/*/bin/java >/dev/null 2>&1 && ! command -v java >/dev/null; then
  apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi
if ! command -v mvn >/dev/null; then
  apt-get update -qq && apt-get install -y -qq maven >/dev/null
fi
mkdir -p "$BASE/downloads"
mvn -q dependency:copy -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$VERSION:zip" -DoutputDirectory="$BASE/downloads"
rm -rf "$DIR.partial" && mkdir -p "$DIR.partial"
unzip -q "$BASE/downloads/elasticsearch-$VERSION.zip" -d "$DIR.partial"
mv "$DIR.partial/elasticsearch-$VERSION" "$DIR" && rm -rf "$DIR.partial"
if [ "$(id -u)" = 0 ]; then chown -R taxiway-es "$DIR"; fi
echo "elasticsearch $VERSION: installed in $DIR"
