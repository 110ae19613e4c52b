#!/usr/bin/env bash
# Installs what is missing (Debian 12 packages), builds diagc in build/ and
# renders examples/architecture.puml into build/. Safe to re-run: installs only what is
# missing and rebuilds only what changed.
#   scripts/setup.sh            install + build + render the example
#   scripts/setup.sh --deps     install only
#   scripts/setup.sh --tool-only  only what diagc itself needs, and build only
#                               diagc (no tests, no browser, no Node): for the
#                               CI of projects that use diagc
#   scripts/setup.sh --fuzz     also install clang and libFuzzer (scripts/fuzz.sh)
#   scripts/setup.sh --bench    also install the benchmark peers (hyperfine, graphviz, plantuml)
set -euo pipefail
cd "$(dirname "$0")/.."

# What building diagc needs, all from Debian's archive (also Ubuntu's).
PACKAGES=(
  build-essential cmake ninja-build pkg-config
  tao-pegtl-dev libgraphviz-dev libcairo2-dev libharfbuzz-dev libfreetype-dev
  libcli11-dev zlib1g-dev libmicrohttpd-dev nlohmann-json3-dev libtomlplusplus-dev
  libcurl4-openssl-dev
)
TOOL_ONLY=0
[ "${1:-}" = "--tool-only" ] && TOOL_ONLY=1
if [ "$TOOL_ONLY" = 0 ]; then
  # What the tests need: the --watch preview is driven in a real browser,
  # the `diagc serve` tests use npm's plantuml-encoder, the CLI tests git and make,
  # the --allow-url-include test openssl (a certificate for its loopback HTTPS server),
  # the install test (tests/install) man-db, zsh and fish (the man page and completions
  # are run there), and file (cpack's DEB generator reads the binaries' types with it).
  PACKAGES+=(python3 doctest-dev git make nodejs chromium openssl man-db zsh fish file)
  command -v npm >/dev/null || PACKAGES+=(npm)
fi

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
if [ "$TOOL_ONLY" = 0 ] && ! command -v npm >/dev/null; then
  echo "setup: installing npm"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends npm
fi
case "${1:-}" in --deps|--bench|--fuzz) exit 0 ;; esac

if [ "$TOOL_ONLY" = 1 ]; then
  echo "setup: building diagc only (Release, no tests) in build/"
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DDIAGC_BUILD_TESTS=OFF >/dev/null
  cmake --build build --target diagc diagc-full
  echo "setup: done: build/cli/diagc"
  exit 0
fi

echo "setup: building (Release) in build/"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DDIAGC_BUILD_TESTS=ON >/dev/null
cmake --build build

# Into build/: the committed examples/*.svg stay as they are (diagc --check examples/).
echo "setup: rendering examples/architecture.puml"
build/cli/diagc examples/architecture.puml -o build/architecture.svg
build/cli/diagc examples/architecture.puml -o build/architecture.png
echo "setup: done: build/cli/diagc, build/architecture.svg, build/architecture.png"
