// Diagnostics: collected while compiling, printed as text (with a source
// excerpt and caret) or as JSON. Stages report and continue; nothing throws
// across a stage boundary.
#pragma once

#include <string>
#include <vector>

#include "grammar/source.hpp"

namespace dg::grammar {

enum class Severity { kError, kWarning, kNote };

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string code;     ///< stable id, e.g. "puml-syntax", "dbml-unknown-table"
  Span span;
  std::string message;  ///< lower-case, quotes what was found, says what was expected
  std::vector<Diagnostic> notes;
};

/// The sink for one source file (and the files it includes).
class Diagnostics {
 public:
  explicit Diagnostics(const SourceFile& file) : sources_(file) {}

  void Error(Span span, std::string code, std::string message);
  void Warning(Span span, std::string code, std::string message);
  /// Attaches a note to the last reported diagnostic.
  void Note(Span span, std::string message);
  void Add(Diagnostic d) {
    items_.push_back(std::move(d));
    Attribute(items_.back());
  }

  /// A trial (one reading of a block among several): what is reported until
  /// EndTrial is held back, with spans as the reader gave them (not yet moved
  /// to a macro's call), so the caller can tell which of its lines failed
  /// first. Replay reports the items of the trial it keeps. Trials do not nest.
  void BeginTrial();
  std::vector<Diagnostic> EndTrial();
  void Replay(std::vector<Diagnostic> items);

  bool HasErrors() const;
  size_t ErrorCount() const;
  const std::vector<Diagnostic>& items() const { return items_; }
  /// The input file.
  const SourceFile& file() const { return sources_.main(); }
  /// Every text of this compile: the input, included files, expansions.
  const SourceMap& sources() const { return sources_; }
  SourceMap& sources() { return sources_; }

 private:
  /// A span in an expanded line is reported at the call in the user's text,
  /// with one "in expansion of" note per macro, outermost first; a span in an
  /// included file gets a note at each !include that brought it in.
  void Attribute(Diagnostic& d) const;

  SourceMap sources_;
  std::vector<Diagnostic> items_;
  size_t trial_start_ = 0;
  bool in_trial_ = false;
};

/// `file:line:col: error: message`, then the source line and a caret under
/// the span; the file is the one the span falls in.
std::string FormatText(const SourceMap& sources, const Diagnostic& d);
std::string FormatText(const SourceFile& file, const Diagnostic& d);
/// One JSON object: file, line, column, end_line, end_column, severity, code, message, and
/// "notes" (each with file, line, column, end_line, end_column, severity, message) when it has any.
std::string FormatJson(const SourceMap& sources, const Diagnostic& d);
std::string FormatJson(const SourceFile& file, const Diagnostic& d);
/// Escapes a string for inclusion inside JSON double quotes.
std::string JsonEscape(std::string_view s);

}  // namespace dg::grammar
