// PlantUML preprocessing: splits a file into @start…/@end blocks and runs
// each through PlantUML's preprocessor (variables, !if/!while/!foreach,
// !function/!procedure, builtins, !include with the bundled stdlib, legacy
// !define), then decides each block's diagram kind the way PlantUML does.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "grammar/diagnostics.hpp"
#include "grammar/source.hpp"

namespace dg::grammar::puml {

/// One line of a block as the preprocessor produced it.
/// `span` covers the original text; while `substituted` is false, byte i of
/// `text` is byte span.begin + i of the source, so columns are exact.
struct Line {
  std::string text;
  Span span;
  bool substituted = false;
};

enum class Kind { kComponent, kSequence, kEr, kUnsupported };

struct Block {
  std::string tag;   ///< what follows "@start": "uml", "mindmap", "gantt" …
  std::string name;  ///< `@startuml name` (or `(id=name)`), may be empty
  Span start;        ///< the @start line
  std::vector<Line> lines;  ///< the lines between @start and @end
  bool failed = false;      ///< the preprocessor reported an error; `lines` stop there
};

/// What the command line (or the server) lets the preprocessor do.
struct PreprocessOptions {
  /// `-D NAME=VALUE`: variables defined before the first line, in order.
  std::vector<std::pair<std::string, std::string>> defines;
  /// `-I DIR`: searched after the including file's own folder.
  std::vector<std::string> include_dirs;
  /// False in `diagc serve`: only the bundled standard library may be included.
  bool allow_local_includes = true;
  /// `--allow-url-include`: fetch URL includes that no bundled copy stands in for.
  bool allow_url_includes = false;
  /// How to fetch a URL (https, bounded in size and time); set by the
  /// executable that links an HTTP client. Without it URL includes fail.
  std::function<bool(const std::string& url, std::string* body, std::string* error)> fetch_url;
};

/// Splits and preprocesses. Text outside blocks is ignored; a file with no
/// @start line at all is read as one "uml" block (as `plantuml -pipe` does).
/// Included files are added to diags.sources().
std::vector<Block> Preprocess(const SourceFile& file, Diagnostics& diags,
                              const PreprocessOptions& options = {});

/// The blocks as text (`diagc -E`): "@start<tag>", the lines, "@end<tag>".
std::string FormatPreprocessed(const std::vector<Block>& blocks);

struct KindDecision {
  Kind kind = Kind::kComponent;
  Span decided_by;       ///< the line that decided it (for "unsupported" errors)
  std::string what;      ///< human name: "sequence", "mindmap", "class" …
};

/// Guesses the kind from the block's tag and its lines alone. The compiler
/// reads the block as each kind (compiler/puml_kind.hpp) and uses this guess
/// to break ties, and to name kinds it has no reader for.
KindDecision DetectKind(const Block& block);

}  // namespace dg::grammar::puml
