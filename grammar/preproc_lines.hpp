// The lines the preprocessor runs: a file's physical lines with comments
// blanked and continuation lines ("\" at the end) joined, as PlantUML reads
// them before any directive.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "grammar/source.hpp"

namespace dg::grammar::puml::preproc {

/// One line to run. `span` is relative to its file's text; while `exact`,
/// byte i of `text` is byte span.begin + i of the file (columns are exact).
struct SrcLine {
  std::string text;
  Span span;
  bool exact = true;
};
using Lines = std::vector<SrcLine>;

/// Physical line i of a file: its text and offset.
struct RawLine {
  std::string_view text;
  uint32_t begin = 0;
};
std::vector<RawLine> SplitLines(const SourceFile& file);

/// Reads raw lines [first, end) into runnable lines.
Lines ReadLines(const std::vector<RawLine>& raw, size_t first, size_t end);

/// "@startuml name" → tag "uml", name "name"; also `@startuml(id=name)`.
bool ParseStart(std::string_view line, std::string* tag, std::string* name);
bool IsEnd(std::string_view line);

/// The lines an !include of `file` reads: the whole file, or, when it holds
/// @start…@end blocks, the first block's — or the block `selector` names (a
/// number from 0 or an @startuml id). nullptr when the selector matches none.
std::shared_ptr<const Lines> IncludeLines(const SourceFile& file, std::string_view selector);

}  // namespace dg::grammar::puml::preproc
