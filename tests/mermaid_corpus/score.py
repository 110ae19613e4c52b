#!/usr/bin/env python3
"""score.py - score diagc against the Mermaid conformance corpus.

    score.py DIAGC [--min-accept 95] [--min-structure 90] [-v]

For every <type>/<case>.mmd with <case>.expect.json (written by regenerate.mjs
from what Mermaid itself did with the file):

  flowchart, sequence, er   Mermaid accepted it -> diagc must exit 0 with an
                            SVG whose semantic groups match Mermaid's facts:
                              elements      set of <title>s of <g class="node ...">
                              links         number of <g class="edge ...">
                              clusters      set of <title>s of <g class="cluster ...">
                              participants  <title>s of <g class="participant ...">, in order
                              messages      number of <g class="message ...">
  other                     a type diagc does not draw -> exit 1 with one
                            "is not supported" error naming the type.

Cases Mermaid rejected are listed, not scored. Exits 1 when a score is
below its minimum (percent), so ctest can hold the line.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
DRAWN = ('flowchart', 'sequence', 'er')
FACTS = ('elements', 'links', 'clusters', 'participants', 'messages')


def cases():
    for folder in DRAWN + ('other',):
        root = os.path.join(HERE, folder)
        for name in sorted(os.listdir(root)) if os.path.isdir(root) else []:
            if name.endswith('.mmd'):
                with open(os.path.join(root, name[:-4] + '.expect.json'), encoding='utf-8') as f:
                    yield folder, name[:-4], os.path.join(root, name), json.load(f)


def structure(svg_path):
    found = {'elements': set(), 'links': 0, 'clusters': set(), 'participants': [], 'messages': 0}
    for g in ET.parse(svg_path).getroot().iter():
        if not g.tag.endswith('g'):
            continue
        classes = set((g.get('class') or '').split())
        title = next((c.text or '' for c in g if c.tag.endswith('title')), '')
        if 'node' in classes:
            found['elements'].add(title)
        if 'edge' in classes:
            found['links'] += 1
        if 'cluster' in classes:
            found['clusters'].add(title)
        if 'participant' in classes:
            found['participants'].append(title)
        if 'message' in classes:
            found['messages'] += 1
    return found


def run(diagc, path, tmp):
    out = os.path.join(tmp, 'out.svg')
    if os.path.exists(out):
        os.remove(out)
    proc = subprocess.run([diagc, path, '-o', out], capture_output=True, text=True, timeout=60)
    return proc.returncode, proc.stderr, out if os.path.exists(out) else None


def score_case(diagc, folder, path, facts, tmp):
    """(scored, accepted, structure_ok, detail)"""
    if facts.get('verdict') != 'accept':
        return False, None, None, 'Mermaid rejects it: ' + facts.get('error', '')
    code, err, svg = run(diagc, path, tmp)
    if folder == 'other':
        ok = code == 1 and 'is not supported' in err and svg is None
        return True, ok, None, err.strip().splitlines()[0] if err.strip() else f'exit {code}'
    if code != 0 or svg is None:
        return True, False, False, (err.strip().splitlines() or [f'exit {code}'])[0]
    found = structure(svg)
    bad = []
    for key in FACTS:
        want = facts.get(key)
        if want is None:
            continue
        have = found[key]
        if isinstance(have, set):
            want = set(want)
        if want != have:
            bad.append(f'{key}: want {sorted(want) if isinstance(want, set) else want}, '
                       f'got {sorted(have) if isinstance(have, set) else have}')
    return True, True, not bad, '; '.join(bad)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('diagc')
    ap.add_argument('--min-accept', type=float, default=0)
    ap.add_argument('--min-structure', type=float, default=0)
    ap.add_argument('-v', '--verbose', action='store_true')
    args = ap.parse_args()
    totals = {}
    with tempfile.TemporaryDirectory(prefix='mermaid-corpus-') as tmp:
        for folder, case, path, facts in cases():
            scored, accepted, shape_ok, detail = score_case(args.diagc, folder, path, facts, tmp)
            t = totals.setdefault(folder, {'n': 0, 'accepted': 0, 'structure': 0, 'judged': 0, 'skipped': 0})
            if not scored:
                t['skipped'] += 1
                if args.verbose:
                    print(f'skip {folder}/{case}: {detail}')
                continue
            t['n'] += 1
            t['accepted'] += bool(accepted)
            if shape_ok is not None:
                t['judged'] += 1
                t['structure'] += bool(shape_ok)
            if args.verbose and (not accepted or shape_ok is False):
                print(f'FAIL {folder}/{case}: {detail}')
    failed = False
    for folder, t in totals.items():
        acc = 100.0 * t['accepted'] / t['n'] if t['n'] else 100.0
        line = f'{folder:<10} n={t["n"]:<4} accepted {acc:5.1f}%'
        if folder != 'other':
            st = 100.0 * t['structure'] / t['judged'] if t['judged'] else 100.0
            line += f'  structure {st:5.1f}%'
            failed |= st < args.min_structure
        failed |= acc < args.min_accept
        print(line + (f'  (Mermaid rejects {t["skipped"]} more)' if t['skipped'] else ''))
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
