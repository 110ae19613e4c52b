// Fenced ```plantuml / ```puml / ```dbml / ```mermaid blocks in Markdown, rendered to
// images the way mermaid-cli does for Mermaid.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "compiler/compile.hpp"

namespace dg::cli {

struct FencedDiagram {
  compiler::Language language = compiler::Language::kPlantUml;
  size_t open_line = 0;   ///< 0-based line of the opening fence
  size_t close_line = 0;  ///< 0-based line of the closing fence (or last line if unclosed)
  /// The Markdown with every line outside the block blanked, so diagnostics
  /// carry the Markdown file's own line numbers.
  std::string padded_text;
};

std::vector<FencedDiagram> FindFencedDiagrams(std::string_view markdown);

/// Replaces each block by an image reference to the matching path (relative
/// to the Markdown file), keeping the rest byte for byte.
std::string RewriteMarkdown(std::string_view markdown, const std::vector<FencedDiagram>& blocks,
                            const std::vector<std::string>& image_paths);

}  // namespace dg::cli
