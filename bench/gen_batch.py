#!/usr/bin/env python3
"""Writes N small diagrams (component, sequence and entity in turn, 5-40
elements each) into DIR as d0000.puml ... Deterministic; used by batch.sh
and check.sh.  usage: gen_batch.py N DIR"""
import os
import random
import sys


def diagram(rng, kind):
    k = rng.randrange(5, 40)
    lines = ["@startuml"]
    if kind == 0:
        lines += [f"component \"Service {j}\" as c{j}" for j in range(k)]
        lines += [f"c{rng.randrange(j)} --> c{j}" for j in range(1, k)]
    elif kind == 1:
        for j in range(k):
            a, b = rng.sample(range(6), 2)
            lines.append(f"P{a} -> P{b} : call {j}")
    else:
        for j in range(max(2, k // 5)):
            lines += [f"entity E{j} {{", "  * id : int", "  --", "  name : text", "}"]
        lines += [f"E{rng.randrange(j)} ||--o{{ E{j}" for j in range(1, max(2, k // 5))]
    return "\n".join(lines + ["@enduml"]) + "\n"


def main():
    n, root = int(sys.argv[1]), sys.argv[2]
    os.makedirs(root)
    rng = random.Random(7)
    for i in range(n):
        with open(os.path.join(root, f"d{i:04d}.puml"), "w") as f:
            f.write(diagram(rng, i % 3))


if __name__ == "__main__":
    main()
