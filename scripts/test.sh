#!/usr/bin/env bash
# Builds diagc and runs every test (unit, golden, CLI). This is what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --deps
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DDIAGC_BUILD_TESTS=ON >/dev/null
cmake --build build
ctest --test-dir build --output-on-failure
