#!/usr/bin/env bash
# The installed diagc, end to end (issue 15), from an existing build:
#   1. `cmake --install` to a temporary prefix, and with DESTDIR: the same files;
#   2. every README workflow against the installed diagc (not build/), run from
#      another directory and through a symlink on PATH, with outputs byte-identical
#      to the build tree's: svg/png/pdf, stdin, a directory, Markdown, --check,
#      --list-outputs, the pre-commit hook, serve and --watch briefly, encode/decode,
#      the C4 stdlib, man diagc and the completions (tests/install/test_cli_docs.py);
#   3. a project outside the tree (tests/install/consumer) built with
#      find_package(diagc) against the prefix: C++ API, C ABI, raster component,
#      diagc_add_diagrams; the SVG-only program must not link cairo;
#   4. the Python ctypes example (tests/install/test_embed.py) on the installed library;
#   5. the .deb (scripts/package.sh, tests/install/test_deb.sh).
# usage: tests/install/run.sh [BUILD_DIR]   (default: build; it must be built)
set -euo pipefail
SRC=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$(cd "${1:-$SRC/build}" && pwd)
TMP=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$TMP"' EXIT
PREFIX=$TMP/prefix
step() { echo "install-test: $*"; }
fail() { echo "install-test: FAILED: $*" >&2; exit 1; }
same() { cmp -s "$1" "$2" || fail "$1 differs from $2"; }

step "cmake --install to $PREFIX and with DESTDIR"
cmake --install "$BUILD" --prefix "$PREFIX" >/dev/null
DESTDIR=$TMP/destdir cmake --install "$BUILD" >/dev/null
default_prefix=$(sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p' "$BUILD/CMakeCache.txt")
(cd "$PREFIX" && find . -type f | sort) > "$TMP/prefix.files"
(cd "$TMP/destdir$default_prefix" && find . -type f | sort) > "$TMP/destdir.files"
cmp -s "$TMP/prefix.files" "$TMP/destdir.files" || fail "DESTDIR installs other files than --prefix"
for f in bin/diagc libexec/diagc/diagc-full share/man/man1/diagc.1 share/bash-completion/completions/diagc \
         share/zsh/vendor-completions/_diagc share/fish/vendor_completions.d/diagc.fish \
         lib/cmake/diagc/diagcConfig.cmake lib/cmake/diagc/Diagc.cmake include/diagc/diagc.hpp \
         include/diagc/diagc.h lib/libdiagc.so.0 lib/libdiagc-raster.so.0 share/doc/diagc/LICENSE \
         share/doc/diagc/THIRD-PARTY.md; do
  [ -e "$PREFIX/$f" ] || fail "$f is not installed"
done

step "README workflows with the installed diagc, from another directory, through a symlink on PATH"
ORIGINAL_PATH=$PATH
mkdir -p "$TMP/bin" "$TMP/work/docs"
ln -s "$PREFIX/bin/diagc" "$TMP/bin/diagc"
export PATH="$TMP/bin:$PATH"
[ "$(command -v diagc)" = "$TMP/bin/diagc" ] || fail "diagc on PATH is not the installed one"
cd "$TMP/work"
cp "$SRC/examples/architecture.puml" docs/arch.puml
cp "$SRC/examples/ecommerce.dbml" docs/schema.dbml
cp "$SRC/examples/release-flow.mmd" docs/flow.mmd
cp "$SRC/examples/c4-container.puml" docs/c4.puml
BUILT=$BUILD/cli/diagc
diagc docs/arch.puml                                   # beside it, like PlantUML
"$BUILT" docs/arch.puml -o "$TMP/expected.svg"
same docs/arch.svg "$TMP/expected.svg"
for fmt in png pdf; do                                  # diagc-full from libexec/diagc/
  diagc docs/arch.puml -o "arch.$fmt"
  "$BUILT" docs/arch.puml -o "$TMP/expected.$fmt"
  same "arch.$fmt" "$TMP/expected.$fmt"
done
# Copied alone, diagc cannot run diagc-full: a clear I/O error (exit 3) naming where it looked.
mkdir -p "$TMP/alone" && cp "$PREFIX/bin/diagc" "$TMP/alone/diagc"
status=0; "$TMP/alone/diagc" docs/arch.puml -o alone.png 2> alone.txt || status=$?
[ "$status" = 3 ] && grep -q "$TMP/alone/diagc-full" alone.txt && grep -q "$TMP/libexec/diagc/diagc-full" alone.txt \
  || fail "diagc without diagc-full: exit $status, $(cat alone.txt)"
diagc -T svg -o - < docs/arch.puml > stdin.svg          # stdin to stdout
"$BUILT" -T svg -o - < docs/arch.puml > "$TMP/stdin.svg"
same stdin.svg "$TMP/stdin.svg"
diagc -T png -o - < docs/arch.puml > stdin.png
"$BUILT" -T png -o - < docs/arch.puml > "$TMP/stdin.png"
same stdin.png "$TMP/stdin.png"
# (Outputs go to files before grep: with pipefail, grep -q closing the pipe early would fail the writer.)
diagc -o - --lenient < docs/schema.dbml > dbml.svg && grep -q '<svg' dbml.svg || fail "DBML on stdin"
diagc -pipe < docs/arch.puml > pipe.svg && grep -q '<svg' pipe.svg || fail "-pipe"
diagc docs/flow.mmd && [ -s docs/flow.svg ] || fail "Mermaid"
diagc docs/c4.puml -o c4.svg && grep -q 'Container' c4.svg || fail "the bundled C4 stdlib"
mkdir -p site
diagc --lenient docs/ -o site/img                       # a whole tree
for f in arch schema flow c4; do [ -s "site/img/$f.svg" ] || fail "directory input: site/img/$f.svg"; done
printf '# Guide\n\n```plantuml\n@startuml\n[A] --> [B]\n@enduml\n```\n' > guide.md
diagc --markdown-rewrite guide.md && [ -s guide-1.svg ] && grep -q 'guide-1.svg' guide.rendered.md \
  || fail "Markdown"
diagc --lenient docs/
diagc --lenient --check docs/ || fail "--check of fresh images"
sed -i 's/^@enduml$/[Extra] --> [Box]\n@enduml/' docs/arch.puml
if diagc --lenient --check docs/ 2> check.txt; then fail "--check passed a stale image"; fi
grep -q 'arch.svg' check.txt || fail "--check did not name the stale image"
[ "$(diagc --list-outputs docs/arch.puml)" = "docs/arch.svg" ] || fail "--list-outputs"
encoded=$(diagc encode docs/flow.mmd)
[ "$(diagc decode "$encoded")" = "$(cat docs/flow.mmd)" ] || fail "encode/decode round trip"
[ "$(diagc --version)" = "$("$BUILT" --version)" ] || fail "--version"

step "pre-commit hook (README) in a scratch repository"
git init -q repo && cd repo
git config user.email t@example.invalid && git config user.name test
cat > .git/hooks/pre-commit <<'HOOK'
#!/bin/sh
staged() { git diff --cached --name-only -z --diff-filter=ACM -- '*.puml' '*.plantuml' '*.dbml' '*.mmd' '*.mermaid' '*.md'; }
staged | xargs -0 -r diagc || exit 1
staged | xargs -0 -r diagc --list-outputs | xargs -r -d '\n' git add --
HOOK
chmod +x .git/hooks/pre-commit
cp "$SRC/examples/architecture.puml" arch.puml && git add arch.puml && git commit -qm diagram
git ls-files | grep -qx arch.svg || fail "the hook did not commit arch.svg"
cd ..

step "serve and --watch, briefly"
http_get() {  # no proxy from the environment for loopback
  python3 -c 'import sys, urllib.request as u; sys.stdout.buffer.write(u.build_opener(u.ProxyHandler({})).open(sys.argv[1], timeout=30).read())' "$1"
}
wait_for_url() {  # FILE PATTERN: the URL the server printed
  for _ in $(seq 100); do
    url=$(grep -o "$2" "$1" | head -1 || true)
    [ -n "$url" ] && { echo "$url"; return; }
    sleep 0.1
  done
  fail "no address in $1: $(cat "$1")"
}
diagc serve --port 0 --workers 1 2> serve.log &
serve_pid=$!
url=$(wait_for_url serve.log 'http://127.0.0.1:[0-9]*/')
http_get "${url}svg/$(diagc encode docs/arch.puml)" > served.svg && grep -q '<svg' served.svg || fail "serve /svg/"
http_get "${url}mermaid/svg/$(diagc encode --kroki docs/flow.mmd)" > kroki.svg && grep -q '<svg' kroki.svg \
  || fail "serve /mermaid/svg/ (Kroki)"
http_get "${url}png/$(diagc encode docs/c4.puml)" > served.png && [ "$(head -c 4 served.png | tail -c 3)" = PNG ] \
  || fail "serve /png/"
kill "$serve_pid"; wait "$serve_pid" 2>/dev/null || true
diagc --watch docs/flow.mmd --port 0 2> watch.log &
watch_pid=$!
url=$(wait_for_url watch.log 'http://127.0.0.1:[0-9]*/')
http_get "$url" > preview.html && grep -qi '<html' preview.html || fail "--watch preview page"
kill "$watch_pid"; wait "$watch_pid" 2>/dev/null || true

step "man diagc and the completions, installed"
[ "$(MANPATH="$PREFIX/share/man" man -w diagc)" = "$PREFIX/share/man/man1/diagc.1" ] \
  || fail "man does not find diagc.1 in the prefix"
MANPATH="$PREFIX/share/man" MANWIDTH=100 man diagc > man.txt 2>/dev/null && grep -q -- '--output' man.txt || fail "man diagc"
mkdir -p "$TMP/docs"
cp "$PREFIX/share/man/man1/diagc.1" "$TMP/docs/diagc.1"
cp "$PREFIX/share/bash-completion/completions/diagc" "$TMP/docs/diagc.bash"
cp "$PREFIX/share/zsh/vendor-completions/_diagc" "$TMP/docs/_diagc"
cp "$PREFIX/share/fish/vendor_completions.d/diagc.fish" "$TMP/docs/diagc.fish"
python3 "$SRC/tests/install/test_cli_docs.py" "$TMP/bin/diagc" "$TMP/docs" 2> "$TMP/docs.log" \
  || { cat "$TMP/docs.log"; fail "man page or completions"; }

step "a project outside the tree: find_package(diagc), C++ API, C ABI, raster, diagc_add_diagrams"
# Without diagc on PATH: diagc_add_diagrams must use the package's own diagc.
PATH=$ORIGINAL_PATH cmake -S "$SRC/tests/install/consumer" -B "$TMP/consumer" -G Ninja -DCMAKE_PREFIX_PATH="$PREFIX" >/dev/null
PATH=$ORIGINAL_PATH cmake --build "$TMP/consumer" >/dev/null
grep -q "^DIAGC_EXECUTABLE:FILEPATH=$PREFIX/bin/diagc$" "$TMP/consumer/CMakeCache.txt" || fail "Diagc.cmake does not use the installed diagc"
C=$TMP/consumer
cp "$SRC/examples/architecture.puml" arch2.puml
diagc arch2.puml -o cli.svg
"$C/svg_only" arch2.puml api.svg > api.txt && same api.svg cli.svg
grep -q "arch2.svg" api.txt || fail "the API names the output arch2.svg"
"$C/c_abi" arch2.puml c.svg && same c.svg cli.svg
"$C/c_abi" arch2.puml c-neutral.svg theme=neutral
diagc arch2.puml --theme neutral -o cli-neutral.svg && same c-neutral.svg cli-neutral.svg
for fmt in png pdf; do
  "$C/with_raster" arch2.puml "$fmt" "api.$fmt" && diagc arch2.puml -o "cli.$fmt" && same "api.$fmt" "cli.$fmt"
done
ldd "$C/svg_only" > svg_only.ldd && ldd "$C/with_raster" > with_raster.ldd
if grep -Eq 'cairo|curl|microhttpd' svg_only.ldd; then fail "svg_only loads cairo or HTTP libraries"; fi
grep -q cairo with_raster.ldd || fail "with_raster does not load cairo (is the test meaningful?)"
if "$C/svg_only" "$SRC/tests/install/consumer/CMakeLists.txt" bad.svg 2> bad.txt; then fail "svg_only accepted CMake text"; fi
grep -Eq 'CMakeLists.txt:[0-9]+:[0-9]+: error' bad.txt || fail "the API's diagnostics have no file:line:col"
diagc "$SRC/tests/install/consumer/docs/arch.puml" -o cli-images.svg
same "$C/images/arch.svg" cli-images.svg

step "the Python ctypes example on the installed library"
python3 "$SRC/tests/install/test_embed.py" "$TMP/bin/diagc" "$PREFIX/lib" 2> "$TMP/embed.log" \
  || { cat "$TMP/embed.log"; fail "ctypes example"; }

step "the Debian package"
"$SRC/scripts/package.sh" "$BUILD" "$TMP/deb" >/dev/null
"$SRC/tests/install/test_deb.sh" "$TMP"/deb/diagc_*_amd64.deb "$BUILD"
step "all passed"
