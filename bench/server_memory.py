#!/usr/bin/env python3
"""Does `diagc serve` level off? Renders distinct diagrams without pause and
samples the server process's resident memory (workers excluded: they are
capped and recycled on their own).

    bench/server_memory.py build/cli/diagc [SECONDS] [CACHE_MB]

Prints one line per sample: seconds, RSS MiB, cache MiB (from /metrics),
renders so far. Loopback only; ends by itself.
"""
import concurrent.futures
import http.client
import re
import subprocess
import sys
import time

DIAGC = sys.argv[1]
SECONDS = float(sys.argv[2]) if len(sys.argv) > 2 else 120
CACHE_MB = sys.argv[3] if len(sys.argv) > 3 else '64'
SAMPLE_EVERY = 10


def diagram(n):
    """About 60 KB of SVG, different for every n."""
    lines = ['@startuml']
    lines += [f'component "Service {n}-{i} handles requests of kind {i}" as c{i}' for i in range(40)]
    lines += [f'c{i} --> c{i + 1} : call {n}.{i}' for i in range(39)]
    return '\n'.join(lines + ['@enduml']) + '\n'


def post(port, body):
    conn = http.client.HTTPConnection('127.0.0.1', port, timeout=60)
    try:
        conn.request('POST', '/svg', body=body)
        return conn.getresponse().read()
    finally:
        conn.close()


def rss_mib(pid):
    with open(f'/proc/{pid}/status') as f:
        return int(re.search(r'VmRSS:\s+(\d+) kB', f.read()).group(1)) / 1024


def cache_mib(port):
    conn = http.client.HTTPConnection('127.0.0.1', port, timeout=10)
    conn.request('GET', '/metrics')
    text = conn.getresponse().read().decode()
    conn.close()
    return float(re.search(r'^diagc_cache_bytes (\S+)$', text, re.M).group(1)) / 2**20


def main():
    server = subprocess.Popen([DIAGC, 'serve', '--port', '0', '--workers', '2', '--cache-mb', CACHE_MB],
                              stderr=subprocess.PIPE, text=True)
    port = int(re.search(r':(\d+)/', server.stderr.readline()).group(1))
    try:
        started = time.monotonic()
        renders, next_sample, n = 0, 0.0, 0
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            while time.monotonic() - started < SECONDS:
                batch = [pool.submit(post, port, diagram(n + k)) for k in range(8)]
                n += 8
                for f in batch:
                    f.result()
                renders += len(batch)
                elapsed = time.monotonic() - started
                if elapsed >= next_sample:
                    print(f'{elapsed:6.0f} s  RSS {rss_mib(server.pid):6.1f} MiB  cache {cache_mib(port):5.1f} MiB  '
                          f'{renders} renders', flush=True)
                    next_sample += SAMPLE_EVERY
    finally:
        server.terminate()
        server.wait(30)


if __name__ == '__main__':
    main()
