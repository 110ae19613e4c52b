#include "cli/markdown.hpp"

#include "cli/languages.hpp"

namespace dg::cli {
namespace {

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::string_view TrimLeft(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  return s;
}

/// "```plantuml" → fence "```", info "plantuml". Up to three spaces of indent, as CommonMark.
bool ParseFence(std::string_view line, std::string* fence, std::string* info) {
  std::string_view rest = TrimLeft(line);
  if (line.size() - rest.size() > 3 || rest.size() < 3) return false;
  char c = rest[0];
  if (c != '`' && c != '~') return false;
  size_t n = rest.find_first_not_of(c);
  if (n == std::string_view::npos) n = rest.size();
  if (n < 3) return false;
  *fence = std::string(rest.substr(0, n));
  std::string_view word = TrimLeft(rest.substr(n));
  size_t end = word.find_first_of(" \t{\r");
  *info = std::string(word.substr(0, end));
  return true;
}

/// A fence's info word names a diagram language as --language does (kLanguages).
bool DiagramLanguage(const std::string& info, compiler::Language* language) {
  std::optional<compiler::Language> named = LanguageFromName(info);
  if (named) *language = *named;
  return named.has_value();
}

bool ClosesFence(std::string_view line, const std::string& fence) {
  std::string_view rest = TrimLeft(line);
  while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\r')) rest.remove_suffix(1);
  return rest.size() >= fence.size() && rest.find_first_not_of(fence[0]) == std::string_view::npos;
}

}  // namespace

std::vector<FencedDiagram> FindFencedDiagrams(std::string_view markdown) {
  std::vector<std::string_view> lines = SplitLines(markdown);
  std::vector<FencedDiagram> blocks;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string fence, info;
    if (!ParseFence(lines[i], &fence, &info)) continue;
    size_t close = i + 1;
    while (close < lines.size() && !ClosesFence(lines[close], fence)) ++close;
    FencedDiagram block;
    if (DiagramLanguage(info, &block.language)) {
      block.open_line = i;
      block.close_line = std::min(close, lines.size() - 1);
      block.padded_text.assign(i + 1, '\n');
      for (size_t k = i + 1; k < close; ++k) block.padded_text.append(lines[k]).append("\n");
      blocks.push_back(std::move(block));
    }
    i = close;  // code blocks of other languages are skipped whole
  }
  return blocks;
}

std::string RewriteMarkdown(std::string_view markdown, const std::vector<FencedDiagram>& blocks,
                            const std::vector<std::string>& image_paths) {
  std::vector<std::string_view> lines = SplitLines(markdown);
  std::string out;
  size_t next = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (next < blocks.size() && i == blocks[next].open_line) {
      out += "![diagram](" + image_paths[next] + ")\n";
      i = blocks[next].close_line;
      ++next;
      continue;
    }
    out.append(lines[i]).append("\n");
  }
  if (!markdown.empty() && markdown.back() != '\n' && !out.empty()) out.pop_back();
  return out;
}

}  // namespace dg::cli
