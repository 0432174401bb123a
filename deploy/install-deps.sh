#!/usr/bin/env bash
# Installs every build and test dependency of Suivi from Debian's archive and
# the npm registry. Idempotent: does nothing when everything is present.
# Later issues append their packages to DEBIAN_PACKAGES (and npm folders to
# NPM_DIRS); nothing is downloaded at build or run time.
set -euo pipefail

DEBIAN_PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libssl-dev openssl librocksdb-dev libabsl-dev
  libgtest-dev libgmock-dev libbenchmark-dev libcli11-dev nlohmann-json3-dev
  nodejs npm
)

# Folders holding a package.json and a committed package-lock.json.
NPM_DIRS=(tests/cedar)

root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

missing_packages() {
  local pkg status
  for pkg in "${DEBIAN_PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || echo "$pkg"
  done
}

install_debian_packages() {
  local missing
  mapfile -t missing < <(missing_packages)
  # Node and npm may come with the machine outside dpkg; keep those.
  if command -v node >/dev/null && command -v npm >/dev/null; then
    mapfile -t missing < <(printf '%s\n' "${missing[@]}" | grep -vx -e nodejs -e npm || true)
  fi
  [[ ${#missing[@]} -eq 0 || -z "${missing[0]}" ]] && return 0
  echo "install-deps: installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
}

install_npm_packages() {
  local dir full
  for dir in "${NPM_DIRS[@]}"; do
    full="$root_dir/$dir"
    # npm writes node_modules/.package-lock.json on install: when it is newer
    # than the committed lock file, the folder is already in step.
    if [[ "$full/node_modules/.package-lock.json" -nt "$full/package-lock.json" ]]; then
      continue
    fi
    echo "install-deps: npm ci in $dir"
    (cd "$full" && npm ci --no-audit --no-fund --loglevel=error)
  done
}

install_debian_packages
install_npm_packages
