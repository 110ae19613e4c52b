#!/usr/bin/env python3
"""End-to-end tests of what diagc draws (issue 10, "Pictures"): warnings for
options and text it cannot draw, empty inputs, fonts in PNG and PDF.

usage: test_pictures.py PATH/TO/diagc
"""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

DIAGC = None

GOOD = "@startuml\n[A] --> [B]\n@enduml\n"


def run(*args, stdin=None):
    return subprocess.run([DIAGC, *args], input=stdin, capture_output=True, timeout=60)


class PicturesTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="diagc_pictures_")

    def tearDown(self):
        shutil.rmtree(self.dir)

    def path(self, name):
        return os.path.join(self.dir, name)

    def write(self, name, text):
        with open(self.path(name), "w", encoding="utf-8") as f:
            f.write(text)
        return self.path(name)

    def test_empty_file_is_an_error_and_writes_nothing(self):
        for text in ("", "\n\n", "' only a comment\n", "@startuml\n@enduml\n"):
            src = self.write("empty.puml", text)
            r = run(src, "-o", self.path("empty.svg"))
            self.assertEqual(r.returncode, 1, text)
            self.assertIn("empty.puml:1:1: error: no diagram found", r.stderr.decode())
            self.assertFalse(os.path.exists(self.path("empty.svg")))

    def test_settings_alone_are_no_diagram(self):
        # PlantUML 1.2020 draws its welcome page or an empty image for these;
        # an empty picture in a docs folder would hide the mistake.
        for text in ("@startuml\nskinparam monochrome true\n@enduml\n",
                     "@startuml\n!theme plain\n@enduml\n",
                     "@startuml\n!theme plain\nskinparam component {\n  BackgroundColor red\n}\n@enduml\n",
                     "@startuml\n<style>\ncomponent {\n  LineColor blue\n}\n</style>\nhide stereotype\n"
                     "left to right direction\nscale 2\n@enduml\n"):
            src = self.write("settings.puml", text)
            r = run(src, "-o", self.path("settings.svg"))
            err = r.stderr.decode()
            self.assertEqual(r.returncode, 1, text)
            self.assertIn("settings.puml:1:1: error: no diagram found: nothing to draw between @startuml and @enduml",
                          err)
            self.assertEqual(err.count(": error: "), 1, err)
            self.assertFalse(os.path.exists(self.path("settings.svg")))
        # One element after the settings is a diagram.
        src = self.write("one.puml", "@startuml\nskinparam component {\n  BackgroundColor red\n}\n[A]\n@enduml\n")
        r = run(src, "-o", self.path("one.svg"))
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_dark_theme_with_png_or_pdf_warns(self):
        src = self.write("a.puml", GOOD)
        for ext in ("png", "pdf"):
            r = run("--dark-theme", "dark", src, "-o", self.path("a." + ext))
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stderr.decode().count("warning: --dark-theme is ignored for " +
                                                     ext.upper()), 1, r.stderr)
        r = run("--dark-theme", "dark", src, "-o", self.path("a.svg"))
        self.assertEqual((r.returncode, r.stderr), (0, b""))

    def test_page_and_lastpage_are_numbered_per_page(self):
        src = self.write("pages.puml", "@startuml\nheader Page %page% of %lastpage%\n"
                         "footer %page%/%lastpage%\nA -> B : one\nnewpage\nA -> B : two\n"
                         "newpage Third, page %page%\nA -> B : three\n@enduml\n")
        r = run(src, "-o", self.path("out"))
        self.assertEqual(r.returncode, 0, r.stderr)
        for page, name in enumerate(("pages.svg", "pages_001.svg", "pages_002.svg"), 1):
            with open(self.path("out/" + name), encoding="utf-8") as f:
                svg = f.read()
            self.assertIn(">Page %d of 3</text>" % page, svg)
            self.assertIn(">%d/3</text>" % page, svg)
            self.assertNotIn("%page%", svg)
            self.assertEqual(page == 3, ">Third, page 3</text>" in svg)
        one = self.write("one.puml", "@startuml\nfooter %page% of %lastpage%\n[A] --> [B]\n@enduml\n")
        self.assertIn(b">1 of 1</text>", run(one, "-o", "-").stdout)

    def test_cjk_and_emoji_need_no_warning_and_missing_glyphs_are_named(self):
        src = self.write("cjk.puml", "@startuml\n[注文 주문 📦] --> [B]\n@enduml\n")
        for ext in ("svg", "png", "pdf"):
            r = run(src, "-o", self.path("cjk." + ext))
            self.assertEqual((r.returncode, r.stderr), (0, b""), ext)
        src = self.write("rare.puml", "@startuml\n[A] --> [B] : ok\nnote right of B : x \U00020000\n@enduml\n")
        r = run(src, "-o", self.path("rare.png"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn('rare.puml:3:21: warning: no bundled font has U+20000 "\U00020000"',
                      r.stderr.decode())
        many = "".join(chr(0x20000 + i) for i in range(7))
        src = self.write("many.puml", "@startuml\n[%s] --> [B]\n@enduml\n" % many)
        stderr = run(src, "-o", self.path("many.svg")).stderr.decode()
        self.assertEqual(stderr.count("warning: no bundled font has"), 5, stderr)
        self.assertIn("many.puml:2:6: warning: no bundled font has U+20004", stderr)
        self.assertIn("warning: 2 more characters have no glyph in the bundled fonts", stderr)

    def test_one_bad_line_in_a_sequence_diagram_is_the_only_error(self):
        src = self.write("seq.puml", "@startuml\nparticipant Browser\nparticipant API as api\n"
                         "database DB as db\nBrowser -> api : GET /orders\nactivate api\n"
                         "api => db : SELECT\ndb --> api : rows\ndeactivate api\n@enduml\n")
        r = run(src, "-o", self.path("seq.svg"))
        self.assertEqual(r.returncode, 1)
        errors = [l for l in r.stderr.decode().splitlines() if ": error: " in l]
        self.assertEqual(len(errors), 1, r.stderr)
        self.assertTrue(errors[0].startswith(src + ":7:5: error: expected an arrow"), errors[0])


if __name__ == "__main__":
    DIAGC = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=1)
