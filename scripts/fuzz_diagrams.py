#!/usr/bin/env python3
"""Structure-aware fuzzing of diagc with valid diagrams (issue 11).

  scripts/fuzz_diagrams.py run [--seconds N | --count N] [--start I] [--kinds component,er,...]
  scripts/fuzz_diagrams.py minimise FINDING [-o OUT]
  scripts/fuzz_diagrams.py show KIND INDEX            print generated input INDEX of KIND

`run` generates inputs with tests/fuzz/diagram_gen.py (input I of a kind is
the same on every machine), compiles them in batches with one diagc per
batch, and sorts what happens to each input:

  crash      diagc died of a signal or an internal error (exit 3): always a bug
  hang       diagc passed the batch time limit (its own layout limits failed)
  contained  Graphviz crashed, looped or failed and the safe plan drew it
             (exit 0, warning "layout-simplified"): fix at the cause
  rejected   a valid input got an error diagnostic (exit 1)
  unrouted   Graphviz lost an edge and it was drawn straight (counted only)

Each finding is saved under OUT/findings/ with diagc's stderr beside it.
Exit status: 1 when a crash or a hang was found (with --strict: any finding
but unrouted), else 0. `minimise` shrinks a finding to the fewest lines that
still give the same class (and, for rejected, the same diagnostic code).
.ci/run runs `run --seconds 60` on the sanitizer build (inputs from 0: the
same inputs each time, a regression gate); scripts/fuzz_diagrams_long.sh runs
for longer on new inputs and minimises what it finds.
"""
import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "fuzz"))
import diagram_gen  # noqa: E402

BATCH_SECONDS_BASE = 120      # a batch this much over its share is a hang
BATCH_SECONDS_PER_INPUT = 30  # two contained layouts of ~11 s each, at worst
SINGLE_SECONDS = 90
FAILING = {"crash", "hang"}


def classify(returncode, diagnostics, timed_out):
    """The finding class for one input, or None when it compiled cleanly."""
    if timed_out:
        return "hang"
    if returncode is None or returncode < 0 or returncode >= 3:
        return "crash"
    codes = [d.get("code", "") for d in diagnostics]
    if any(d.get("severity") == "error" for d in diagnostics):
        return "rejected"
    if "layout-simplified" in codes:
        return "contained"
    if any("could not route" in d.get("message", "") for d in diagnostics):
        return "unrouted"
    return None


def parse_diagnostics(stderr):
    """diagc's --diagnostics-format json lines, grouped by file."""
    by_file = collections.defaultdict(list)
    for line in stderr.decode("utf-8", "replace").splitlines():
        if line.startswith("{"):
            try:
                d = json.loads(line)
            except ValueError:
                continue
            by_file[d.get("file", "")].append(d)
    return by_file


def compile_paths(diagc, inputs, out_dir, timeout):
    """(returncode or None, stderr, timed_out) of one diagc over `inputs`."""
    cmd = [diagc, "--diagnostics-format", "json", "-j", "1", "-o", out_dir, *inputs]
    try:
        r = subprocess.run(cmd, capture_output=True, timeout=timeout)
        return r.returncode, r.stderr, False
    except subprocess.TimeoutExpired as e:
        return None, e.stderr or b"", True


def judge_one(diagc, path, work):
    out = os.path.join(work, "single-out")
    os.makedirs(out, exist_ok=True)
    rc, err, timed_out = compile_paths(diagc, [path], out, SINGLE_SECONDS)
    return classify(rc, parse_diagnostics(err).get(path, []), timed_out), err


def judge_batch(diagc, paths, work):
    """{path: (class or None, stderr text)} for a batch of inputs."""
    out = os.path.join(work, "out")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    timeout = BATCH_SECONDS_BASE + BATCH_SECONDS_PER_INPUT * len(paths)
    rc, err, timed_out = compile_paths(diagc, paths, out, timeout)
    if timed_out or rc is None or rc < 0 or rc >= 3:
        # Someone took the whole batch down: find out who, one by one.
        return {p: judge_one(diagc, p, work) for p in paths}
    by_file = parse_diagnostics(err)
    result = {}
    for p in paths:
        diags = by_file.get(p, [])
        text = "".join(json.dumps(d) + "\n" for d in diags).encode()
        result[p] = (classify(rc if diags else 0, diags, False), text)
    return result


def save_finding(out_dir, cls, name, text, stderr):
    os.makedirs(os.path.join(out_dir, "findings"), exist_ok=True)
    base = os.path.join(out_dir, "findings", "%s-%s" % (cls, name))
    with open(base, "w") as f:
        f.write(text)
    with open(base + ".stderr", "wb") as f:
        f.write(stderr)
    return base


def cmd_run(args):
    if args.nice:
        os.nice(args.nice)
    kinds = args.kinds.split(",")
    resume_file = os.path.join(args.out, "next-index")
    if args.start < 0:  # resume where the last run in OUT stopped
        with open(resume_file) if os.path.exists(resume_file) else open(os.devnull) as f:
            args.start = int(f.read().strip() or 0)
    deadline = time.monotonic() + args.seconds if args.seconds else None
    counts = collections.Counter()
    findings = collections.Counter()
    saved = []
    index = args.start
    work = tempfile.mkdtemp(prefix="diagc_fuzz_")
    started = time.monotonic()
    try:
        while True:
            if deadline and time.monotonic() > deadline:
                break
            if args.count and sum(counts.values()) >= args.count:
                break
            batch_dir = os.path.join(work, "in")
            shutil.rmtree(batch_dir, ignore_errors=True)
            os.makedirs(batch_dir)
            texts, paths = {}, []
            for _ in range(args.batch):
                kind = kinds[index % len(kinds)]
                text, ext = diagram_gen.generate(kind, index // len(kinds))
                name = "%s-%d%s" % (kind, index // len(kinds), ext)
                path = os.path.join(batch_dir, name)
                with open(path, "w") as f:
                    f.write(text)
                texts[path] = (kind, name, text)
                paths.append(path)
                counts[kind] += 1
                index += 1
            for path, (cls, stderr) in judge_batch(args.diagc, paths, work).items():
                if cls is None:
                    continue
                kind, name, text = texts[path]
                findings[cls] += 1
                if cls != "unrouted" or findings[cls] <= 20:
                    saved.append(save_finding(args.out, cls, name, text, stderr))
                if cls in FAILING or args.verbose:
                    print("fuzz: %s: %s" % (cls, saved[-1] if saved else name), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    total = sum(counts.values())
    elapsed = time.monotonic() - started
    os.makedirs(args.out, exist_ok=True)
    with open(resume_file, "w") as f:
        f.write("%d\n" % index)
    print("fuzz: %d inputs in %.0f s (%s), inputs %d..%d" %
          (total, elapsed, ", ".join("%s %d" % kv for kv in sorted(counts.items())),
           args.start, index - 1))
    print("fuzz: findings: %s" % (", ".join("%s %d" % kv for kv in sorted(findings.items())) or "none"))
    if saved:
        print("fuzz: saved under %s/findings/" % args.out)
    bad = FAILING if not args.strict else {"crash", "hang", "contained", "rejected"}
    return 1 if any(findings[c] for c in bad) else 0


def cmd_minimise(args):
    name = os.path.basename(args.finding)
    cls = name.split("-", 1)[0]
    with open(args.finding) as f:
        lines = f.read().split("\n")
    codes = None
    work = tempfile.mkdtemp(prefix="diagc_min_")
    ext = os.path.splitext(name)[1]
    path = os.path.join(work, "input" + ext)

    def verdict(candidate):
        with open(path, "w") as f:
            f.write("\n".join(candidate))
        got, err = judge_one(args.diagc, path, work)
        found = {d.get("code") for d in parse_diagnostics(err).get(path, [])}
        return got, found

    try:
        got, codes = verdict(lines)
        if got != cls:
            print("minimise: %s no longer gives %s (got %s)" % (args.finding, cls, got))
            return 1

        def same(candidate):
            # The same finding, and no new complaint (an unclosed block …).
            g, c = verdict(candidate)
            if cls == "rejected":
                return g == cls and c == codes
            return g == cls and not {x for x in c - codes if not x.startswith("layout-")}

        while True:
            before = len(lines)
            lines = unwrap_blocks(ddmin(lines, same), same)
            if len(lines) == before:
                break
        lines = simplify_lines(lines, same)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = "\n".join(lines)
    if not text.endswith("\n"):
        text += "\n"
    if args.output:
        with open(args.output, "w") as f:
            f.write(text)
    sys.stdout.write(text)
    return 0


def ddmin(lines, keeps):
    """Removes chunks of lines while `keeps` holds (the @start/@end lines stay)."""
    fixed = [i for i, l in enumerate(lines) if l.strip().lower().startswith(("@start", "@end"))]
    n = 2
    while True:
        body = [i for i in range(len(lines)) if i not in fixed]
        if len(body) == 0:
            return lines
        size = max(1, len(body) // n)
        reduced = False
        for start in range(0, len(body), size):
            drop = set(body[start:start + size])
            candidate = [l for i, l in enumerate(lines) if i not in drop]
            if keeps(candidate):
                lines = candidate
                fixed = [i for i, l in enumerate(lines)
                         if l.strip().lower().startswith(("@start", "@end"))]
                n = max(n - 1, 2)
                reduced = True
                break
        if not reduced:
            if size == 1:
                return lines
            n = min(n * 2, len(body))


def unwrap_blocks(lines, keeps):
    """Removes a `… {` line with its `}` (keeping the contents), or the whole
    block, where the finding stays: ddmin alone cannot, one line of a pair
    removed is a syntax error."""
    i = 0
    while i < len(lines):
        if lines[i].rstrip().endswith("{"):
            depth, j = 0, i
            for j in range(i, len(lines)):
                depth += lines[j].count("{") - lines[j].count("}")
                if depth == 0:
                    break
            if depth == 0 and j > i:
                unwrapped = lines[:i] + lines[i + 1:j] + lines[j + 1:]
                if keeps(unwrapped):
                    lines = unwrapped
                    continue
                without = lines[:i] + lines[j + 1:]
                if keeps(without):
                    lines = without
                    continue
        i += 1
    return lines


def simplify_lines(lines, keeps):
    """Drops labels and decorations line by line where the finding stays."""
    import re
    patterns = [r"\s*:\s[^:]*$", r"\s*<<[^>]*>>", r"\s*#\w+", r"\s*\[\[[^\]]*\]\]",
                r'"[^"]*"\s*(?=-|\.|=|<)', r'(?<=-|\.|>)\s*"[^"]*"']
    for i in range(len(lines)):
        for pat in patterns:
            shorter = re.sub(pat, "", lines[i], count=1)
            if shorter != lines[i]:
                candidate = lines[:i] + [shorter] + lines[i + 1:]
                if keeps(candidate):
                    lines = candidate
    return lines


def cmd_show(args):
    text, _ = diagram_gen.generate(args.kind, args.index)
    sys.stdout.write(text)
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--diagc", default=os.path.join(ROOT, "build", "cli", "diagc"))
    p.add_argument("--out", default=os.path.join(ROOT, "build-fuzz", "diagrams"))
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--seconds", type=float, default=0)
    r.add_argument("--count", type=int, default=0)
    r.add_argument("--start", type=int, default=0,
                   help="first input index; -1: where the last run in --out stopped")
    r.add_argument("--kinds", default=",".join(diagram_gen.GENERATORS))
    r.add_argument("--batch", type=int, default=40)
    r.add_argument("--nice", type=int, default=0)
    r.add_argument("--strict", action="store_true")
    r.add_argument("--verbose", action="store_true")
    m = sub.add_parser("minimise")
    m.add_argument("finding")
    m.add_argument("-o", "--output")
    s = sub.add_parser("show")
    s.add_argument("kind", choices=sorted(diagram_gen.GENERATORS))
    s.add_argument("index", type=int)
    args = p.parse_args()
    if args.cmd == "run" and not (args.seconds or args.count):
        p.error("run needs --seconds or --count")
    return {"run": cmd_run, "minimise": cmd_minimise, "show": cmd_show}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
