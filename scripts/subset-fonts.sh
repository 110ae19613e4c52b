#!/usr/bin/env bash
# Rebuilds the two fallback faces in render/fonts/ from Debian's packages
# (run by hand when they should change; the build only embeds the results):
#   DroidSansFallback-CJK.ttf  Droid Sans Fallback (fonts-droid-fallback, Apache-2.0):
#                              CJK ideographs (not Extension A), kana, Hangul, CJK punctuation;
#                              all it has that DejaVu Sans lacks
#   Symbola-Symbols.ttf        Symbola (fonts-symbola, free for any use): emoji and
#                              symbols (U+2000–2BFF, U+1F000–1FAFF) that neither has
# Hinting is dropped: text is drawn unhinted (render/cairo_renderer.cpp).
set -euo pipefail
cd "$(dirname "$0")/.."
DROID=/usr/share/fonts-droid-fallback/truetype/DroidSansFallback.ttf  # not …Full.ttf: this one has Hangul
SYMBOLA=/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf
for f in "$DROID" "$SYMBOLA"; do
  [ -f "$f" ] || { echo "missing $f: apt-get install fonts-droid-fallback fonts-symbola libharfbuzz-bin" >&2; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Code point lists (fc-query's charset: hex code points and ranges), as hb-subset takes them.
python3 - "$DROID" "$SYMBOLA" "$tmp" <<'PY'
import subprocess, sys
def charset(path):
    points = set()
    for item in subprocess.run(["fc-query", "--format=%{charset}", path], capture_output=True,
                               text=True, check=True).stdout.split():
        first, _, last = item.partition("-")
        points.update(range(int(first, 16), int(last or first, 16) + 1))
    return points
dejavu = charset("render/fonts/DejaVuSans.ttf")
cjk = charset(sys.argv[1]) - dejavu
symbols = {c for c in charset(sys.argv[2]) - dejavu - cjk
           if 0x2000 <= c <= 0x2BFF or 0x1F000 <= c <= 0x1FAFF}
for name, points in (("cjk", cjk), ("symbols", symbols)):
    with open(sys.argv[3] + "/" + name, "w") as f:
        f.write(",".join("%X" % c for c in sorted(points)))
    print(name, len(points), "code points")
PY
hb-subset --no-hinting --unicodes-file="$tmp/cjk" --output-file=render/fonts/DroidSansFallback-CJK.ttf "$DROID"
hb-subset --no-hinting --unicodes-file="$tmp/symbols" --output-file=render/fonts/Symbola-Symbols.ttf "$SYMBOLA"
ls -l render/fonts/DroidSansFallback-CJK.ttf render/fonts/Symbola-Symbols.ttf
