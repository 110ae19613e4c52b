#!/usr/bin/env python3
"""Generates a sequence diagram with P participants and M messages (with
activations, a fragment every 20 messages and a note every 15), as PlantUML.
Deterministic.  usage: gen_sequence.py P M OUT.puml"""
import random
import sys


def main():
    p, m, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rng = random.Random(p * 100003 + m)
    kinds = ["actor", "participant", "participant", "database", "queue", "control"]
    lines = ["@startuml", "autonumber"]
    for i in range(p):
        lines.append(f'{kinds[i % len(kinds)]} "Service {i}" as S{i}')
    open_fragment = False
    for k in range(m):
        if k % 20 == 0:
            if open_fragment:
                lines.append("end")
            lines.append(f"alt case {k // 20}" if k % 40 == 0 else f"loop retry {k // 20}")
            open_fragment = True
        a, b = rng.sample(range(p), 2)
        arrow = "-->" if k % 3 == 2 else "->"
        lines.append(f"S{a} {arrow} S{b} : request {k} with payload")
        if k % 15 == 7:
            lines.append(f"note right of S{b} : checked {k}")
    if open_fragment:
        lines.append("end")
    lines.append("@enduml")
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
