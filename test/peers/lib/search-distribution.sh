# Installs a search engine's integ-test distribution from Maven Central (the only registry that ships it) for the
# connectors' real-cluster tests, run on the machine's Java 17+. Idempotent and cached.
# Usage (sourced): install_search_distribution NAME MAVEN_GROUP VERSION RUN_AS_USER
install_search_distribution() {
  local name=$1 group=$2 version=$3 user=$4 base
  if [ "$(id -u)" = 0 ]; then base=${TAXIWAY_PEERS:-/opt/taxiway-peers}; else base=${TAXIWAY_PEERS:-${TAXIWAY_TOOLS:-$HOME/.cache/taxiway-tools}}; fi
  local dir="$base/$name-$version"
  # Elasticsearch and OpenSearch refuse to run as root: as root, the tests start them as this user.
  if [ "$(id -u)" = 0 ]; then
    id -u "$user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$user"
  fi
  if [ -x "$dir/bin/$name" ]; then
    echo "$name $version: cached in $dir"
    return 0
  fi
  if ! ls /usr/lib/jvm/*/bin/java >/dev/null 2>&1 && ! command -v java >/dev/null; then
    apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless >/dev/null
  fi
  if ! command -v mvn >/dev/null; then
    apt-get update -qq && apt-get install -y -qq maven >/dev/null
  fi
  mkdir -p "$base/downloads"
  mvn -q dependency:copy -Dartifact="$group:$name:$version:zip" -DoutputDirectory="$base/downloads"
  rm -rf "$dir.partial" && mkdir -p "$dir.partial"
  unzip -q "$base/downloads/$name-$version.zip" -d "$dir.partial"
  mv "$dir.partial/$name-$version" "$dir" && rm -rf "$dir.partial"
  if [ "$(id -u)" = 0 ]; then chown -R "$user" "$dir"; fi
  echo "$name $version: installed in $dir"
}
