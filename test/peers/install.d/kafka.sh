#!/usr/bin/env bash
# A real Apache Kafka 4.1 broker (KRaft) for the kafka connector's tests: the broker's jars and their dependencies
# from Maven Central (the only registry that serves them), run on the machine's Java 17 by the testkit's Kafka peer
# (packages/testkit/src/peers/kafka-peer.ts). Idempotent and cached: the marker is written last.
set -euo pipefail
version=4.1.1
if [ "$(id -u)" = 0 ]; then base=${TAXIWAY_PEERS:-/opt/taxiway-peers}; else base=${TAXIWAY_PEERS:-${TAXIWAY_TOOLS:-$HOME/.cache/taxiway-tools}}; fi
dir="$base/kafka-$version"
if [ -f "$dir/.taxiway-installed" ]; then
  echo "kafka $version: cached in $dir"
  exit 0
fi
if ! ls /usr/lib/jvm/*/bin/java >/dev/null 2>&1 && ! command -v java >/dev/null; then
  apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi
if ! command -v mvn >/dev/null; then
  apt-get update -qq && apt-get install -y -qq maven >/dev/null
fi
rm -rf "$dir" && mkdir -p "$dir"
# kafka_2.13 brings the broker, the controller, the storage tool and their dependencies; log4j-slf4j-impl routes the
# broker's slf4j logging to the log4j2 the broker already depends on.
cat > "$dir/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>taxiway.peers</groupId>
  <artifactId>kafka-broker</artifactId>
  <version>$version</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$version</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j-impl</artifactId><version>2.24.3</version></dependency>
  </dependencies>
</project>
POM
mvn -q -f "$dir/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$dir/libs"
ls "$dir/libs/kafka_2.13-$version.jar" >/dev/null
touch "$dir/.taxiway-installed"
echo "kafka $version: installed in $dir"
