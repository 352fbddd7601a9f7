# Installs a Python peer from PyPI in a virtualenv of its own, for the tests that run it. Idempotent and cached: a
# marker written last means an interrupted install is redone on the next run.
# Usage (sourced): install_pypi_peer NAME VERSION [PYTHON_CHECK]   (PYTHON_CHECK: code run in the venv once installed)
install_pypi_peer() {
  local name=$1 version=$2 check=${3:-} base
  if [ "$(id -u)" = 0 ]; then base=${TAXIWAY_PEERS:-/opt/taxiway-peers}; else base=${TAXIWAY_PEERS:-${TAXIWAY_TOOLS:-$HOME/.cache/taxiway-tools}}; fi
  local dir="$base/$name-$version"
  if [ -f "$dir/.taxiway-installed" ]; then
    echo "$name $version: cached in $dir"
    return 0
  fi
  if ! command -v python3 >/dev/null || ! python3 -c "import venv, ensurepip" 2>/dev/null; then
    apt-get update -qq && apt-get install -y -qq python3 python3-venv >/dev/null
  fi
  rm -rf "$dir"
  python3 -m venv "$dir"
  "$dir/bin/pip" install -q --disable-pip-version-check "$name==$version"
  if [ -n "$check" ]; then "$dir/bin/python" -c "$check"; fi
  touch "$dir/.taxiway-installed"
  echo "$name $version: installed in $dir"
}
