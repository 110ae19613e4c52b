#!/usr/bin/env python3
"""peak_rss.py CMD...: runs CMD and prints the peak of the summed resident
memory of it and all its descendants (sampled every 10 ms from /proc), in
MiB. mermaid-cli works in a Chromium process tree, so one process's max RSS
(what `time -v` reports) would undercount it."""
import os
import subprocess
import sys
import time


def tree_rss_kib(root):
    children, rss = {}, {}
    for pid in os.listdir('/proc'):
        if not pid.isdigit():
            continue
        try:
            with open(f'/proc/{pid}/stat') as f:
                fields = f.read().rsplit(')', 1)[1].split()
            with open(f'/proc/{pid}/statm') as f:
                rss[int(pid)] = int(f.read().split()[1]) * os.sysconf('SC_PAGE_SIZE') // 1024
            children.setdefault(int(fields[1]), []).append(int(pid))
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total


proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
peak = 0
while proc.poll() is None:
    peak = max(peak, tree_rss_kib(proc.pid))
    time.sleep(0.01)
print(f'{peak / 1024:.1f} MiB peak (process tree)  exit {proc.returncode}  {" ".join(sys.argv[1:])}')
