#!/usr/bin/env python3
"""diagc from Python through its C ABI (<diagc/diagc.h>), with nothing but ctypes.

    from diagc_ctypes import Diagc
    diagc = Diagc()                       # libdiagc from the loader's path, or Diagc("/opt/diagc/lib")
    result = diagc.compile("@startuml\\nA -> B\\n@enduml\\n", theme="neutral")
    for d in result.diagnostics: print(d)
    if result.ok: open("a.svg", "wb").write(result.outputs[0].data)

As a command (the tests run it so):
    diagc_ctypes.py [--lib DIR] [--raster] [--set KEY=VALUE ...] FILE|- [OUT|-]
writes the first picture to OUT (default: stdout), diagnostics to stderr as
file:line:col: severity: message, and exits 1 when there are errors.
Options are <diagc/diagc.h>'s keys: language, format, theme, dark-theme,
id-prefix, file-name, include-dir, lenient, scale.
"""
import ctypes
import ctypes.util
import os
import sys
from dataclasses import dataclass, field


class _Diagnostic(ctypes.Structure):
    _fields_ = [("severity", ctypes.c_int), ("code", ctypes.c_char_p), ("message", ctypes.c_char_p),
                ("file", ctypes.c_char_p), ("line", ctypes.c_int), ("column", ctypes.c_int),
                ("end_line", ctypes.c_int), ("end_column", ctypes.c_int)]


SEVERITIES = ["error", "warning", "note"]


@dataclass
class Diagnostic:
    severity: str
    code: str
    message: str
    file: str
    line: int
    column: int

    def __str__(self):
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message}"


@dataclass
class Output:
    name: str
    format: str
    data: bytes


@dataclass
class Result:
    ok: bool
    outputs: list = field(default_factory=list)
    diagnostics: list = field(default_factory=list)


def _load(name, directory):
    if directory:
        return ctypes.CDLL(os.path.join(directory, f"lib{name}.so.0"))
    found = ctypes.util.find_library(name)
    if not found:
        raise OSError(f"lib{name} not found: install diagc or pass its lib directory")
    return ctypes.CDLL(found)


class Diagc:
    def __init__(self, lib_dir=None, raster=False):
        lib = self._lib = _load("diagc", lib_dir)
        if raster:  # loading libdiagc-raster makes PNG and PDF available
            self._raster = _load("diagc-raster", lib_dir)
        lib.diagc_options_new.restype = ctypes.c_void_p
        lib.diagc_options_set.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p]
        lib.diagc_options_free.argtypes = [ctypes.c_void_p]
        lib.diagc_compile.restype = ctypes.c_void_p
        lib.diagc_compile.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_void_p]
        lib.diagc_result_ok.argtypes = [ctypes.c_void_p]
        lib.diagc_result_output_count.restype = ctypes.c_size_t
        lib.diagc_result_output_count.argtypes = [ctypes.c_void_p]
        lib.diagc_result_output.restype = ctypes.c_void_p
        lib.diagc_result_output.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.POINTER(ctypes.c_size_t)]
        for getter in (lib.diagc_result_output_name, lib.diagc_result_output_format):
            getter.restype = ctypes.c_char_p
            getter.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
        lib.diagc_result_diagnostic_count.restype = ctypes.c_size_t
        lib.diagc_result_diagnostic_count.argtypes = [ctypes.c_void_p]
        lib.diagc_result_diagnostic.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.POINTER(_Diagnostic)]
        lib.diagc_result_free.argtypes = [ctypes.c_void_p]
        lib.diagc_version.restype = ctypes.c_char_p

    def version(self):
        return self._lib.diagc_version().decode()

    def compile(self, text, **options):
        """options: keyword arguments named as <diagc/diagc.h>'s keys, "_" for "-"."""
        lib = self._lib
        handle = lib.diagc_options_new()
        try:
            for key, value in options.items():
                values = value if isinstance(value, list) else [value]
                for v in values:
                    v = str(v).lower() if isinstance(v, bool) else str(v)
                    if lib.diagc_options_set(handle, key.replace("_", "-").encode(), v.encode()) != 0:
                        raise ValueError(f"diagc: bad option {key}={value}")
            source = text.encode() if isinstance(text, str) else text
            result = lib.diagc_compile(source, len(source), handle)
        finally:
            lib.diagc_options_free(handle)
        try:
            return self._read(result)
        finally:
            lib.diagc_result_free(result)

    def _read(self, result):
        lib = self._lib
        out = Result(ok=bool(lib.diagc_result_ok(result)))
        for i in range(lib.diagc_result_output_count(result)):
            size = ctypes.c_size_t()
            data = ctypes.string_at(lib.diagc_result_output(result, i, ctypes.byref(size)), size.value)
            out.outputs.append(Output(lib.diagc_result_output_name(result, i).decode(),
                                      lib.diagc_result_output_format(result, i).decode(), data))
        for i in range(lib.diagc_result_diagnostic_count(result)):
            d = _Diagnostic()
            lib.diagc_result_diagnostic(result, i, ctypes.byref(d))
            out.diagnostics.append(Diagnostic(SEVERITIES[d.severity], d.code.decode(), d.message.decode(),
                                              d.file.decode(), d.line, d.column))
        return out


def main(argv):
    lib_dir, raster, options, paths = None, False, {}, []
    args = iter(argv)
    for arg in args:
        if arg == "--lib":
            lib_dir = next(args)
        elif arg == "--raster":
            raster = True
        elif arg == "--set":
            key, _, value = next(args).partition("=")
            options.setdefault(key, []).append(value)
        else:
            paths.append(arg)
    if not paths or len(paths) > 2:
        print(__doc__, file=sys.stderr)
        return 2
    source = sys.stdin.buffer.read() if paths[0] == "-" else open(paths[0], "rb").read()
    if paths[0] != "-":
        options.setdefault("file-name", [paths[0]])
    result = Diagc(lib_dir, raster).compile(source, **options)
    for d in result.diagnostics:
        print(d, file=sys.stderr)
    if not result.ok:
        return 1
    target = paths[1] if len(paths) == 2 else "-"
    data = result.outputs[0].data
    if target == "-":
        sys.stdout.buffer.write(data)
    else:
        open(target, "wb").write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
