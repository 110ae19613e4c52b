// Test helper: builds a preprocessed Block by hand (one Line per source line,
// @startuml/@enduml and ' comments dropped), so sequence tests do not depend
// on the preprocessor.
#pragma once

#include <string>

#include "grammar/puml_preprocess.hpp"
#include "grammar/source.hpp"

namespace dg::testing {

inline grammar::puml::Block BlockOf(const grammar::SourceFile& file) {
  grammar::puml::Block block;
  block.tag = "uml";
  bool in_comment = false;
  for (uint32_t i = 1; i <= file.LineCount(); ++i) {
    std::string_view text = file.LineText(i);
    size_t b = text.find_first_not_of(" \t");
    std::string_view t = b == std::string_view::npos ? "" : text.substr(b);
    if (in_comment) {
      if (t.find("'/") != std::string_view::npos) in_comment = false;
      continue;
    }
    if (t.starts_with("/'")) {
      in_comment = t.find("'/", 2) == std::string_view::npos;
      continue;
    }
    if (t.starts_with("@start") || t.starts_with("@end") || t.starts_with("'")) continue;
    uint32_t start = file.LineStart(i);
    block.lines.push_back({std::string(text), {start, start + static_cast<uint32_t>(text.size())}, false});
  }
  return block;
}

}  // namespace dg::testing
