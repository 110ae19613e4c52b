#!/usr/bin/env bash
# Browser test of `diagc --watch` in Debian's Chromium through playwright-core.
set -euo pipefail
diagc=$(realpath "$1")
cd "$(dirname "$0")"
[ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund --silent
exec node watch.test.mjs "$diagc"
