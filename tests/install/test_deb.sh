#!/usr/bin/env bash
# The .deb (scripts/package.sh) in a scratch root, as `apt-get install ./diagc_….deb`
# would use it on a clean machine, without touching this one:
#   1. apt-get --simulate installs it here: its Depends: resolve;
#   2. dpkg --root into a scratch directory installs it; its file list is what
#      cmake --install installs;
#   3. the brief's examples rendered by the installed diagc (SVG, PNG, PDF) are
#      byte-identical to the build's;
#   4. dpkg --purge removes it leaving no file or directory behind.
# usage: tests/install/test_deb.sh DEB BUILD_DIR
set -euo pipefail
DEB=$(realpath "$1")
BUILD=$(cd "$2" && pwd)
SRC=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "test_deb: FAILED: $*" >&2; exit 1; }

depends=$(dpkg-deb -f "$DEB" Depends)
echo "test_deb: $(basename "$DEB"): Depends: $depends"
for lib in libgvc6 libcairo2 libharfbuzz0b libcurl4 libmicrohttpd12 libc6 libstdc++6; do
  grep -q "$lib" <<<"$depends" || fail "Depends: lacks $lib"
done
apt-get install --simulate -q "$DEB" > "$TMP/apt.txt" 2>&1 || { cat "$TMP/apt.txt"; fail "apt-get cannot install it"; }

ROOT=$TMP/root
mkdir -p "$ROOT/var/lib/dpkg/info" "$ROOT/var/lib/dpkg/updates"
touch "$ROOT/var/lib/dpkg/status" "$ROOT/var/lib/dpkg/available"
# The dependencies are this machine's packages, not the scratch root's: --force-depends.
# The maintainer scripts only run ldconfig (for libdiagc); the scratch root has no
# shell to chroot into, so they run here (--force-script-chrootless), where ldconfig is harmless.
DPKG=(dpkg --root="$ROOT" --force-depends --force-not-root --force-script-chrootless)
"${DPKG[@]}" -i "$DEB" > "$TMP/dpkg.txt" 2>&1 \
  || { cat "$TMP/dpkg.txt"; fail "dpkg -i"; }

(cd "$ROOT" && find usr -type f | sort) > "$TMP/deb.files"
DESTDIR=$TMP/cmake cmake --install "$BUILD" --prefix /usr >/dev/null
(cd "$TMP/cmake" && find usr -type f | sort) > "$TMP/cmake.files"
diff "$TMP/cmake.files" "$TMP/deb.files" || fail "the package holds other files than cmake --install"

cd "$TMP"
for fmt in svg png pdf; do
  "$ROOT/usr/bin/diagc" "$SRC/examples/architecture.puml" -o "deb.$fmt"
  "$BUILD/cli/diagc" "$SRC/examples/architecture.puml" -o "build.$fmt"
  cmp -s "deb.$fmt" "build.$fmt" || fail "the installed diagc draws architecture.$fmt differently"
  "$ROOT/usr/bin/diagc" -q --lenient "$SRC/examples/seed.dbml" -o "seed.$fmt" && [ -s "seed.$fmt" ] || fail "seed.dbml ($fmt)"
done
echo "test_deb: installed in a scratch root; the brief's examples are byte-identical to the build's"

"${DPKG[@]}" --purge diagc > "$TMP/purge.txt" 2>&1 \
  || { cat "$TMP/purge.txt"; fail "dpkg --purge"; }
left=$(cd "$ROOT" && find . -mindepth 1 -not -path './var' -not -path './var/lib' -not -path './var/lib/dpkg*')
[ -z "$left" ] || fail "left behind after --purge: $left"
echo "test_deb: removed; nothing left behind"
