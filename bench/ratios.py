#!/usr/bin/env python3
"""Prints median times and diagc's ratio to every other command, from
hyperfine --export-json files."""
import json
import sys

for path in sys.argv[1:]:
    with open(path) as f:
        results = {r["command"]: r for r in json.load(f)["results"]}
    ours = results["diagc"]["median"]
    print(f"-- {path.rsplit('/', 1)[-1]}: diagc median {ours * 1000:.1f} ms")
    for name, r in results.items():
        if name != "diagc":
            print(f"   {name:9s} median {r['median'] * 1000:8.1f} ms   diagc/{name} = {ours / r['median']:.3f}"
                  f"   ({r['median'] / ours:.1f}x faster)")
