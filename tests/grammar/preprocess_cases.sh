#!/bin/sh
# Rewrites preprocess_cases.expected from PlantUML 1.2026.8's own expansion of
# preprocess_cases.puml (`-preproc`), one block per case, blank lines and
# indentation dropped. Review the diff before committing it.
#   tests/grammar/preprocess_cases.sh [path/to/plantuml-1.2026.8.jar]
set -eu
jar=${1:-/work/tools/package/build/plantuml-1.2026.8.jar}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$here/preprocess_cases.puml" "$tmp/"
(cd "$tmp" && java -jar "$jar" -preproc preprocess_cases.puml >/dev/null 2>&1 || true)
for name in $(sed -n 's/^@startuml \(.*\)$/\1/p' "$here/preprocess_cases.puml"); do
  sed -e 's/^[ \t]*//' -e 's/[ \t]*$//' "$tmp/$name.preproc" | grep -v '^$'
done > "$here/preprocess_cases.expected"
