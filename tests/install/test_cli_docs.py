#!/usr/bin/env python3
"""The man page and the bash, zsh and fish completions list exactly the
options `--help` lists, for diagc and each of its commands (serve, encode,
decode). They are generated from the same CLI11 apps (cli/cli_docs.hpp); this
proves it from the outside, by running each shell's completion for real where
the shell can be driven (bash, fish) and reading the specs where it cannot (zsh).

usage: test_cli_docs.py PATH/TO/diagc DOCS_DIR
  DOCS_DIR holds diagc.1, diagc.bash, _diagc and diagc.fish (build/docs, or
  an installed prefix's files gathered by tests/install/run.sh).
"""
import os
import re
import shutil
import subprocess
import sys
import unittest

DIAGC = None
DOCS = None
COMMANDS = ["", "serve", "encode", "decode"]


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, timeout=60, **kw)


def help_options(command):
    """Every option name in `diagc [command] --help`'s option column."""
    args = [DIAGC] + ([command] if command else []) + ["--help"]
    out = run(args).stdout
    names = set()
    for line in out.splitlines():
        m = re.match(r"^\s{2}(-[^\s]+)", line)
        if m:
            names.update(n for n in m.group(1).split(",") if n.startswith("-"))
    return names


def man_sections():
    """{command: option names} from diagc.1: OPTIONS, then each .SS "diagc NAME"."""
    text = open(os.path.join(DOCS, "diagc.1"), encoding="utf-8").read()
    sections, current, in_options = {}, None, False
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith(".SH"):
            in_options = line.strip() in (".SH OPTIONS", ".SH COMMANDS")
            current = "" if line.strip() == ".SH OPTIONS" else None
        elif line.startswith(".SS"):
            current = line.split('"')[1].replace("diagc", "", 1).strip()
        elif line == ".TP" and in_options and current is not None:
            names = re.findall(r"\\fB(\\-[^\\]*(?:\\-[^\\]*)*)\\fR", lines[i + 1])
            sections.setdefault(current, set()).update(n.replace("\\-", "-") for n in names)
    return sections


def bash_completions(words):
    """What bash's completion function offers for the command line `words`."""
    script = (f"source {DOCS}/diagc.bash\n"
              f"COMP_WORDS=({' '.join(words)}); COMP_CWORD={len(words) - 1}\n"
              "_diagc; printf '%s\\n' \"${COMPREPLY[@]}\"\n")
    return set(run(["bash", "--norc", "-c", script]).stdout.split())


def fish_completions(line):
    out = run(["fish", "--no-config", "-c", f"source {DOCS}/diagc.fish; complete -C '{line}'"]).stdout
    return {entry.split("\t")[0] for entry in out.splitlines()}


def zsh_specs():
    """{command: option names} from the _arguments specs of _diagc."""
    text = open(os.path.join(DOCS, "_diagc"), encoding="utf-8").read()
    specs, current = {}, None
    for line in text.splitlines():
        m = re.match(r"^  ('?)([a-z]*)\1\)$", line)
        if m:
            current = m.group(2)
            continue
        m = re.match(r"^\s+'\*(-[^\[]+)\[", line)
        if m and current is not None:
            specs.setdefault(current, set()).add(m.group(1))
    return specs


class CliDocs(unittest.TestCase):
    def test_help_lists_options(self):
        # The comparison below means nothing if --help could not be read.
        self.assertIn("--output", help_options(""))
        self.assertIn("--port", help_options("serve"))
        self.assertIn("--kroki", help_options("encode"))

    def test_man_page_lists_exactly_the_help_options(self):
        sections = man_sections()
        for command in COMMANDS:
            with self.subTest(command=command or "diagc"):
                self.assertEqual(sections.get(command, set()), help_options(command))

    def test_man_page_renders_without_warnings(self):
        if not shutil.which("groff"):
            self.skipTest("groff not installed")
        r = run(["groff", "-man", "-ww", "-z", os.path.join(DOCS, "diagc.1")])
        self.assertEqual(r.stderr, "")
        self.assertEqual(r.returncode, 0)

    def test_bash_completes_exactly_the_help_options(self):
        for command in COMMANDS:
            with self.subTest(command=command or "diagc"):
                words = ["diagc"] + ([command] if command else []) + ["-"]
                self.assertEqual(bash_completions(words), help_options(command))

    def test_bash_completes_values_and_commands(self):
        self.assertEqual(bash_completions(["diagc", "--diagnostics-format", "j"]), {"json"})
        self.assertTrue({"serve", "encode", "decode"} <= bash_completions(["diagc", "''"]))

    def test_zsh_specs_are_exactly_the_help_options(self):
        if not shutil.which("zsh"):
            self.skipTest("zsh not installed")
        r = run(["zsh", "-n", os.path.join(DOCS, "_diagc")])
        self.assertEqual((r.returncode, r.stderr), (0, ""))
        specs = zsh_specs()
        for command in COMMANDS:
            with self.subTest(command=command or "diagc"):
                self.assertEqual(specs.get(command, set()), help_options(command))

    def test_fish_completes_exactly_the_help_options(self):
        if not shutil.which("fish"):
            self.skipTest("fish not installed")
        for command in COMMANDS:
            with self.subTest(command=command or "diagc"):
                prefix = "diagc " + (command + " " if command else "")
                offered = fish_completions(prefix + "-") | fish_completions(prefix + "--")
                self.assertEqual(offered, help_options(command))


if __name__ == "__main__":
    DIAGC, DOCS = sys.argv[1], sys.argv[2]
    unittest.main(argv=sys.argv[:1], verbosity=2)
