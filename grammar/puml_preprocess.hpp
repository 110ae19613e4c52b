// PlantUML preprocessing: splits a file into @start…/@end blocks, removes
// comments, applies !define substitutions, joins continued lines, and
// decides each block's diagram kind the way PlantUML does.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "grammar/diagnostics.hpp"
#include "grammar/source.hpp"

namespace dg::grammar::puml {

/// One logical line of a block, comments removed and !define applied.
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
};

/// Splits and preprocesses. Text outside blocks is ignored; a file with no
/// @start line at all is read as one "uml" block (as `plantuml -pipe` does).
std::vector<Block> Preprocess(const SourceFile& file, Diagnostics& diags,
                              const PreprocessOptions& options = {});

struct KindDecision {
  Kind kind = Kind::kComponent;
  Span decided_by;       ///< the line that decided it (for "unsupported" errors)
  std::string what;      ///< human name: "sequence", "mindmap", "class" …
};

/// Decides the kind from the block's tag and content, as PlantUML does
/// (first line that only one diagram kind accepts wins).
KindDecision DetectKind(const Block& block);

}  // namespace dg::grammar::puml
