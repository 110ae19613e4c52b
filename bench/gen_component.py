#!/usr/bin/env python3
"""Generates a component diagram of N nodes in clusters of 10 (about 1.25 N
edges) as PlantUML and as the equivalent Graphviz .dot, for side-by-side
benchmarks. Deterministic: the same N gives the same files.

usage: gen_component.py N OUT_STEM   ->  OUT_STEM.puml, OUT_STEM.dot
"""
import random
import sys

KINDS = ["Billing", "Search", "Catalog", "Orders", "Users", "Audit", "Payments", "Ledger"]


def main():
    n, stem = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(n)
    names = [f"{KINDS[i % len(KINDS)]} Worker {i}" for i in range(n)]
    edges = []
    for i in range(1, n):
        edges.append((rng.randrange(max(0, i - 15), i), i))
    for _ in range(n // 4):
        a, b = sorted(rng.sample(range(n), 2))
        edges.append((a, b))

    puml = ["@startuml"]
    dot = ["digraph G {", '  node [shape=box, fontname="DejaVu Sans", fontsize=12];',
           '  graph [fontname="DejaVu Sans", fontsize=12];']
    for c in range(0, n, 10):
        puml.append(f'package "Cluster {c // 10}" {{')
        dot.append(f'  subgraph cluster_{c // 10} {{ label="Cluster {c // 10}";')
        for i in range(c, min(n, c + 10)):
            kind = "database" if i % 7 == 3 else "component"
            puml.append(f'  {kind} "{names[i]}" as n{i}')
            shape = "cylinder" if kind == "database" else "box"
            dot.append(f'    n{i} [label="{names[i]}", shape={shape}];')
        puml.append("}")
        dot.append("  }")
    for a, b in edges:
        puml.append(f"n{a} --> n{b}")
        dot.append(f"  n{a} -> n{b};")
    puml.append("@enduml")
    dot.append("}")
    with open(stem + ".puml", "w") as f:
        f.write("\n".join(puml) + "\n")
    with open(stem + ".dot", "w") as f:
        f.write("\n".join(dot) + "\n")


if __name__ == "__main__":
    main()
