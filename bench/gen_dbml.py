#!/usr/bin/env python3
"""Generates a DBML schema of N tables (5-9 columns each, a ref from most
tables to an earlier one, a table group per 10 tables). Deterministic.
usage: gen_dbml.py N OUT.dbml"""
import random
import sys

TYPES = ["int", "varchar(255)", "timestamp", "boolean", "decimal(10,2)", "text", "uuid"]


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(n)
    lines = []
    for t in range(n):
        lines.append(f"Table t{t} {{")
        lines.append("  id int [pk, increment]")
        for c in range(rng.randrange(4, 8)):
            settings = " [not null]" if c % 3 == 0 else ""
            lines.append(f"  col_{c} {rng.choice(TYPES)}{settings}")
        if t > 0:
            lines.append(f"  parent_id int [ref: > t{rng.randrange(max(0, t - 12), t)}.id]")
        lines.append(f"  note: 'table number {t}'")
        lines.append("}")
    for g in range(0, n, 10):
        members = "\n".join(f"  t{t}" for t in range(g, min(n, g + 10)))
        lines.append(f"TableGroup g{g // 10} {{\n{members}\n}}")
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
