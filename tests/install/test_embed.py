#!/usr/bin/env python3
"""The embedding API through its C ABI, driven by the ctypes example
(examples/embed/diagc_ctypes.py): the same bytes and diagnostics as the diagc
command, PNG only with the raster component, bad options as diagnostics.

usage: test_embed.py PATH/TO/diagc LIB_DIR
  LIB_DIR holds libdiagc.so.0 and libdiagc-raster.so.0 (build/api, or an
  installed prefix's lib directory).
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "examples", "embed"))
import diagc_ctypes  # noqa: E402

DIAGC = None
LIB_DIR = None

GOOD = """@startuml
package "Frontend" {
  [Web App] as WebApp
}
database "User DB" as UserDB
WebApp --> UserDB : reads
@enduml
"""
BAD = "@startuml\n[A] --> [B]\nGateway -> -> UserSvc\n@enduml\n"
TWO = "@startuml\n[A] --> [B]\n@enduml\n@startuml named\n[C] --> [D]\n@enduml\n"
C4 = "@startuml\n!include <C4/C4_Container>\nPerson(u, \"User\")\nSystem(s, \"Shop\")\nRel(u, s, \"buys\")\n@enduml\n"


def cli(*args, stdin=None):
    return subprocess.run([DIAGC, *args], input=stdin, capture_output=True, timeout=120)


class Embed(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.lib = diagc_ctypes.Diagc(LIB_DIR)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def source(self, name, text):
        path = os.path.join(self.tmp.name, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def test_svg_is_the_clis(self):
        for name, text, options in [("a.puml", GOOD, {}), ("c4.puml", C4, {}),
                                    ("t.puml", GOOD, {"theme": "neutral", "id_prefix": "x-"})]:
            with self.subTest(name=name, options=options):
                path = self.source(name, text)
                flags = [f"--{k.replace('_', '-')}={v}" for k, v in options.items()]
                expected = cli(path, "-o", "-", *flags)
                self.assertEqual(expected.returncode, 0, expected.stderr)
                result = self.lib.compile(text, file_name=path, **options)
                self.assertTrue(result.ok, result.diagnostics)
                self.assertEqual(result.outputs[0].data, expected.stdout)
                self.assertEqual(result.outputs[0].format, "svg")

    def test_outputs_are_named_as_the_cli_names_them(self):
        path = self.source("two.puml", TWO)
        listed = cli("--list-outputs", path).stdout.decode().split()
        result = self.lib.compile(TWO, file_name=path)
        self.assertEqual([o.name for o in result.outputs], listed)
        self.assertEqual(len(listed), 2)

    def test_diagnostics_are_the_clis(self):
        path = self.source("bad.puml", BAD)
        printed = cli("--diagnostics-format", "json", path, "-o", "-")
        self.assertEqual(printed.returncode, 1)
        expected = [json.loads(line) for line in printed.stderr.decode().splitlines()]
        result = self.lib.compile(BAD, file_name=path)
        self.assertFalse(result.ok)
        self.assertEqual(result.outputs, [])
        self.assertEqual([(d.file, d.line, d.column, d.severity, d.code, d.message) for d in result.diagnostics],
                         [(e["file"], e["line"], e["column"], e["severity"], e["code"], e["message"]) for e in expected])

    def test_png_needs_the_raster_component(self):
        result = self.lib.compile(GOOD, format="png")
        self.assertFalse(result.ok)
        self.assertEqual([d.code for d in result.diagnostics], ["raster-unavailable"])

    def test_png_and_pdf_with_raster_are_the_clis(self):
        # A process of its own: loading libdiagc-raster enables PNG for the whole process.
        path = self.source("r.puml", GOOD)
        for fmt in ("png", "pdf"):
            with self.subTest(format=fmt):
                mine = subprocess.run([sys.executable, os.path.join(HERE, "..", "..", "examples", "embed", "diagc_ctypes.py"),
                                       "--lib", LIB_DIR, "--raster", "--set", f"format={fmt}", path, "-"],
                                      capture_output=True, timeout=120)
                self.assertEqual(mine.returncode, 0, mine.stderr)
                expected = cli(path, "-T", fmt, "-o", "-")
                self.assertEqual(mine.stdout, expected.stdout)
                self.assertTrue(mine.stdout.startswith(b"\x89PNG" if fmt == "png" else b"%PDF"))

    def test_bad_option_values_are_diagnostics(self):
        result = self.lib.compile(GOOD, theme="no-such-theme")
        self.assertFalse(result.ok)
        self.assertEqual([(d.code, d.line) for d in result.diagnostics], [("invalid-option", 0)])
        self.assertIn("no-such-theme", result.diagnostics[0].message)

    def test_unknown_option_keys_are_refused(self):
        with self.assertRaises(ValueError):
            self.lib.compile(GOOD, colour="red")

    def test_version_is_the_clis(self):
        printed = cli("--version").stdout.decode()
        self.assertIn(self.lib.version().split("+")[0], printed)
        self.assertIn(self.lib.version().split("+")[1], printed)


if __name__ == "__main__":
    DIAGC, LIB_DIR = sys.argv[1], sys.argv[2]
    unittest.main(argv=sys.argv[:1], verbosity=2)
