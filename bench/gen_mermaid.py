#!/usr/bin/env python3
"""Writes the three Mermaid benchmark diagrams (deterministic):
  gen_mermaid.py flowchart N OUT.mmd   N nodes in subgraphs of 6, about 1.3 links per node
  gen_mermaid.py sequence  M OUT.mmd   5 participants, M messages, with a loop and an alt
  gen_mermaid.py er        E OUT.mmd   E entities of 5 attributes, a chain plus cross links
"""
import sys

SHAPES = ['[{}]', '({})', '([{}])', '[[{}]]', '[({})]', '{{{}}}', '{{{{{}}}}}', '[/{}/]']


def flowchart(n):
    lines = ['flowchart TD']
    for s in range(0, n, 6):
        lines.append(f'  subgraph g{s // 6} [Stage {s // 6 + 1}]')
        for i in range(s, min(s + 6, n)):
            lines.append(f'    n{i}' + SHAPES[i % len(SHAPES)].format(f'Step {i} of the pipeline'))
        lines.append('  end')
    for i in range(1, n):
        lines.append(f'  n{(i - 1) // 2} --> n{i}')
        if i % 3 == 0:
            lines.append(f'  n{i} -.->|retry| n{i // 3}')
    return lines


def sequence(m):
    names = ['Client', 'Gateway', 'Orders', 'Payments', 'Database']
    lines = ['sequenceDiagram', '  autonumber'] + [f'  participant {p}' for p in names]
    for k in range(m):
        a, b = names[k % 4], names[k % 4 + 1]
        if k == m // 3:
            lines.append('  loop every retry')
        if k == 2 * m // 3:
            lines.append('  alt success')
        lines.append(f'  {a}->>{b}: request {k}' if k % 2 == 0 else f'  {b}-->>{a}: reply {k}')
        if k == m // 3 + 2:
            lines.append('  end')
    lines.append('  else failure\n    Gateway-->>Client: error\n  end')
    return lines


def er(e):
    lines = ['erDiagram']
    for i in range(e):
        lines += [f'  T{i} {{', f'    int id PK', f'    int parent_id FK', f'    string name',
                  f'    timestamp created_at', f'    text note "free text"', '  }']
    for i in range(1, e):
        lines.append(f'  T{i - 1} ||--o{{ T{i} : has')
        if i % 3 == 0:
            lines.append(f'  T{i} }}o..o| T{i // 3} : "refers to"')
    return lines


if __name__ == '__main__':
    kind, size, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(out, 'w') as f:
        f.write('\n'.join({'flowchart': flowchart, 'sequence': sequence, 'er': er}[kind](size)) + '\n')
