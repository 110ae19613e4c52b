#!/usr/bin/env python3
"""End-to-end tests of the diagc command line: exit codes, output naming,
atomic writes, --check, stdin/stdout, formats, batches, depfiles, Markdown.

usage: test_cli.py PATH/TO/diagc
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

DIAGC = None

GOOD = """@startuml
package "Frontend" {
  [Web App] as WebApp
}
database "User DB" as UserDB
WebApp --> UserDB : reads
@enduml
"""

BAD = """@startuml
[A] --> [B]
Gateway -> -> UserSvc
@enduml
"""

TWO_BLOCKS = """@startuml
[A] --> [B]
@enduml
text between blocks is ignored
@startuml
[C] --> [D]
@enduml
@startuml named
[E] --> [F]
@enduml
"""

DBML = """Table users {
  id int [pk]
}
Table posts {
  id int [pk]
  user_id int [ref: > users.id]
}
"""

MERMAID = """graph TD; A[Requirements Gathering] --> B[Architecture Design] --> C{Ready?}
  C -->|yes| D([Ship])
"""


def run(*args, stdin=None, cwd=None):
    return subprocess.run([DIAGC, *args], input=stdin, capture_output=True, cwd=cwd, timeout=60)


class CliTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="diagc_cli_")

    def tearDown(self):
        shutil.rmtree(self.dir)

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        return path

    def read(self, name):
        with open(os.path.join(self.dir, name), "rb") as f:
            return f.read()

    def test_svg_written_beside_the_input(self):
        src = self.write("docs/arch.puml", GOOD)
        r = run(src)
        self.assertEqual(r.returncode, 0, r.stderr)
        svg = self.read("docs/arch.svg").decode()
        self.assertTrue(svg.startswith("<svg") or svg.startswith("<?xml"))
        self.assertIn('class="node component"', svg)
        self.assertIn("<title>Frontend.WebApp</title>", svg)
        self.assertIn('class="cluster package"', svg)

    def test_errors_exit_1_with_file_line_column_and_caret(self):
        src = self.write("bad.puml", BAD)
        r = run(src)
        self.assertEqual(r.returncode, 1)
        err = r.stderr.decode()
        self.assertRegex(err, re.escape(src) + r":3:\d+: error: ")
        self.assertIn("  3 | Gateway -> -> UserSvc", err)
        self.assertIn("^", err)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "bad.svg")))

    def test_json_diagnostics(self):
        src = self.write("bad.puml", BAD)
        r = run("--diagnostics-format", "json", src)
        self.assertEqual(r.returncode, 1)
        first = json.loads(r.stderr.decode().splitlines()[0])
        self.assertEqual(first["file"], src)
        self.assertEqual(first["line"], 3)
        self.assertEqual(first["severity"], "error")
        for key in ("column", "end_line", "end_column", "code", "message"):
            self.assertIn(key, first)

    def test_usage_and_io_exit_codes(self):
        self.assertEqual(run().returncode, 2)
        self.assertEqual(run("--no-such-option", "x.puml").returncode, 2)
        self.assertEqual(run("-T", "gif", self.write("a.puml", GOOD)).returncode, 2)
        self.assertEqual(run(os.path.join(self.dir, "missing.puml")).returncode, 3)

    def test_failed_compile_keeps_previous_output(self):
        src = self.write("a.puml", GOOD)
        self.assertEqual(run(src).returncode, 0)
        before = self.read("a.svg")
        self.write("a.puml", BAD)
        self.assertEqual(run(src).returncode, 1)
        self.assertEqual(self.read("a.svg"), before)
        leftovers = [f for f in os.listdir(self.dir) if f.startswith(".")]
        self.assertEqual(leftovers, [])

    def test_check_reports_missing_and_stale_outputs(self):
        src = self.write("a.puml", GOOD)
        r = run("--check", src)
        self.assertEqual(r.returncode, 1)
        self.assertIn("a.svg", r.stderr.decode())
        self.assertFalse(os.path.exists(os.path.join(self.dir, "a.svg")))
        self.assertEqual(run(src).returncode, 0)
        self.assertEqual(run("--check", src).returncode, 0)
        self.write("a.puml", GOOD.replace("reads", "writes"))
        r = run("--check", src)
        self.assertEqual(r.returncode, 1)
        self.assertIn("stale", r.stderr.decode())

    def test_stdin_to_stdout(self):
        r = run("-T", "svg", "-o", "-", "-", stdin=GOOD.encode())
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(b"<svg", r.stdout)
        r2 = run("-pipe", stdin=GOOD.encode())
        self.assertEqual(r2.stdout, r.stdout)

    def test_formats_by_extension_and_flag(self):
        src = self.write("a.puml", GOOD)
        self.assertEqual(run(src, "-o", os.path.join(self.dir, "a.png")).returncode, 0)
        self.assertTrue(self.read("a.png").startswith(b"\x89PNG\r\n\x1a\n"))
        self.assertEqual(run(src, "-o", os.path.join(self.dir, "a.pdf")).returncode, 0)
        self.assertTrue(self.read("a.pdf").startswith(b"%PDF-"))
        self.assertEqual(run("-tpng", src).returncode, 0)
        self.assertTrue(self.read("a.png").startswith(b"\x89PNG"))

    def test_several_blocks_are_named_as_plantuml_names_them(self):
        src = self.write("multi.puml", TWO_BLOCKS)
        r = run(src)
        self.assertEqual(r.returncode, 0, r.stderr)
        names = sorted(f for f in os.listdir(self.dir) if f.endswith(".svg"))
        self.assertEqual(names, ["multi.svg", "multi_001.svg", "named.svg"])

    def test_output_is_deterministic(self):
        src = self.write("a.puml", GOOD)
        outputs = {run("-o", "-", src).stdout for _ in range(5)}
        self.assertEqual(len(outputs), 1)

    def test_directory_batch_mirrors_the_tree_under_o_dir_and_writes_a_depfile(self):
        self.write("src/a.puml", GOOD)
        self.write("src/sub/b.dbml", DBML)
        self.write("src/sub/ignored.txt", "x")
        out = os.path.join(self.dir, "out")
        dep = os.path.join(self.dir, "deps.d")
        r = run(os.path.join(self.dir, "src"), "-o", out, "--depfile", dep)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(os.path.exists(os.path.join(out, "a.svg")))
        self.assertTrue(os.path.exists(os.path.join(out, "sub", "b.svg")))
        with open(dep) as f:
            deps = f.read()
        self.assertIn(os.path.join(out, "sub", "b.svg") + ": " + os.path.join(self.dir, "src", "sub", "b.dbml"), deps)

    def test_failfast2_writes_nothing_when_any_input_fails(self):
        good = self.write("good.puml", GOOD)
        bad = self.write("bad.puml", BAD)
        r = run("-failfast2", good, bad)
        self.assertEqual(r.returncode, 1)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "good.svg")))
        r = run(good, bad)
        self.assertEqual(r.returncode, 1)
        self.assertTrue(os.path.exists(os.path.join(self.dir, "good.svg")))

    def test_checkonly_writes_nothing(self):
        good = self.write("good.puml", GOOD)
        self.assertEqual(run("-checkonly", good).returncode, 0)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "good.svg")))

    def test_markdown_blocks_become_images(self):
        md = self.write("doc.md", "# Doc\n\n```plantuml\n" + GOOD + "```\n\ntext\n\n```dbml\n" + DBML + "```\n")
        r = run(md, "--markdown-rewrite")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(b"<svg", self.read("doc-1.svg"))
        self.assertIn(b"<svg", self.read("doc-2.svg"))
        rendered = self.read("doc.rendered.md").decode()
        self.assertIn("![diagram](doc-1.svg)", rendered)
        self.assertNotIn("@startuml", rendered)

    def test_markdown_errors_point_at_markdown_lines(self):
        md = self.write("doc.md", "# Doc\n\n```plantuml\n" + BAD + "```\n")
        r = run(md)
        self.assertEqual(r.returncode, 1)
        # BAD's third line is line 6 of the Markdown file.
        self.assertRegex(r.stderr.decode(), re.escape(md) + r":6:\d+: error: ")

    def test_encode_decode_round_trip(self):
        enc = run("encode", "-", stdin=GOOD.encode())
        self.assertEqual(enc.returncode, 0)
        dec = run("decode", enc.stdout.decode().strip())
        self.assertEqual(dec.stdout.decode(), GOOD)
        kroki = run("encode", "--kroki", "-", stdin=GOOD.encode()).stdout.decode().strip()
        self.assertEqual(run("decode", "--kroki", kroki).stdout.decode(), GOOD)
        self.assertEqual(run("decode", "not*valid").returncode, 1)


    # --- --check's cheap path: outputs carry a fingerprint of what they were made from.

    def traced(self, *args):
        env = dict(os.environ, DIAGC_TRACE_COMPILES="1")
        r = subprocess.run([DIAGC, *args], capture_output=True, timeout=60, env=env)
        compiled = re.findall(r"^compile: (.*)$", r.stderr.decode(), re.M)
        return r, compiled

    def test_check_on_an_up_to_date_tree_compiles_nothing(self):
        srcs = [self.write(f"t/d{i}.puml", GOOD.replace("reads", f"reads {i}")) for i in range(20)]
        self.write("t/two.puml", TWO_BLOCKS)
        self.write("t/db.dbml", DBML)
        tree = os.path.join(self.dir, "t")
        self.assertEqual(run(tree).returncode, 0)
        r, compiled = self.traced("--check", tree)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(compiled, [])
        # Changing one input recompiles that one only, and reports it stale.
        self.write("t/d3.puml", GOOD.replace("reads", "writes"))
        r, compiled = self.traced("--check", tree)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(compiled, [srcs[3]])
        self.assertIn("d3.svg: stale or missing", r.stderr.decode())

    def test_check_finds_a_hand_edited_svg_stale(self):
        src = self.write("a.puml", GOOD)
        self.assertEqual(run(src).returncode, 0)
        svg = self.read("a.svg")
        self.assertRegex(svg.split(b"\n")[1], rb"^<!-- diagc source=[0-9a-f]{16} output=[0-9a-f]{16} -->$")
        with open(os.path.join(self.dir, "a.svg"), "wb") as f:
            f.write(svg.replace(b"User DB", b"User Db"))
        r, compiled = self.traced("--check", src)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(compiled, [src])
        self.assertIn("a.svg: stale or missing", r.stderr.decode())

    def test_check_with_another_option_is_stale(self):
        src = self.write("a.puml", GOOD)
        self.assertEqual(run(src).returncode, 0)
        self.assertEqual(run("--check", src).returncode, 0)
        for option in (["--theme", "dark"], ["--id-prefix", "x-"], ["--direction", "LR"]):
            r = run("--check", *option, src)
            self.assertEqual(r.returncode, 1, option)
            self.assertIn("a.svg: stale or missing", r.stderr.decode())

    def test_check_reports_a_missing_output_among_several(self):
        src = self.write("two.puml", TWO_BLOCKS)
        self.assertEqual(run(src).returncode, 0)
        os.remove(os.path.join(self.dir, "two_001.svg"))
        r, compiled = self.traced("--check", src)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(compiled, [src])
        err = r.stderr.decode()
        self.assertIn("two_001.svg: stale or missing", err)
        self.assertNotIn("named.svg", err)

    def test_check_png_and_pdf_up_to_date_without_compiling(self):
        src = self.write("a.puml", GOOD)
        for fmt in ("png", "pdf"):
            self.assertEqual(run("-T", fmt, src).returncode, 0)
            r, compiled = self.traced("--check", "-T", fmt, src)
            self.assertEqual((r.returncode, compiled), (0, []), r.stderr)
            path = os.path.join(self.dir, "a." + fmt)
            data = bytearray(self.read("a." + fmt))
            data[len(data) // 2] ^= 1
            with open(path, "wb") as f:
                f.write(data)
            r, compiled = self.traced("--check", "-T", fmt, src)
            self.assertEqual((r.returncode, compiled), (1, [src]), fmt)

    def test_check_markdown_blocks_without_compiling(self):
        md = self.write("doc.md", "# T\n\n```plantuml\n" + GOOD + "```\n\n```dbml\n" + DBML + "```\n")
        self.assertEqual(run("--markdown-rewrite", md).returncode, 0)
        r, compiled = self.traced("--check", "--markdown-rewrite", md)
        self.assertEqual((r.returncode, compiled), (0, []), r.stderr)
        os.remove(os.path.join(self.dir, "doc.rendered.md"))
        r, compiled = self.traced("--check", "--markdown-rewrite", md)
        self.assertEqual((r.returncode, compiled), (1, []))
        self.assertIn("doc.rendered.md: stale or missing", r.stderr.decode())

    def test_stdout_carries_the_same_fingerprint_as_a_file(self):
        src = self.write("a.puml", GOOD)
        self.assertEqual(run(src).returncode, 0)
        self.assertEqual(run("-o", "-", "-", stdin=GOOD.encode()).stdout, self.read("a.svg"))

    def test_mermaid_files_by_extension_stdin_and_language(self):
        for name in ("flow.mmd", "flow.mermaid"):
            src = self.write(name, MERMAID)
            r = run(src)
            self.assertEqual(r.returncode, 0, r.stderr)
            svg = self.read(name.rsplit(".", 1)[0] + ".svg").decode()
            self.assertRegex(svg, r'<g class="node diamond" id="C">\s*<title>C</title>')
        # stdin: recognised by its first line, or named with --language.
        r = run("-o", "-", "-", stdin=MERMAID.encode())
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(b'<g class="node stadium"', r.stdout)
        r = run("--language", "mermaid", "-o", "-", "-", stdin=b"erDiagram\nA ||--o{ B : has\n")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(b'<g class="node table"', r.stdout)
        r = run("--language", "d2", "-", stdin=b"a -> b")
        self.assertEqual(r.returncode, 2)
        self.assertIn(b'unknown language "d2", expected puml, dbml or mermaid', r.stderr)

    def test_mermaid_errors_and_unsupported_types(self):
        bad = self.write("bad.mmd", "sequenceDiagram\n  Alice->>Bob hi\n")
        r = run(bad)
        self.assertEqual(r.returncode, 1)
        self.assertIn(bad + ':2:17: error: unexpected end of line, expected ":" and the message text after "Bob hi"',
                      r.stderr.decode())
        self.assertFalse(os.path.exists(os.path.join(self.dir, "bad.svg")))
        gantt = self.write("plan.mmd", "gantt\n  title Plan\n")
        r = run(gantt, "--diagnostics-format", "json")
        self.assertEqual(r.returncode, 1)
        d = json.loads(r.stderr.decode().splitlines()[0])
        self.assertEqual((d["line"], d["column"], d["code"]), (1, 1, "mermaid-unsupported-diagram"))
        self.assertIn('"gantt" is not supported', d["message"])

    def test_mermaid_theme_applies_unless_the_command_line_names_one(self):
        src = self.write("dark.mmd", "---\nconfig:\n  theme: dark\n---\ngraph LR\n  A --> B\n")
        dark = run("-o", "-", src).stdout.decode()
        light = run("--theme", "default", "-o", "-", src).stdout.decode()
        background = re.compile(r"\.dg-background\{fill:(#[0-9a-f]{6})\}")
        self.assertEqual(background.search(dark).group(1), background.search(run(
            "--theme", "dark", "-o", "-", src).stdout.decode()).group(1))
        self.assertEqual(background.search(light).group(1), "#ffffff")
        self.assertNotEqual(background.search(dark).group(1), "#ffffff")

    def test_mermaid_in_markdown_and_directories(self):
        md = self.write("doc.md", "# Doc\n\n```mermaid\n" + MERMAID + "```\n\n```mermaid\nsequenceDiagram\n  A->>B oops\n```\n")
        r = run(md)
        self.assertEqual(r.returncode, 1)
        # The second block's message line is line 10 of the Markdown file.
        self.assertIn(md + ":10:13: error: ", r.stderr.decode())
        self.assertIn(b"<svg", self.read("doc-1.svg"))
        self.write("tree/a.mmd", MERMAID)
        self.write("tree/sub/b.mermaid", "erDiagram\n  A\n")
        r = run(os.path.join(self.dir, "tree"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(b"<svg", self.read("tree/a.svg"))
        self.assertIn(b"<svg", self.read("tree/sub/b.svg"))
        r = run("--check", os.path.join(self.dir, "tree"))
        self.assertEqual(r.returncode, 0, r.stderr)


if __name__ == "__main__":
    DIAGC = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=1)
