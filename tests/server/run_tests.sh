#!/usr/bin/env bash
# Drives a real `diagc serve` on 127.0.0.1 (ephemeral port) with real clients.
#   tests/server/run_tests.sh path/to/diagc
# Installs the npm client (plantuml-encoder, as the VS Code extension encodes)
# on first use; loopback traffic only otherwise. Bounded in time.
set -euo pipefail
cd "$(dirname "$0")"
DIAGC=$(realpath "${1:?usage: run_tests.sh DIAGC}")
if [ ! -f node_modules/plantuml-encoder/package.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
exec timeout 240 node server_test.mjs "$DIAGC"
