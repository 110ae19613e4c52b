// PlantUML preprocessing: the file's @start…@end blocks, each run through
// the preprocessor (preproc_engine.cpp) with state of its own, as PlantUML
// runs each block. Kind detection lives in puml_detect.cpp.
#include "grammar/puml_preprocess.hpp"

#include <algorithm>

#include "grammar/preproc_engine.hpp"
#include "grammar/preproc_include.hpp"
#include "grammar/preproc_lines.hpp"

namespace dg::grammar::puml {

std::vector<Block> Preprocess(const SourceFile& file, Diagnostics& diags, const PreprocessOptions& options) {
  std::vector<preproc::RawLine> raw = preproc::SplitLines(file);
  preproc::IncludeResolver includes(options, file.name());
  auto run = [&](Block& block, size_t first, size_t end) {
    preproc::Engine engine(diags, options, includes);
    size_t errors_before = diags.ErrorCount();
    engine.RunBlock(std::make_shared<const preproc::Lines>(preproc::ReadLines(raw, first, end)), &block.lines);
    block.failed = diags.ErrorCount() > errors_before;
  };
  std::vector<Block> blocks;
  std::string tag, name;
  bool any_start = std::any_of(raw.begin(), raw.end(),
                               [&](const preproc::RawLine& r) { return preproc::ParseStart(r.text, &tag, &name); });
  if (!any_start) {
    blocks.push_back({"uml", "", {0, 0}, {}, false});
    run(blocks.back(), 0, raw.size());
    return blocks;
  }
  for (size_t i = 0; i < raw.size(); ++i) {
    Block block;
    if (!preproc::ParseStart(raw[i].text, &block.tag, &block.name)) continue;
    block.start = {raw[i].begin, raw[i].begin + static_cast<uint32_t>(raw[i].text.size())};
    size_t end = i + 1;
    while (end < raw.size() && !preproc::IsEnd(raw[end].text)) ++end;
    run(block, i + 1, end);
    if (end == raw.size()) {
      // PlantUML draws nothing for such a block ("No diagram found"): a
      // truncated file must not pass as a smaller diagram.
      diags.Error(block.start, "puml-unterminated",
                  "\"@start" + block.tag + "\" has no matching \"@end" + block.tag +
                      "\": expected \"@end" + block.tag + "\" before the end of the file");
    }
    blocks.push_back(std::move(block));
    i = end;
  }
  return blocks;
}

std::string FormatPreprocessed(const std::vector<Block>& blocks) {
  std::string out;
  for (const Block& block : blocks) {
    out += "@start" + block.tag + (block.name.empty() ? "" : " " + block.name) + "\n";
    for (const Line& line : block.lines) out += line.text + "\n";
    out += "@end" + block.tag + "\n";
  }
  return out;
}

}  // namespace dg::grammar::puml
