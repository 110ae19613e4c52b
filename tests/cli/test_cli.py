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
import urllib.request

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


def read_readme():
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "README.md")) as f:
        return f.read()


def run(*args, stdin=None, cwd=None, env=None):
    # No stdin given: an empty one, never the test runner's own.
    return subprocess.run([DIAGC, *args], input=stdin if stdin is not None else b"", capture_output=True,
                          cwd=cwd, timeout=60, env=env)


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

    def test_json_diagnostics_carry_expansion_and_include_notes(self):
        # The failing call is in an included file: one note for the macro, one for the !include.
        self.write("lib.iuml", "!procedure $box($size)\n!assert $size > 0 : \"need a positive size\"\n"
                                     "rectangle box\n!endprocedure\n$box(0)\n")
        self.write("macro.puml", "@startuml\nrectangle a\n!include lib.iuml\n@enduml\n")
        lib, src = "lib.iuml", "macro.puml"  # names as given, relative to the working folder
        r = run("--diagnostics-format", "json", src, cwd=self.dir)
        self.assertEqual(r.returncode, 1)
        lines = r.stderr.decode().splitlines()
        self.assertEqual(len(lines), 1)
        d = json.loads(lines[0])
        self.assertEqual((d["file"], d["line"], d["column"], d["severity"]), (lib, 5, 1, "error"))
        self.assertIn("need a positive size", d["message"])
        self.assertEqual([(n["file"], n["line"], n["column"], n["severity"], n["message"]) for n in d["notes"]],
                         [(lib, 2, 1, "note", "in expansion of $box(...)"),
                          (src, 3, 1, "note", "included from here")])
        for note in d["notes"]:
            self.assertEqual(set(note), {"file", "line", "column", "end_line", "end_column", "severity", "message"})
        # The text form prints the same notes; a diagnostic without notes has no "notes" key.
        self.assertEqual(run(src, cwd=self.dir).stderr.decode().count(": note: "), 2)
        bad = json.loads(run("--diagnostics-format", "json", self.write("bad.puml", BAD)).stderr.decode().splitlines()[0])
        self.assertNotIn("notes", bad)

    def test_watch_recompiles_when_an_included_file_changes(self):
        lib = self.write("parts.iuml", "!procedure $part($name)\nrectangle \"$name\"\n!endprocedure\n")
        src = self.write("live.puml", "@startuml\n!include parts.iuml\n$part(\"Alpha\")\n@enduml\n")
        watch = subprocess.Popen([DIAGC, "--watch", src, "--port", "0"], stdin=subprocess.DEVNULL,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            url = None
            while url is None:
                line = watch.stderr.readline().decode()
                self.assertTrue(line, "diagc --watch ended before printing its preview URL")
                m = re.search(r"preview at (http://127\.0\.0\.1:\d+/)", line)
                url = m.group(1) if m else None

            def state_after(version, want):
                # /state waits up to 10 s for a newer version; a few rounds bound the test.
                for _ in range(6):
                    with urllib.request.urlopen(f"{url}state?since={version}", timeout=30) as r:
                        state = json.loads(r.read())
                    version = state["version"]
                    if want in state["svg"]:
                        return state
                self.fail(f"the preview never showed {want!r}")

            first = state_after(0, ">Alpha<")
            # The macro in the included file changes; the input does not.
            with open(lib, "w") as f:
                f.write("!procedure $part($name)\nrectangle \"$name (edited)\"\n!endprocedure\n")
            state_after(first["version"], ">Alpha (edited)<")
            with open(os.path.join(self.dir, "live.svg")) as f:
                self.assertIn(">Alpha (edited)<", f.read())  # the output on disk too
        finally:
            watch.terminate()
            watch.wait(timeout=30)
            watch.stderr.close()

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
        self.assertIn("a.svg: source changed", r.stderr.decode())

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
        self.assertIn("d3.svg: source changed", r.stderr.decode())

    def test_check_finds_a_hand_edited_svg_stale(self):
        src = self.write("a.puml", GOOD)
        self.assertEqual(run(src).returncode, 0)
        svg = self.read("a.svg")
        self.assertRegex(svg.split(b"\n")[1],
                         rb"^<!-- diagc [0-9.]+\+[0-9a-z-]+ text=[0-9a-f]{16} options=[0-9a-f]{16} output=[0-9a-f]{16} -->$")
        with open(os.path.join(self.dir, "a.svg"), "wb") as f:
            f.write(svg.replace(b"User DB", b"User Db"))
        r, compiled = self.traced("--check", src)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(compiled, [src])
        self.assertIn("a.svg: edited by hand", r.stderr.decode())

    def test_check_with_another_option_is_stale(self):
        src = self.write("a.puml", GOOD)
        self.assertEqual(run(src).returncode, 0)
        self.assertEqual(run("--check", src).returncode, 0)
        for option in (["--theme", "dark"], ["--id-prefix", "x-"], ["--direction", "LR"]):
            r = run("--check", *option, src)
            self.assertEqual(r.returncode, 1, option)
            self.assertIn("a.svg: options changed", r.stderr.decode())

    def test_check_reports_a_missing_output_among_several(self):
        src = self.write("two.puml", TWO_BLOCKS)
        self.assertEqual(run(src).returncode, 0)
        os.remove(os.path.join(self.dir, "two_001.svg"))
        r, compiled = self.traced("--check", src)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(compiled, [src])
        err = r.stderr.decode()
        self.assertIn("two_001.svg: missing", err)
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
        self.assertIn("doc.rendered.md: missing", r.stderr.decode())

    def test_stdout_carries_the_same_fingerprint_as_a_file(self):
        src = self.write("a.puml", GOOD)
        self.assertEqual(run(src).returncode, 0)
        self.assertEqual(run("-o", "-", "-", stdin=GOOD.encode()).stdout, self.read("a.svg"))


    # --- Commands as the README writes them (issue 10).

    def test_stdin_without_dash_is_read_when_it_is_a_pipe(self):
        r = run("-T", "svg", "-o", "-", stdin=GOOD.encode())
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, run("-o", "-", "-", stdin=GOOD.encode()).stdout)
        png = run("-T", "png", "-o", "-", stdin=GOOD.encode())  # PNG is made by diagc-full, stdin intact
        self.assertEqual(png.returncode, 0, png.stderr)
        self.assertEqual(png.stdout, run("-T", "png", "-o", "-", "-", stdin=GOOD.encode()).stdout)
        self.assertTrue(png.stdout.startswith(b"\x89PNG"))
        r = run(stdin=b"")  # nothing on the pipe: still "no input"
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"diagc: error: no input files", r.stderr)

    def test_language_flag_and_dbml_detected_from_content(self):
        piped = run("-o", "-", stdin=DBML.encode())
        self.assertEqual(piped.returncode, 0, piped.stderr)
        self.assertIn(b'class="node table"', piped.stdout)
        forced = run("--language", "dbml", "-o", "-", stdin=DBML.encode())
        self.assertEqual(forced.stdout, piped.stdout)
        # A .txt file read as DBML only when asked.
        txt = self.write("schema.txt", DBML)
        self.assertEqual(run("--language", "dbml", txt, "-o", os.path.join(self.dir, "s.svg")).returncode, 0)
        self.assertIn(b'class="node table"', self.read("s.svg"))
        # PlantUML text that mentions a "Table" is not mistaken for DBML.
        puml = run("-o", "-", stdin=b"Table -> Chair : hello\n")
        self.assertEqual(puml.returncode, 0, puml.stderr)
        self.assertIn(b'class="participant', puml.stdout)
        bad = run("--language", "cobol", "-o", "-", stdin=DBML.encode())
        self.assertEqual(bad.returncode, 2)
        self.assertIn(b"expected one of: puml, plantuml, dbml", bad.stderr)

    def test_version_names_the_commit_and_goes_into_the_fingerprint(self):
        for flag in ("--version", "-version"):
            r = run(flag)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertRegex(r.stdout.decode(), r"^diagc \d+\.\d+\.\d+ \(commit [0-9a-z-]+\)\n$")
        build = re.search(r"diagc (\S+) \(commit (\S+)\)", run("--version").stdout.decode())
        svg = run("-o", "-", stdin=GOOD.encode()).stdout.decode()
        self.assertIn("<!-- diagc %s+%s text=" % build.groups(), svg)

    def test_help_lists_commands_and_exit_codes(self):
        r = run("--help")
        self.assertEqual(r.returncode, 0)
        out = r.stdout.decode()
        for word in ("diagc serve", "diagc encode", "diagc decode", "Exit codes", "--language", "--list-outputs"):
            self.assertIn(word, out)

    def test_cli11_errors_have_the_diagc_prefix(self):
        r = run("--no-such-option", "x.puml")
        self.assertEqual(r.returncode, 2)
        self.assertTrue(r.stderr.startswith(b"diagc: error: "), r.stderr)
        for args in (["--scale"], ["decode"], ["encode", "--bad"]):
            r = run(*args)
            self.assertEqual(r.returncode, 2, args)
            self.assertTrue(r.stderr.startswith(b"diagc: error: "), (args, r.stderr))

    def test_plantuml_flags_are_accepted(self):
        src = self.write("a.puml", GOOD)
        for flags in (["-nometadata"], ["-quiet"], ["-verbose"], ["-nbthread", "2"], ["-nbthread", "auto"]):
            r = run(*flags, src)
            self.assertEqual(r.returncode, 0, (flags, r.stderr))
        self.assertIn(b"diagc: unchanged " + os.path.join(self.dir, "a.svg").encode(), run("-verbose", src).stderr)
        os.remove(os.path.join(self.dir, "a.svg"))
        self.assertIn(b"diagc: wrote " + os.path.join(self.dir, "a.svg").encode(), run("-verbose", src).stderr)

    def test_quiet_hides_warnings_but_not_errors(self):
        warn = self.write("w.dbml", "Table a {\n  id int\n  b int [ref: > nowhere.id]\n}\n")
        loud = run("--lenient", warn, "-o", "-")
        self.assertIn(b"warning", loud.stderr)
        quiet = run("-quiet", "--lenient", warn, "-o", "-")
        self.assertEqual(quiet.returncode, 0)
        self.assertEqual(quiet.stderr, b"")
        self.assertIn(b"error", run("-quiet", self.write("bad.puml", BAD)).stderr)

    def test_theme_flag_with_one_dash(self):
        src = self.write("a.puml", GOOD)
        dark = run("-theme", "dark", src, "-o", "-")
        self.assertEqual(dark.returncode, 0, dark.stderr)
        self.assertEqual(dark.stdout, run("--theme", "dark", src, "-o", "-").stdout)
        self.assertNotEqual(dark.stdout, run(src, "-o", "-").stdout)
        # PlantUML's own themes, as scripts pass them: ignored with a warning, like `!theme`.
        plantuml_theme = run("-theme", "cerulean", src, "-o", "-")
        self.assertEqual(plantuml_theme.returncode, 0, plantuml_theme.stderr)
        self.assertIn(b"warning: -theme cerulean is not one of diagc's themes", plantuml_theme.stderr)
        self.assertEqual(plantuml_theme.stdout, run(src, "-o", "-").stdout)
        self.assertEqual(run("-quiet", "-theme", "cerulean", src, "-o", "-").stderr, b"")
        r = run("--theme", "nosuch", src)
        self.assertEqual(r.returncode, 2)
        self.assertIn(b'unknown theme "nosuch"', r.stderr)

    def test_skinparam_and_config_flags(self):
        src = self.write("a.puml", GOOD)
        plain = run(src, "-o", "-").stdout
        glued = run("-SbackgroundColor=#FFEECC", src, "-o", "-")
        self.assertEqual(glued.returncode, 0, glued.stderr)
        self.assertNotEqual(glued.stdout, plain)
        self.assertIn(b"#FFEECC".lower(), glued.stdout.lower())
        config = self.write("skin.cfg", "' house style\nskinparam backgroundColor #FFEECC\n")
        from_config = run("-config", config, src, "-o", "-")
        self.assertEqual(from_config.returncode, 0, from_config.stderr)
        # Same picture; the fingerprint records what was prepended, in the same words.
        strip = lambda svg: re.sub(rb"<!-- diagc .* -->\n", b"", svg)
        self.assertEqual(strip(from_config.stdout), strip(glued.stdout))
        bad_config = self.write("bad.cfg", "skinparam shadowing false\n[A] --> [B]\n")
        r = run("-config", bad_config, src)
        self.assertEqual(r.returncode, 2)
        self.assertIn(bad_config.encode() + b":2:1: error: a -config file may hold only", r.stderr)
        self.assertEqual(run("-S", "novalue", src).returncode, 2)

    def test_define_and_include_flags_reach_the_preprocessor(self):
        src = self.write("a.puml", GOOD)
        options = lambda *flags: re.search(rb"options=(\w+)", run(*flags, src, "-o", "-").stdout).group(1)
        plain = options()
        for flags in (["-DSHOW=1"], ["-D", "SHOW=1"], ["-Iinc"], ["-I", "inc"]):
            self.assertNotEqual(options(*flags), plain, flags)  # recorded in what the output was made from
        self.assertEqual(options("-DSHOW=1"), options("-D", "SHOW=1"))
        self.assertNotEqual(options("-DSHOW=1"), options("-DSHOW=2"))
        self.assertEqual(options("-Iinc"), options("-I", "inc"))
        r = run("-D", "=x", src)
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"-D expects NAME=VALUE", r.stderr)

    # --- -o: a name with an extension is a file; a device is written directly.

    def test_output_with_an_extension_is_a_file_and_format_must_agree(self):
        md = self.write("doc.md", "# Doc\n\n```plantuml\n" + GOOD + "```\n")
        out = os.path.join(self.dir, "out", "site.md")
        os.makedirs(os.path.dirname(out))
        r = run(md, "-o", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(os.path.isfile(out))
        with open(out) as f:
            self.assertIn("![diagram](site-1.svg)", f.read())
        self.assertTrue(os.path.isfile(os.path.join(self.dir, "out", "site-1.svg")))
        src = self.write("a.puml", GOOD)
        r = run(src, "-o", os.path.join(self.dir, "x.svg"), "-T", "png")
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"-T asks for png", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "x.svg")))
        r = run(src, self.write("b.puml", GOOD), "-o", os.path.join(self.dir, "both.svg"))
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"names one file", r.stderr)
        newdir = os.path.join(self.dir, "imgs")
        self.assertEqual(run(src, "-o", newdir).returncode, 0)
        self.assertTrue(os.path.isfile(os.path.join(newdir, "a.svg")))

    def test_output_to_devices_and_write_errors(self):
        src = self.write("a.puml", GOOD)
        r = run(src, "-o", "/dev/null")
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(os.path.join(self.dir, "captured.svg"), "wb") as f:
            r = subprocess.run([DIAGC, src, "-o", "/dev/stdout"], stdout=f, stderr=subprocess.PIPE, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.read("captured.svg"), run(src, "-o", "-").stdout)
        # A symlinked output stays a symlink; what it points to is replaced.
        os.symlink("real.svg", os.path.join(self.dir, "link.svg"))
        self.assertEqual(run(src, "-o", os.path.join(self.dir, "link.svg")).returncode, 0)
        self.assertTrue(os.path.islink(os.path.join(self.dir, "link.svg")))
        self.assertIn(b"<svg", self.read("real.svg"))
        self.assertTrue(os.path.islink("/dev/stdout"))
        if os.path.exists("/dev/full"):
            with open("/dev/full", "wb") as full:
                r = subprocess.run([DIAGC, src, "-o", "-"], stdout=full, stderr=subprocess.PIPE, timeout=60)
            self.assertEqual(r.returncode, 3)
            self.assertIn(b"cannot write to standard output", r.stderr)
            r = run(src, "-o", "/dev/full")
            self.assertEqual(r.returncode, 3)

    # --- Files with several diagrams.

    def test_list_outputs(self):
        multi = self.write("docs/multi.puml", TWO_BLOCKS)
        db = self.write("docs/db.dbml", DBML)
        md = self.write("docs/page.md", "```plantuml\n" + GOOD + "```\n")
        r = run("--list-outputs", multi, db, md)
        self.assertEqual(r.returncode, 0, r.stderr)
        d = os.path.join(self.dir, "docs")
        self.assertEqual(r.stdout.decode().splitlines(),
                         [os.path.join(d, n) for n in ("multi.svg", "multi_001.svg", "named.svg", "db.svg", "page-1.svg")])
        self.assertEqual(os.listdir(d), ["multi.puml", "db.dbml", "page.md"] if False else os.listdir(d))
        self.assertFalse(any(n.endswith(".svg") for n in os.listdir(d)))
        r = run("--list-outputs", "-T", "png", "-o", os.path.join(self.dir, "out"), multi)
        self.assertEqual(r.stdout.decode().splitlines()[0], os.path.join(self.dir, "out", "multi.png"))
        # A file with errors still lists what it would be named.
        bad = self.write("docs/bad.puml", BAD)
        r = run("--list-outputs", bad)
        self.assertEqual((r.returncode, r.stdout.decode()), (0, os.path.join(d, "bad.svg") + "\n"))
        r = run("--list-outputs", "--markdown-rewrite", md)
        self.assertEqual(r.stdout.decode().splitlines()[-1], os.path.join(d, "page.rendered.md"))

    # --- Markdown in folders.

    def test_directories_include_markdown_with_diagrams(self):
        self.write("docs/guide.md", "# Guide\n\n```plantuml\n" + GOOD + "```\n")
        self.write("docs/plain.md", "# No diagrams here\n\n```python\nprint(1)\n```\n")
        docs = os.path.join(self.dir, "docs")
        r = run(docs, "--markdown-rewrite")
        self.assertEqual(r.returncode, 0, r.stderr)
        names = sorted(os.listdir(docs))
        self.assertEqual(names, ["guide-1.svg", "guide.md", "guide.rendered.md", "plain.md"])
        # Its own .rendered.md is not read back as an input, and --check sees the tree up to date.
        r = run("--check", "--markdown-rewrite", docs)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(sorted(os.listdir(docs)), names)
        self.write("docs/guide.md", "# Guide\n\n```plantuml\n" + GOOD.replace("reads", "writes") + "```\n")
        r = run("--check", docs)
        self.assertEqual(r.returncode, 1)
        self.assertIn(b"guide-1.svg: source changed", r.stderr)

    # --- --check says why.

    def test_check_reasons_in_text_and_json(self):
        src = self.write("a.puml", GOOD)
        two = self.write("two.puml", TWO_BLOCKS)
        self.assertEqual(run(src).returncode, 0)
        self.assertEqual(run(two).returncode, 0)
        os.remove(os.path.join(self.dir, "named.svg"))
        with open(os.path.join(self.dir, "two_001.svg"), "ab") as f:
            f.write(b"<!-- edited -->\n")
        r = run("--check", "--diagnostics-format", "json", src, two, "--theme", "neutral")
        self.assertEqual(r.returncode, 1)
        # Every line diagc prints is a JSON object (in the ASan build, LeakSanitizer's
        # suppression summary follows them).
        reports = [json.loads(line) for line in r.stderr.decode().splitlines() if line.startswith("{")]
        self.assertEqual(len(reports), 4, r.stderr)
        by_file = {os.path.basename(rep["file"]): rep["code"] for rep in reports}
        self.assertEqual(by_file, {"a.svg": "options-changed", "two.svg": "options-changed",
                                   "two_001.svg": "edited-by-hand", "named.svg": "missing"})
        for rep in reports:
            self.assertEqual(rep["severity"], "error")
            self.assertTrue(rep["message"])

    def test_check_accepts_a_picture_drawn_by_another_build(self):
        src = self.write("a.puml", GOOD)
        self.assertEqual(run(src).returncode, 0)
        svg = self.read("a.svg").decode()
        build = re.search(r"<!-- diagc (\S+) ", svg).group(1)
        # Same picture from another commit: up to date (compiled once to see it).
        other = svg.replace(build, "0.0.1+0123456789ab")
        with open(os.path.join(self.dir, "a.svg"), "w") as f:
            f.write(other)
        r, compiled = self.traced("--check", src)
        self.assertEqual((r.returncode, compiled), (0, [src]), r.stderr)
        # A different picture from another build says so.
        other = other.replace("User DB", "User Db")
        stamp = re.search(r"output=([0-9a-f]{16})", other).group(1)
        with open(os.path.join(self.dir, "a.svg"), "w") as f:
            f.write(other)
        r = run("--check", src)
        self.assertEqual(r.returncode, 1)
        self.assertIn(b"edited by hand", r.stderr)

    def test_writing_the_same_picture_keeps_the_file_of_another_build(self):
        src = self.write("a.puml", GOOD)
        self.assertEqual(run(src).returncode, 0)
        svg = self.read("a.svg").decode()
        build = re.search(r"<!-- diagc (\S+) ", svg).group(1)
        other = svg.replace(build, "0.0.1+0123456789ab")
        with open(os.path.join(self.dir, "a.svg"), "w") as f:
            f.write(other)
        # A newer diagc draws the same picture: the file is not touched (no churn in git) …
        self.assertEqual(run(src).returncode, 0)
        self.assertEqual(self.read("a.svg").decode(), other)
        # … but a changed source is written, even when only a comment changed.
        self.write("a.puml", GOOD.replace("@startuml\n", "@startuml\n' a comment\n", 1))
        self.assertEqual(run(src).returncode, 0)
        self.assertIn(build, self.read("a.svg").decode())

    # --- .diagc.toml: project options found upward from each input.

    def test_project_config_applies_per_glob_to_every_command(self):
        self.write("proj/.git/HEAD", "ref: refs/heads/main\n")  # the project's root
        self.write("proj/.diagc.toml", 'theme = "neutral"\noutput = "img"\n\n'
                   '[[files]]\nglob = "docs/legacy/*.dbml"\nlenient = true\n\n'
                   '[[variants]]\nglob = "arch.puml"\nsuffix = "-dark"\ntheme = "dark"\n')
        arch = self.write("proj/docs/arch.puml", GOOD)
        self.write("proj/docs/legacy/old.dbml", "Table a {\n  b int [ref: > missing.id]\n}\n")
        proj = os.path.join(self.dir, "proj")
        r = run(os.path.join(proj, "docs"))
        self.assertEqual(r.returncode, 0, r.stderr)  # lenient for legacy/ only
        img = os.path.join(proj, "img", "docs")
        self.assertEqual(sorted(os.listdir(img)), ["arch-dark.svg", "arch.svg", "legacy"])
        self.assertEqual(self.read("proj/img/docs/arch.svg"), run("--theme", "neutral", arch, "-o", "-").stdout)
        self.assertEqual(self.read("proj/img/docs/arch-dark.svg"), run("--theme", "dark", arch, "-o", "-").stdout)
        # --check, --list-outputs and a run from another folder all see the same.
        self.assertEqual(run("--check", "docs", cwd=proj).returncode, 0)
        listed = run("--list-outputs", arch).stdout.decode().splitlines()
        self.assertEqual(listed, [os.path.join(img, "arch.svg"), os.path.join(img, "arch-dark.svg")])
        # The command line wins over the file.
        r = run("--check", "--theme", "classic", arch)
        self.assertEqual(r.returncode, 1)
        self.assertIn(b"options changed", r.stderr)
        # Without the file, legacy/old.dbml is an error again.
        os.remove(os.path.join(proj, ".diagc.toml"))
        self.assertEqual(run(os.path.join(proj, "docs", "legacy", "old.dbml")).returncode, 1)

    def test_project_config_errors_name_the_file_line_and_column(self):
        src = self.write("p/a.puml", GOOD)
        self.write("p/.git/HEAD", "x")
        cases = {
            'thme = "dark"\n': ':1:1: unknown key "thme"',
            'theme = "nosuch"\n': 'unknown theme "nosuch"',
            '[[files]]\nlenient = true\n': ':1:1: a [[files]] table needs "glob"',
            'lenient = "yes"\n': ':1:1: "lenient" has the wrong type',
            'theme = \n': ':1:',
            'output = "../elsewhere"\n': ':1:10: "output" must be a folder below',
            'output = "/tmp"\n': '"output" must be a folder below',
        }
        for text, expected in cases.items():
            self.write("p/.diagc.toml", text)
            r = run(src)
            self.assertEqual(r.returncode, 2, text)
            self.assertIn(os.path.join(self.dir, "p", ".diagc.toml"), r.stderr.decode())
            self.assertIn(expected, r.stderr.decode(), text)

    def test_the_projects_own_examples_pass_check(self):
        examples = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples")
        r = run("--check", examples)
        self.assertEqual(r.returncode, 0, r.stderr)

    # --- Build tools: CMake module, Make rule, pre-commit hook, each in a real project.

    def build_tool(self, *args, cwd):
        r = subprocess.run(list(args), capture_output=True, cwd=cwd, timeout=120)
        self.assertEqual(r.returncode, 0, (args, r.stdout.decode()[-2000:], r.stderr.decode()[-2000:]))
        return r.stdout.decode()

    @unittest.skipUnless(shutil.which("cmake") and shutil.which("ninja"), "needs cmake and ninja")
    def test_cmake_module_with_several_outputs_same_stems_and_markdown(self):
        module = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "cmake", "Diagc.cmake")
        self.write("p/a/flows.puml", TWO_BLOCKS)
        self.write("p/b/flows.puml", GOOD)
        self.write("p/design.md", "# Design\n\n```plantuml\n" + GOOD + "```\n")
        self.write("p/CMakeLists.txt", f"""cmake_minimum_required(VERSION 3.20)
project(docs NONE)
include({module})
diagc_add_diagrams(images ALL DIAGC {DIAGC}
                   SOURCES a/flows.puml b/flows.puml design.md OUTPUT_DIR ${{CMAKE_BINARY_DIR}}/img)
""")
        proj, build = os.path.join(self.dir, "p"), os.path.join(self.dir, "p", "build")
        self.build_tool("cmake", "-S", proj, "-B", build, "-G", "Ninja", cwd=proj)
        self.build_tool("cmake", "--build", build, cwd=proj)
        img = os.path.join(build, "img")
        made = sorted(os.path.relpath(os.path.join(d, f), img) for d, _, fs in os.walk(img) for f in fs)
        self.assertEqual(made, ["a/flows.svg", "a/flows_001.svg", "a/named.svg", "b/flows.svg", "design-1.svg"])
        # The second build has nothing to do (it used to fail on the depfile).
        self.assertIn("no work to do", self.build_tool("cmake", "--build", build, cwd=proj))
        # A deleted secondary output is made again.
        os.remove(os.path.join(img, "a", "flows_001.svg"))
        self.build_tool("cmake", "--build", build, cwd=proj)
        self.assertTrue(os.path.exists(os.path.join(img, "a", "flows_001.svg")))
        # A new block in a source: configure runs again and the new output is declared and made.
        self.write("p/b/flows.puml", GOOD + "@startuml extra\n[X] --> [Y]\n@enduml\n")
        self.build_tool("cmake", "--build", build, cwd=proj)
        self.assertTrue(os.path.exists(os.path.join(img, "b", "extra.svg")))
        self.assertIn("no work to do", self.build_tool("cmake", "--build", build, cwd=proj))

    @unittest.skipUnless(shutil.which("make"), "needs GNU make")
    def test_make_rule_from_the_readme_rebuilds_a_deleted_secondary_output(self):
        readme = read_readme()
        makefile = re.search(r"```make\n(.*?)```", readme, re.S).group(1)
        self.write("m/Makefile", makefile.replace("diagc ", DIAGC + " "))
        self.write("m/docs/flows.puml", TWO_BLOCKS)
        self.write("m/docs/one.puml", GOOD)
        proj = os.path.join(self.dir, "m")
        self.build_tool("make", cwd=proj)
        docs = os.path.join(proj, "docs")
        outputs = ["flows.svg", "flows_001.svg", "named.svg", "one.svg"]
        self.assertTrue(all(os.path.exists(os.path.join(docs, o)) for o in outputs), os.listdir(docs))
        self.assertIn("Nothing to be done", self.build_tool("make", cwd=proj))
        os.remove(os.path.join(docs, "flows_001.svg"))
        self.build_tool("make", cwd=proj)
        self.assertTrue(os.path.exists(os.path.join(docs, "flows_001.svg")))

    @unittest.skipUnless(shutil.which("git"), "needs git")
    def test_pre_commit_hook_from_the_readme_stages_every_output(self):
        readme = read_readme()
        hook = re.search(r"```sh\n(#!/bin/sh\n# \.git/hooks/pre-commit.*?)```", readme, re.S).group(1)
        repo = os.path.join(self.dir, "repo")
        os.makedirs(repo)
        git = lambda *a: self.build_tool("git", "-c", "user.name=t", "-c", "user.email=t@t", *a, cwd=repo)
        git("init", "-q")
        bindir = os.path.join(self.dir, "bin")
        os.makedirs(bindir)
        os.symlink(DIAGC, os.path.join(bindir, "diagc"))
        env = dict(os.environ, PATH=bindir + os.pathsep + os.environ["PATH"])
        with open(os.path.join(repo, ".git", "hooks", "pre-commit"), "w") as f:
            f.write(hook)
        os.chmod(os.path.join(repo, ".git", "hooks", "pre-commit"), 0o755)
        self.write("repo/docs/flows.puml", TWO_BLOCKS)
        self.write("repo/docs/schema.dbml", DBML)
        self.write("repo/docs/guide.md", "```plantuml\n" + GOOD + "```\n")
        self.write("repo/docs/flow.mmd", MERMAID)
        git("add", "docs")
        r = subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "diagrams"],
                           capture_output=True, cwd=repo, env=env, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        committed = sorted(self.build_tool("git", "ls-files", cwd=repo).split())
        self.assertEqual(committed, ["docs/flow.mmd", "docs/flow.svg", "docs/flows.puml", "docs/flows.svg", "docs/flows_001.svg", "docs/guide-1.svg",
                                     "docs/guide.md", "docs/named.svg", "docs/schema.dbml", "docs/schema.svg"])
        r = subprocess.run([DIAGC, "--check", "docs"], capture_output=True, cwd=repo, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        # A broken diagram stops the commit with its diagnostic.
        self.write("repo/docs/flows.puml", BAD)
        git("add", "docs/flows.puml")
        r = subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "broken"],
                           capture_output=True, cwd=repo, env=env, timeout=60)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn(b"flows.puml:3:", r.stderr)


    def test_preprocess_prints_the_expansion(self):
        src = self.write("p.puml", "@startuml\n!$who = \"Bob\"\n!procedure $hi($x)\nAlice -> $x : hi\n!endprocedure\n$hi($who)\n@enduml\n")
        for flag in ("-E", "--preprocess"):
            r = run(flag, src)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout.decode(), "@startuml\nAlice -> Bob : hi\n@enduml\n")
        self.assertFalse(os.path.exists(os.path.join(self.dir, "p.svg")))

    def test_c4_from_its_url_renders_offline(self):
        src = self.write("c4.puml", "@startuml\n!include https://raw.githubusercontent.com/plantuml-stdlib/"
                         "C4-PlantUML/master/C4_Container.puml\nPerson(user, \"User\")\n"
                         "Container(web, \"Web\", \"Java\")\nRel(user, web, \"uses\")\n@enduml\n")
        r = run(src)
        self.assertEqual(r.returncode, 0, r.stderr)
        svg = self.read("c4.svg").decode()
        self.assertIn("<title>web</title>", svg)

    def test_an_edited_include_makes_the_output_stale_and_is_in_the_depfile(self):
        inc = self.write("lib/names.iuml", "!$db = \"Orders\"\n")
        src = self.write("a.puml", "@startuml\n!include lib/names.iuml\ncomponent $db\n@enduml\n")
        dep = os.path.join(self.dir, "a.d")
        r = run(src, "--depfile", dep)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(dep) as f:
            self.assertIn("lib/names.iuml", f.read())
        self.assertIn("<title>Orders</title>", self.read("a.svg").decode())
        self.assertEqual(run("--check", src).returncode, 0)
        self.write("lib/names.iuml", "!$db = \"Invoices\"\n")
        r = run("--check", src)
        self.assertEqual(r.returncode, 1)
        self.assertIn("a.svg: source changed", r.stderr.decode())

    def test_an_include_outside_the_input_folder_is_refused(self):
        self.write("secret.iuml", "component Secret\n")
        src = self.write("docs/a.puml", "@startuml\n!include ../secret.iuml\n@enduml\n")
        r = run(src)
        self.assertEqual(r.returncode, 1)
        self.assertIn("outside the folders includes may read", r.stderr.decode())
        self.assertFalse(os.path.exists(os.path.join(self.dir, "docs/a.svg")))

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
        self.assertIn(b'unknown language "d2", expected one of: puml, plantuml, dbml, mermaid, mmd', r.stderr)

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
