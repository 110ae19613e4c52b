#!/usr/bin/env python3
"""The crash table and the containment of the layout engine, end to end (issue 11).

Every row of tests/cli/crashes/table.tsv is compiled; each must end with its
exit status (never a signal, never a hang) and a picture when it exits 0,
drawn by the safe plan exactly when the row says so. Then the containment
is shown on every path that runs several diagrams: a batch, a Markdown file
and a --watch session go on past a crashing layout and report it.

usage: test_crash_table.py PATH/TO/diagc
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

DIAGC = None
HERE = os.path.dirname(os.path.abspath(__file__))
CRASHES = os.path.join(HERE, "crashes")
# Generous: a contained runaway costs its CPU limit plus a retry, and the
# machine may be loaded. The point is "ends", not "ends fast".
TIMEOUT = 180

SEQUENCE = "@startuml\nAlice -> Bob : hi\n@enduml\n"


def rows():
    with open(os.path.join(CRASHES, "table.tsv")) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            name, fault, exit_code, simpler, before, cause = line.rstrip("\n").split("\t")
            yield name, fault, int(exit_code), simpler == "yes", cause


def run(args, fault=None, **kw):
    env = dict(os.environ)
    env.pop("DIAGC_TEST_LAYOUT_FAULT", None)
    if fault and fault != "-":
        env["DIAGC_TEST_LAYOUT_FAULT"] = fault
    return subprocess.run([DIAGC, *args], capture_output=True, env=env, timeout=TIMEOUT, **kw)


def diagnostics(stderr):
    """Every stderr line parsed as JSON: Graphviz never prints raw text."""
    out = []
    for line in stderr.decode().splitlines():
        out.append(json.loads(line))  # fails the test on any non-JSON line
    return out


class CrashTable(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="diagc_crash_")

    def tearDown(self):
        shutil.rmtree(self.dir)

    def test_every_row(self):
        names = set()
        for name, fault, exit_code, simpler, cause in rows():
            names.add(name)
            with self.subTest(input=name, fault=fault):
                out = os.path.join(self.dir, "out.svg")
                if os.path.exists(out):
                    os.remove(out)
                r = run(["--diagnostics-format", "json", os.path.join(CRASHES, name), "-o", out],
                        fault=fault)
                self.assertEqual(r.returncode, exit_code, r.stderr.decode())
                diags = diagnostics(r.stderr)
                codes = [d["code"] for d in diags]
                self.assertEqual("layout-simplified" in codes, simpler, codes)
                if exit_code == 0:
                    with open(out) as f:
                        svg = f.read()
                    self.assertTrue(svg.startswith("<svg"))
                    self.assertIn('class="node', svg)
                    self.assertIn('class="edge', svg)
                else:
                    self.assertFalse(os.path.exists(out))
                    self.assertIn("layout-graphviz", codes)
                if simpler:
                    # What the child printed before it died is in the diagnostic.
                    message = diags[codes.index("layout-simplified")]["message"]
                    self.assertIn("diagc test fault: " + fault, message)
        # Every input in the folder has a row.
        on_disk = {f for f in os.listdir(CRASHES) if f.endswith((".puml", ".dbml"))}
        self.assertEqual(on_disk, names)

    def test_inputs_that_crashed_are_drawn_without_warnings(self):
        for name, fault, exit_code, simpler, cause in rows():
            if fault != "-":
                continue
            with self.subTest(input=name):
                r = run([os.path.join(CRASHES, name), "-o", os.path.join(self.dir, "x.svg")])
                self.assertEqual(r.returncode, 0)
                self.assertEqual(r.stderr, b"")


class Containment(unittest.TestCase):
    """One crash in a batch, a Markdown file or a --watch session: the run
    goes on and the bad diagram is reported."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="diagc_contain_")

    def tearDown(self):
        shutil.rmtree(self.dir)

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def component(self):
        with open(os.path.join(CRASHES, "issue11-edges-to-a-package.puml")) as f:
            return f.read()

    def test_batch_goes_on_past_a_crash(self):
        a = self.write("a.puml", self.component())
        b = self.write("b.puml", SEQUENCE)
        c = self.write("c.dbml", "Table t {\n  id int [pk]\n}\nTable u {\n  t_id int [ref: > t.id]\n}\n")
        out = os.path.join(self.dir, "out")
        r = run(["--diagnostics-format", "json", "-j", "2", a, b, c, "-o", out], fault="segv")
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertEqual(sorted(os.listdir(out)), ["a.svg", "b.svg", "c.svg"])
        simplified = {os.path.basename(d["file"]) for d in diagnostics(r.stderr)
                      if d["code"] == "layout-simplified"}
        self.assertEqual(simplified, {"a.puml", "c.dbml"})  # the sequence uses no Graphviz

        # Both plans crash: those inputs fail, the others are still written.
        shutil.rmtree(out)
        r = run(["--diagnostics-format", "json", a, b, c, "-o", out], fault="always-segv")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(os.listdir(out), ["b.svg"])
        failed = {os.path.basename(d["file"]) for d in diagnostics(r.stderr)
                  if d["severity"] == "error"}
        self.assertEqual(failed, {"a.puml", "c.dbml"})

    def test_a_child_kept_across_layouts_draws_what_a_fresh_one_draws(self):
        # One layout child per thread serves a whole batch; Graphviz state left
        # by earlier layouts must not change a later picture by a byte.
        names = sorted(f for f in os.listdir(CRASHES) if f.endswith(".puml"))
        batch = os.path.join(self.dir, "batch")
        r = run(["-j", "1", *[os.path.join(CRASHES, n) for n in names], "-o", batch])
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        for n in names:
            single = os.path.join(self.dir, "single.svg")
            self.assertEqual(run([os.path.join(CRASHES, n), "-o", single]).returncode, 0)
            with open(single, "rb") as a, open(os.path.join(batch, n[:-5] + ".svg"), "rb") as b:
                self.assertEqual(a.read(), b.read(), n)

    def test_markdown_goes_on_past_a_crash(self):
        md = self.write("doc.md", "# Doc\n\n```plantuml\n" + self.component() +
                        "```\n\ntext\n\n```plantuml\n" + SEQUENCE + "```\n")
        r = run(["--diagnostics-format", "json", md], fault="abort")
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertTrue(os.path.exists(os.path.join(self.dir, "doc-1.svg")))
        self.assertTrue(os.path.exists(os.path.join(self.dir, "doc-2.svg")))
        lines = [d["line"] for d in diagnostics(r.stderr) if d["code"] == "layout-simplified"]
        self.assertEqual(len(lines), 1)

    def test_watch_session_goes_on_past_a_crash(self):
        src = self.write("w.puml", self.component())
        env = dict(os.environ, DIAGC_TEST_LAYOUT_FAULT="segv")
        proc = subprocess.Popen([DIAGC, "--watch", src, "--port", "0"], env=env,
                                stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
        try:
            port = None
            deadline = time.monotonic() + TIMEOUT
            while port is None and time.monotonic() < deadline:
                line = proc.stderr.readline().decode()
                m = re.search(r"preview at http://[^:]+:(\d+)/", line)
                if m:
                    port = int(m.group(1))
                self.assertTrue(line or proc.poll() is None, "diagc --watch ended")
            self.assertIsNotNone(port)

            def state(since):
                url = "http://127.0.0.1:%d/state?since=%d" % (port, since)
                with urllib.request.urlopen(url, timeout=TIMEOUT) as res:
                    return json.loads(res.read())

            first = state(0)
            while not first["svg"]:
                first = state(first["version"])
            self.assertIn("drawn with a simpler layout", first["errors"])
            # Edit the file: the session is still alive and recompiles it.
            time.sleep(1.1)  # a new mtime on coarse file systems
            self.write("w.puml", self.component().replace("[b]", "[b2]"))
            second = state(first["version"])
            self.assertGreater(second["version"], first["version"])
            self.assertIn("b2", second["svg"])
            self.assertIsNone(proc.poll())
        finally:
            proc.terminate()
            proc.wait(timeout=TIMEOUT)
            proc.stderr.close()


if __name__ == "__main__":
    DIAGC = os.path.abspath(sys.argv.pop(1))
    unittest.main()
