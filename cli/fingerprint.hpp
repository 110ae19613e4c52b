// Output fingerprints: every file diagc writes records what it was made from
// (the source fingerprint: diagc's version, every option that changes output
// bytes, the source text, the output's place among its siblings) and a hash
// of its own bytes. `--check` compares both with the present, so an output
// that is already up to date is confirmed without laying it out again, and a
// hand-edited or truncated one is still found stale.
//
// Where the fingerprint lives:
//   SVG  a comment line right after the root <svg …> start tag:
//        <!-- diagc source=0123456789abcdef output=fedcba9876543210 -->
//   PNG  a tEXt chunk right after IHDR, keyword "diagc", the same text.
//   PDF  the document's Keywords entry ("diagc source=… output=…"); the
//        output hash is taken with its own 16 digits as zeros and then
//        written over them, so no byte offset of the PDF moves.
// The hash is XXH64: well known, fast (the check hashes every output), no
// crypto library at start-up; it tells "changed" from "unchanged" and is not
// meant to resist forgery.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cli/driver.hpp"
#include "compiler/compile.hpp"

namespace dg::cli {

/// Bumped whenever what the fingerprint covers changes meaning.
constexpr int kFingerprintScheme = 1;

/// XXH64 (xxHash's 64-bit hash, as specified by its reference code).
uint64_t Xxh64(std::string_view data, uint64_t seed = 0);

/// 16 lower-case hex digits.
std::string HexDigits(uint64_t value);

/// What output `index` of `count`, named `name` (@startuml name), made from
/// `text` (the input and the files it included) with `options` depends on. Its path is a function of the command
/// line, the index and the name, so a matching fingerprint at the path an
/// output would be written to proves that output up to date.
uint64_t SourceFingerprint(const DriverOptions& options, compiler::Language language,
                           std::string_view text, size_t index, size_t count, std::string_view name);

/// The PDF Keywords text to render with; Stamp() then fills the output hash.
std::string PdfKeywordsPlaceholder(uint64_t source);

/// Adds the fingerprint to freshly rendered bytes (for PDF: fills the
/// placeholder rendered into Keywords). Bytes it cannot place a fingerprint
/// in come back unchanged, and such a file is simply never "up to date".
std::string Stamp(Format format, std::string rendered, uint64_t source);

/// Reads a file's fingerprint: the recorded source fingerprint, and the
/// bytes as they were before Stamp(). nullopt when there is none.
struct Unstamped {
  uint64_t source = 0;
  std::string rendered;
};
std::optional<Unstamped> Unstamp(Format format, std::string_view file);

/// True when `file` carries `source` and its bytes are exactly what Stamp()
/// made: then it is what compiling now would write.
bool IsUpToDate(Format format, std::string_view file, uint64_t source);

}  // namespace dg::cli
