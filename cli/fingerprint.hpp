// Output fingerprints: every file diagc writes records what it was made from
// (which diagc build; a hash of the source text and the output's place among
// its siblings; a hash of every option that changes output bytes) and a hash
// of its own bytes. `--check` compares them with the present, so an output
// that is already up to date is confirmed without laying it out again, a
// hand-edited or truncated one is still found stale, and the reason (source
// changed, options changed, edited by hand) can be named.
//
// Where the fingerprint lives:
//   SVG  a comment line right after the root <svg …> start tag:
//        <!-- diagc 0.1.0+1a2b3c4d5e6f text=… options=… output=… -->
//   PNG  a tEXt chunk right after IHDR, keyword "diagc", the same text.
//   PDF  the document's Keywords entry ("diagc 0.1.0+… text=…"); the
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
constexpr int kFingerprintScheme = 2;

/// XXH64 (xxHash's 64-bit hash, as specified by its reference code).
uint64_t Xxh64(std::string_view data, uint64_t seed = 0);

/// 16 lower-case hex digits.
std::string HexDigits(uint64_t value);

/// "0.1.0+1a2b3c4d5e6f": the diagc build, as recorded in every output.
std::string BuildId();

/// What output `index` of `count`, named `name` (@startuml name), made from
/// `text` with `options` depends on. Its path is a function of the command
/// line, the index and the name, so a matching fingerprint at the path an
/// output would be written to proves that output up to date.
Fingerprint SourceFingerprint(const DriverOptions& options, compiler::Language language,
                              std::string_view text, size_t index, size_t count, std::string_view name);

/// The PDF Keywords text to render with; Stamp() then fills the output hash.
std::string PdfKeywordsPlaceholder(const Fingerprint& source);

/// Adds the fingerprint to freshly rendered bytes (for PDF: fills the
/// placeholder rendered into Keywords). Bytes it cannot place a fingerprint
/// in come back unchanged, and such a file is simply never "up to date".
std::string Stamp(Format format, std::string rendered, const Fingerprint& source);

/// A file's fingerprint: who made it, from what, and the bytes as they were
/// before Stamp(). `intact` is false when the bytes no longer hash to the
/// recorded output hash: the file was edited after diagc wrote it.
struct Unstamped {
  std::string build;
  Fingerprint source;
  std::string rendered;
  bool intact = false;
};
/// nullopt when the file carries no fingerprint.
std::optional<Unstamped> Unstamp(Format format, std::string_view file);

/// True when `file` carries `source` and its bytes are exactly what Stamp()
/// made: then it is what compiling now would write.
bool IsUpToDate(Format format, std::string_view file, const Fingerprint& source);

}  // namespace dg::cli
