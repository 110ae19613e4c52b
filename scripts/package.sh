#!/usr/bin/env bash
# Builds the Debian package diagc_<version>_amd64.deb from a build tree (built
# here if it is not yet), with cpack -G DEB (cmake/Package.cmake).
#   scripts/package.sh [BUILD_DIR [OUT_DIR]]    defaults: build, BUILD_DIR
# The build may have tests or not: only the installed files go in the package.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
OUT=${2:-$BUILD}
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DDIAGC_BUILD_TESTS=OFF >/dev/null
fi
# Everything that is installed: the executables, the library and the generated man page and completions.
cmake --build "$BUILD" --target diagc diagc-full diagc_lib diagc_raster diagc_docs
mkdir -p "$OUT"
cpack --config "$BUILD/CPackConfig.cmake" -G DEB -B "$OUT" >/dev/null
rm -rf "$OUT/_CPack_Packages"
ls "$OUT"/diagc_*.deb
