#!/usr/bin/env bash
# Installs what is missing (Debian 12 packages), builds diagc in build/ and
# renders examples/architecture.puml. Safe to re-run: installs only what is
# missing and rebuilds only what changed.
#   scripts/setup.sh            install + build + render the example
#   scripts/setup.sh --deps     install only
#   scripts/setup.sh --fuzz     also install clang and libFuzzer (scripts/fuzz.sh)
#   scripts/setup.sh --bench    also install the benchmark peers (hyperfine, graphviz, plantuml)
set -euo pipefail
cd "$(dirname "$0")/.."

# Build and test dependencies, all from Debian's archive.
PACKAGES=(
  build-essential cmake ninja-build pkg-config python3
  tao-pegtl-dev libgraphviz-dev libcairo2-dev libharfbuzz-dev libfreetype-dev
  libcli11-dev doctest-dev zlib1g-dev libcpp-httplib-dev libmicrohttpd-dev nlohmann-json3-dev
  nodejs chromium   # tests: the --watch preview is driven in a real browser
)
# The `diagc serve` tests drive the server with npm's plantuml-encoder.
command -v npm >/dev/null || PACKAGES+=(npm)

[ "${1:-}" = "--fuzz" ] && PACKAGES+=(clang libclang-rt-14-dev)
[ "${1:-}" = "--bench" ] && PACKAGES+=(hyperfine graphviz plantuml time wrk)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "setup: installing missing packages: ${missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "setup: all ${#PACKAGES[@]} packages already installed"
fi
# Debian's nodejs has no npm; NodeSource's bundles it.
if ! command -v npm >/dev/null; then
  echo "setup: installing npm"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends npm
fi
case "${1:-}" in --deps|--bench|--fuzz) exit 0 ;; esac

echo "setup: building (Release) in build/"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build

echo "setup: rendering examples/architecture.puml"
build/cli/diagc examples/architecture.puml -o examples/architecture.svg
build/cli/diagc examples/architecture.puml -o examples/architecture.png
echo "setup: done: build/cli/diagc, examples/architecture.svg, examples/architecture.png"
